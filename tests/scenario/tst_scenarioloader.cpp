#include "scenario/jsonsourcemap.h"
#include "scenario/scenarioloader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using namespace scenario;

class tst_ScenarioLoader : public QObject
{
    Q_OBJECT

private slots:
    void malformedFilesNameWhereAndWhat_data();
    void malformedFilesNameWhereAndWhat();
    void docsExampleError();
    void builtInScenariosLoad_data();
    void builtInScenariosLoad();
    void fullExampleRoundTrips();
    void minimalFileGetsDefaults();
    void loadFileReportsUnreadableFiles();
    void schemaIsEmbedded();
    void sourceMapPositions();
};

void tst_ScenarioLoader::malformedFilesNameWhereAndWhat_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("errors");

    QTest::addRow("syntax: missing comma") << QByteArray("{\"name\": \"x\"\n \"groups\": []}")
             << QStringList{QString::fromUtf8(R"err(t.json:2:2: JSON syntax error: expected ',' or '}', got '"')err")};
    QTest::addRow("syntax: trailing comma") << QByteArray(R"json({"name": "x",})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:14: JSON syntax error: expected '"' starting a key, got '}')err")};
    QTest::addRow("syntax: end of file") << QByteArray(R"json({"name": "x")json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:13: JSON syntax error: expected ',' or '}', got end of file)err")};
    QTest::addRow("syntax: bad literal") << QByteArray(R"json({"name": tru})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:10: JSON syntax error: expected a value (object, array, string, number, true, false or null), got 't')err")};
    QTest::addRow("syntax: missing colon") << QByteArray(R"json({"name" "x"})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:9: JSON syntax error: expected ':' after the key "name", got '"')err")};
    QTest::addRow("syntax: unterminated string") << QByteArray(R"json({"name": "x)json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:12: JSON syntax error: expected '"' closing the string, got end of file)err")};
    QTest::addRow("syntax: garbage after") << QByteArray(R"json({"name": "x"} x)json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:15: JSON syntax error: expected end of file after the top-level value, got 'x')err")};
    QTest::addRow("syntax: leading zero") << QByteArray(R"json({"name": 01})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:11: JSON syntax error: expected ',' or '}', got '1')err")};
    QTest::addRow("syntax: empty file") << QByteArray(R"json()json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:1: JSON syntax error: expected a value (object, array, string, number, true, false or null), got end of file)err")};
    QTest::addRow("not an object") << QByteArray(R"json([1, 2])json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:1: $: expected a scenario object with "name" and "groups", got an array)err")};
    QTest::addRow("unknown key at top level") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "grups": 1})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:61: $.grups: unknown key "grups" (expected one of: name, description, target, token, headers, insecure, sourceAddresses, duration, workers, seed, server, jwt, groups, faults, thresholds))err")};
    QTest::addRow("unknown key in a group") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clinets": 1, "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:45: $.groups[0].clinets: unknown key "clinets" (expected one of: name, protocol, channel, channels, clients, arrivalRate, phases, send, churn, reconnect, resume, readPaused, user, pollTimeout, path, headers, url, subprotocols, method, body, onOpen, script, transport, namespace, auth, connectionInit, connectionAckTimeout, keepAlive, subscribe, receive))err")};
    QTest::addRow("unknown key in phases") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "phases": {"hold": "1s", "ramp": "1s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:84: $.groups[0].phases.ramp: unknown key "ramp" (expected one of: delay, rampUp, hold, rampDown))err")};
    QTest::addRow("unknown key in reconnect") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "reconnect": {"delay": "1s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:73: $.groups[0].reconnect.delay: unknown key "delay" (expected one of: initialDelay, multiplier, maxDelay, jitter, maxAttempts, minSession))err")};
    QTest::addRow("unknown key in server") << QByteArray(R"json({"name": "x", "server": {"port": 80}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:26: $.server.port: unknown key "port" (expected one of: workers, replay, token, maxMessageBytes, maxConnectionsPerAddress, maxConnectionsPerUser, maxChannels, ephemeralTypes, channelIdleTimeout, rate, burst, slowConsumerBytes, pingInterval, sseRetry, sseHeartbeat, eventLoop, instances, broker, proxy, tls))err")};
    QTest::addRow("sourceAddresses out of range") << QByteArray(R"json({"name": "x", "sourceAddresses": 0, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:34: $.sourceAddresses: expected an integer from 1 to 254, got 0)err")};
    QTest::addRow("sourceAddresses with a remote target") << QByteArray(R"json({"name": "x", "target": "ws://example.com:9000/", "sourceAddresses": 4, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:70: $.sourceAddresses: expected no "sourceAddresses" with target "ws://example.com:9000/" (connections are spread over 127.0.0.1 ... 127.0.0.N only for an IPv4 loopback target such as ws://127.0.0.1:8080/))err")};
    QTest::addRow("sourceAddresses with a TLS target") << QByteArray(R"json({"name": "x", "target": "wss://127.0.0.1:9000/", "sourceAddresses": 4, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:69: $.sourceAddresses: expected no "sourceAddresses" with a TLS target ("wss://127.0.0.1:9000/"): only plain ws:// and http:// connections are spread over source addresses)err")};
    QTest::addRow("wrong type") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": "ten"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:56: $.groups[0].clients: expected an integer from 1 to 100000, got "ten")err")};
    QTest::addRow("wrong type for name") << QByteArray(R"json({"name": 5, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:10: $.name: expected a non-empty string, got 5)err")};
    QTest::addRow("wrong type for groups") << QByteArray(R"json({"name": "x", "groups": {"protocol": "ws"}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:25: $.groups: expected an array of at least one group, got an object)err")};
    QTest::addRow("empty groups") << QByteArray(R"json({"name": "x", "groups": []})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:25: $.groups: expected an array of at least one group, got [])err")};
    QTest::addRow("negative clients") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": -5}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:56: $.groups[0].clients: expected an integer from 1 to 100000, got -5)err")};
    QTest::addRow("too many clients") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 100001}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:56: $.groups[0].clients: expected an integer from 1 to 100000, got 100001)err")};
    QTest::addRow("fractional clients") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1.5}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:56: $.groups[0].clients: expected an integer from 1 to 100000, got 1.5)err")};
    QTest::addRow("unknown protocol") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "websocket", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:39: $.groups[0].protocol: expected one of "ws", "sse", "poll", "publish", "socketio", "graphql-ws", got "websocket")err")};
    QTest::addRow("bad duration") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "phases": {"hold": "30 seconds"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:78: $.groups[0].phases.hold: expected a duration such as "500ms", "30s" or "2m", got "30 seconds")err")};
    QTest::addRow("bad duration that passes the pattern") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "phases": {"rampUp": "1.2.3s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:80: $.groups[0].phases.rampUp: expected a duration such as "500ms", "30s" or "2m", got "1.2.3s")err")};
    QTest::addRow("duration without unit") << QByteArray(R"json({"name": "x", "duration": "30", "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:27: $.duration: expected a duration such as "500ms", "30s" or "2m", got "30")err")};
    QTest::addRow("duration as a number") << QByteArray(R"json({"name": "x", "duration": 30, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:27: $.duration: expected a duration such as "500ms", "30s" or "2m", got 30)err")};
    QTest::addRow("bad threshold expression") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"latency.p99": "<50"}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:91: $.thresholds["latency.p99"]: expected a condition with a duration such as "<50ms" (latency.p99 is a duration), got "<50")err")};
    QTest::addRow("percent on a duration metric") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"latency.p99": "<1%"}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:91: $.thresholds["latency.p99"]: expected a condition with a duration such as "<50ms" (latency.p99 is a duration), got "<1%")err")};
    QTest::addRow("unit on a count metric") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"reconnects": "<5ms"}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:90: $.thresholds.reconnects: expected a condition with a number such as "<=100" (reconnects is a count, no unit), got "<5ms")err")};
    QTest::addRow("unknown metric") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"latency.p98": "<5ms"}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:76: $.thresholds["latency.p98"]: unknown metric "latency.p98" (expected one of: latency.p50, latency.p90, latency.p99, latency.p99.9, latency.max, latency.mean, rtt.p50, rtt.p90, rtt.p99, rtt.p99.9, rtt.max, rtt.mean, serverLatency.p50, serverLatency.p90, serverLatency.p99, serverLatency.p99.9, serverLatency.max, serverLatency.mean, stream.firstEvent.p50, stream.firstEvent.p90, stream.firstEvent.p99, stream.firstEvent.p99.9, stream.firstEvent.max, stream.firstEvent.mean, stream.gap.p50, stream.gap.p90, stream.gap.p99, stream.gap.p99.9, stream.gap.max, stream.gap.mean, stream.duration.p50, stream.duration.p90, stream.duration.p99, stream.duration.p99.9, stream.duration.max, stream.duration.mean, handshake.p50, handshake.p90, handshake.p99, handshake.max, connect.failed, connect.attempts, connections.peak, reconnects, connects.peakPerSecond, recovery.time, delivery.lost, delivery.duplicated, delivery.outOfOrder, delivery.received, delivery.resets, messages.sent, errors, delivery.other, stream.count, stream.events))err")};
    QTest::addRow("threshold object without condition") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"errors": {"abortOnFail": true}}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:86: $.thresholds.errors.condition: missing required key "condition")err")};
    QTest::addRow("threshold object with bad condition") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"errors": {"condition": "<1%", "abortOnFail": true}}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:100: $.thresholds.errors.condition: expected a condition with a number such as "<=100" (errors is a count, no unit), got "<1%")err")};
    QTest::addRow("threshold as a number") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"errors": 0}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:86: $.thresholds.errors: expected a condition such as "<50ms", or an object with "condition", "abortOnFail" and "delayAbortEval", got 0)err")};
    QTest::addRow("faults with URL target") << QByteArray(R"json({"name": "x", "target": "ws://example.com", "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "restart"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:101: $.faults: expected no faults with a URL target (faults need the embedded server), got target "ws://example.com")err")};
    QTest::addRow("server with URL target") << QByteArray(R"json({"name": "x", "target": "https://example.com", "server": {"replay": 10}, "groups": [{"protocol": "sse", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:58: $.server: expected no "server" settings with a URL target (they configure the embedded server), got target "https://example.com")err")};
    QTest::addRow("bad target scheme") << QByteArray(R"json({"name": "x", "target": "ftp://example.com", "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:25: $.target: expected "embedded" or a ws://, wss://, http:// or https:// URL, got "ftp://example.com")err")};
    QTest::addRow("target without host") << QByteArray(R"json({"name": "x", "target": "ws://", "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:25: $.target: expected "embedded" or a ws://, wss://, http:// or https:// URL, got "ws://")err")};
    QTest::addRow("duplicate group names") << QByteArray(R"json({"name": "x", "groups": [{"name": "a", "protocol": "ws", "clients": 1}, {"name": "a", "protocol": "sse", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:82: $.groups[1].name: expected a unique group name, got "a" (also the name of $.groups[0]))err")};
    QTest::addRow("duplicate default group name") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}, {"name": "group-1", "protocol": "sse", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:69: $.groups[1].name: expected a unique group name, got "group-1" (also the name of $.groups[0]))err")};
    QTest::addRow("missing name and groups") << QByteArray(R"json({"description": "x"})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:1: $.groups: missing required key "groups")err"),
                            QString::fromUtf8(R"err(t.json:1:1: $.name: missing required key "name")err")};
    QTest::addRow("missing protocol") << QByteArray(R"json({"name": "x", "groups": [{"clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:26: $.groups[0].protocol: missing required key "protocol")err")};
    QTest::addRow("missing fault action") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:72: $.faults[0].action: missing required key "action")err")};
    QTest::addRow("echo on sse") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "sse", "clients": 1, "send": {"rate": 1, "mode": "echo"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:88: $.groups[0].send.mode: expected "publish" for a sse group (echo is WebSocket only), got "echo")err")};
    QTest::addRow("user on sse") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "sse", "clients": 1, "user": "a"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:68: $.groups[0].user: expected "user" only on a ws group of the embedded server (it becomes ?user=); a group with "url" puts it in its URL)err")};
    QTest::addRow("user with a space") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "user": "a b{{client}}"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:67: $.groups[0].user: expected 1 to 64 of A-Z a-z 0-9 . _ @ - | : + with {{client}} or {{group}} anywhere, got "a b{{client}}")err")};
    QTest::addRow("user with an unknown placeholder") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "user": "u{{seq}}"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:67: $.groups[0].user: expected only the placeholders {{client}} and {{group}}, got "u{{seq}}")err")};
    QTest::addRow("readPaused on poll") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "poll", "clients": 1, "readPaused": true}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:75: $.groups[0].readPaused: expected false for a poll group (only ws and sse clients hold a stream to stop reading), got true)err")};
    // Testing the user's own server (docs/scenarios.md): templates, paths and rules are
    // checked at load, each error at the line and column of what is wrong.
    QTest::addRow("unknown placeholder") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "send": {"rate": 1, "template": {"text": "n={{sequence}}"}}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:103: $.groups[0].send.template.text: unknown placeholder "{{sequence}}" (expected client, group, channel, seq, sentAt, now, uuid, random A B, text N, lastEventId or lastSeq))err")};
    QTest::addRow("two bad placeholders in one string") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "send": {"rate": 1, "template": {"a": "{{random 5}} {{text}}"}}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:98: $.groups[0].send.template.a: placeholder "{{random 5}}": random takes two integers (random A B))err"),
                            QString::fromUtf8(R"err(t.json:1:111: $.groups[0].send.template.a: placeholder "{{text}}": text takes one integer (text N))err")};
    QTest::addRow("placeholder in url") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "url": "ws://h/?room={{chanel}}"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:80: $.groups[0].url: unknown placeholder "{{chanel}}" (expected client, group, channel, seq, sentAt, now, uuid, random A B, text N, lastEventId or lastSeq))err")};
    QTest::addRow("url scheme for the protocol") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "sse", "clients": 1, "url": "ws://h/events"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:67: $.groups[0].url: expected a http:// or https:// URL for a sse group, got "ws://h/events")err")};
    QTest::addRow("url and path") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "url": "ws://h/", "path": "/ws"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:77: $.groups[0].path: expected either "url" or "path", got both (with "url", write the path into it))err")};
    QTest::addRow("subprotocols on sse") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "sse", "clients": 1, "subprotocols": ["a"]}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:60: $.groups[0].subprotocols: "subprotocols" is for ws groups, not sse)err")};
    QTest::addRow("bad subprotocol name") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "subprotocols": ["a b"]}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:76: $.groups[0].subprotocols[0]: expected a subprotocol name (letters, digits and !#$%&'*+-.^_`|~), got "a b")err")};
    QTest::addRow("template with payloadBytes") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "send": {"rate": 1, "payloadBytes": 10, "template": {"a": 1}}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:79: $.groups[0].send.payloadBytes: "payloadBytes" shapes SocketScope's own envelope; with "template" the template is the whole message)err")};
    QTest::addRow("sender without seq") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "receive": {"sender": "$.from"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:70: $.groups[0].receive.seq: missing required key "seq": per-sender accounting needs both "sender" and "seq")err")};
    QTest::addRow("bad json path") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "receive": {"sentAt": "$.a..b"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:86: $.groups[0].receive.sentAt: invalid JSON path: expected a name after '.' (letters, digits, _, $ or -; use ["..."] for other names))err")};
    QTest::addRow("bad regex") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "receive": {"sentAt": {"path": "$.t", "regex": "(a"}}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:109: $.groups[0].receive.sentAt.regex: invalid regular expression: missing closing parenthesis)err")};
    QTest::addRow("correlate without uuid or seq") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "send": {"rate": 1, "template": {"a": 1}}, "receive": {"correlate": "$.a"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:127: $.groups[0].receive.correlate: expected a send.template with {{uuid}} or {{seq}} for the server to echo (the requests are matched by it))err")};
    QTest::addRow("socketio without url") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "socketio", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:26: $.groups[0]: missing required key "url": a socketio group connects to your server's URL)err")};
    QTest::addRow("socketio bad url and namespace") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "socketio", "clients": 1, "url": "ftp://h/", "namespace": "chat"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:72: $.groups[0].url: expected a ws://, wss://, http:// or https:// URL for a socketio group, got "ftp://h/")err"),
                            QString::fromUtf8(R"err(t.json:1:97: $.groups[0].namespace: expected a namespace starting with "/", such as "/chat", got "chat")err")};
    QTest::addRow("socketio with send.template") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "socketio", "clients": 1, "url": "http://h/", "send": {"rate": 1, "template": {"a": 1}}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:105: $.groups[0].send.template: a socketio group emits events: use send.event and send.args)err")};
    QTest::addRow("socketio bad placeholder in args") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "socketio", "clients": 1, "url": "http://h/", "send": {"rate": 1, "event": "chat", "args": [{"n": "{{sequence}}"}]}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:138: $.groups[0].send.args[0].n: unknown placeholder "{{sequence}}" (expected client, group, channel, seq, sentAt, now, uuid, random A B, text N, lastEventId or lastSeq))err")};
    QTest::addRow("socketio sends without event") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "socketio", "clients": 1, "url": "http://h/", "send": {"rate": 1}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:93: $.groups[0].send: missing required key "event": a socketio group's sends are events (send.event, send.args))err")};
    QTest::addRow("emit and namespace on ws") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "url": "ws://h/", "onOpen": [{"emit": "join"}], "namespace": "/a"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:89: $.groups[0].onOpen[0].emit: "emit" is for socketio groups (use "send"))err"),
                            QString::fromUtf8(R"err(t.json:1:107: $.groups[0].namespace: "namespace" is for socketio groups, not ws)err")};
    QTest::addRow("socketio onOpen send") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "socketio", "clients": 1, "url": "http://h/", "onOpen": [{"send": {"a": 1}}]}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:97: $.groups[0].onOpen[0].send: a socketio client emits events: use {"emit": NAME, "args": [...]})err")};
    QTest::addRow("graphql-ws http url") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "graphql-ws", "clients": 1, "url": "http://h/graphql"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:74: $.groups[0].url: expected a ws:// or wss:// URL for a graphql-ws group, got "http://h/graphql")err")};
    QTest::addRow("graphql-ws empty query and socketio send") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "graphql-ws", "clients": 1, "url": "ws://h/graphql", "subscribe": [{"query": " "}], "send": {"rate": 1, "event": "x"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:116: $.groups[0].subscribe[0].query: expected a GraphQL document (a non-empty string), got " ")err"),
                            QString::fromUtf8(R"err(t.json:1:143: $.groups[0].send.event: a graphql-ws group sends operations: send.event does not apply (use send.query, send.variables, send.operationName))err")};
    QTest::addRow("graphql-ws bad placeholder in variables") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "graphql-ws", "clients": 1, "url": "ws://h/graphql", "send": {"rate": 1, "query": "{ a }", "variables": {"x": "{{bad}}"}}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:150: $.groups[0].send.variables.x: unknown placeholder "{{bad}}" (expected client, group, channel, seq, sentAt, now, uuid, random A B, text N, lastEventId or lastSeq))err")};
    QTest::addRow("script steps") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "url": "ws://h/", "script": [{"at": "1s", "send": {"a": 1}, "expect": {"$.a": 1}}, {"at": "2s", "send": {"a": 1}, "timeout": "1s"}]}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:88: $.groups[0].script[0]: expected one of {"at": DURATION, "send": TEMPLATE}, {"at", "emit": NAME, "args": [...]} or {"at", "expect": MATCH, "timeout": DURATION}, got more than one)err"),
                            QString::fromUtf8(R"err(t.json:1:173: $.groups[0].script[1].timeout: "timeout" belongs to an "expect" step)err")};
    QTest::addRow("script on sse") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "sse", "clients": 1, "url": "http://h/", "script": [{"at": "1s", "expect": {"$.a": 1}}]}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:80: $.groups[0].script: "script" is for ws, socketio and graphql-ws groups, not sse)err")};
    QTest::addRow("onOpen step with two kinds") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "onOpen": [{"send": {"a": 1}, "wait": "1s"}]}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:70: $.groups[0].onOpen[0]: expected one of {"send": TEMPLATE}, {"emit": NAME, "args": [...]}, {"wait": DURATION} or {"expect": MATCH, "timeout": DURATION}, got more than one)err")};
    QTest::addRow("onOpen send on sse") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "sse", "clients": 1, "onOpen": [{"send": {"a": 1}}]}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:72: $.groups[0].onOpen[0].send: an sse client cannot send on its stream)err")};
    QTest::addRow("body with GET") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "sse", "clients": 1, "body": {"a": 1}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:60: $.groups[0].body: a GET request has no body: set "method": "POST")err")};
    QTest::addRow("receive on poll") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "poll", "clients": 1, "receive": {}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:61: $.groups[0].receive: "receive" is for ws, sse, socketio and graphql-ws groups, not poll)err")};
    QTest::addRow("bad base64") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "send": {"rate": 1, "template": {"base64": "!!"}}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:103: $.groups[0].send.template.base64: invalid base64 (expected A-Z, a-z, 0-9, + and /, with = padding only at the end))err")};
    QTest::addRow("reconnect true") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "reconnect": true}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:72: $.groups[0].reconnect: expected an object (initialDelay, multiplier, maxDelay, jitter, maxAttempts, minSession) or false, got true)err")};
    QTest::addRow("reconnect bad multiplier") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "reconnect": {"multiplier": "2"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:87: $.groups[0].reconnect.multiplier: expected a number >= 1, got "2")err")};
    QTest::addRow("reconnect bad jitter") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "reconnect": {"jitter": "half"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:83: $.groups[0].reconnect.jitter: expected one of "full", "equal", "none", got "half")err")};
    QTest::addRow("reconnect maxDelay below initialDelay") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "reconnect": {"initialDelay": "2s", "maxDelay": "1s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:107: $.groups[0].reconnect.maxDelay: expected a duration >= 2s, got "1s")err")};
    QTest::addRow("churn rate and session") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "churn": {"rate": 1, "session": "fixed", "length": "1s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:68: $.groups[0].churn: expected either "rate" or "session", got both)err")};
    QTest::addRow("churn neither") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "churn": {}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:68: $.groups[0].churn: expected "rate" (disconnects per second) or "session" ("exponential", "fixed" or "uniform"), got neither)err")};
    QTest::addRow("churn key of another shape") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "churn": {"session": "exponential", "length": "1s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:68: $.groups[0].churn.mean: missing required key "mean" for session "exponential")err"),
                            QString::fromUtf8(R"err(t.json:1:95: $.groups[0].churn.length: unknown key "length" for session "exponential" (expected one of: session, mean))err")};
    QTest::addRow("churn missing mean") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "churn": {"session": "exponential"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:68: $.groups[0].churn.mean: missing required key "mean" for session "exponential")err")};
    QTest::addRow("churn uniform min above max") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "churn": {"session": "uniform", "min": "5s", "max": "2s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:111: $.groups[0].churn.max: expected a duration >= 5s, got "2s")err")};
    QTest::addRow("churn zero length") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "churn": {"session": "fixed", "length": "0s"}}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:99: $.groups[0].churn.length: expected a duration > 0s, got "0s")err")};
    QTest::addRow("fault missing percent") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "dropConnections"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:72: $.faults[0].percent: missing required key "percent" for action "dropConnections")err")};
    QTest::addRow("fault key of another action") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "restart", "percent": 5}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:106: $.faults[0].percent: unknown key "percent" for action "restart" (expected one of: at, action, downtime))err")};
    QTest::addRow("fault unknown action") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "explode"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:95: $.faults[0].action: expected one of "restart", "dropConnections", "latency", "dropMessages", "ignorePings", "stopReading", "refuseConnections", "killInstance", "brokerDown", "partitionInstance", got "explode")err")};
    QTest::addRow("instance fault without instances") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "killInstance", "instance": 0}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:95: $.faults[0].action: expected "server": {"instances": N, "broker": ...} for this fault: it acts on staged instances)err")};
    QTest::addRow("instance out of range") << QByteArray(R"json({"name": "x", "server": {"instances": 2, "broker": "redis"}, "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "killInstance", "instance": 2}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:170: $.faults[0].instance: expected an instance from 0 to 1, got 2)err")};
    QTest::addRow("server fault with instances") << QByteArray(R"json({"name": "x", "server": {"instances": 2, "broker": "redis"}, "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "restart"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:142: $.faults[0].action: expected killInstance, brokerDown or partitionInstance with several instances: this fault acts on the one embedded server in this process)err")};
    QTest::addRow("brokerDown on a broker of yours") << QByteArray(R"json({"name": "x", "server": {"instances": 2, "broker": "redis://127.0.0.1:6379"}, "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "brokerDown", "duration": "1s"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:159: $.faults[0].action: expected "broker": "redis" or "nats": brokerDown acts on the broker the run starts, not on one of yours)err")};
    QTest::addRow("bad broker") << QByteArray(R"json({"name": "x", "server": {"broker": "kafka://h:1"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:36: $.server.broker: expected "redis", "nats" or a broker URL, got: broker 'kafka://h:1': unknown scheme 'kafka' (expected redis://HOST:PORT[/DB] or nats://HOST:PORT))err")};
    QTest::addRow("partition without a broker") << QByteArray(R"json({"name": "x", "server": {"instances": 2}, "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "partitionInstance", "instance": 0, "duration": "1s"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:123: $.faults[0].action: expected a "broker" in "server": partitionInstance cuts an instance off from it)err")};
    QTest::addRow("fault percent over 100") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "faults": [{"at": "1s", "action": "dropMessages", "percent": 150}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:122: $.faults[0].percent: expected a number from 0 to 100, got 150)err")};
    QTest::addRow("server ping too short") << QByteArray(R"json({"name": "x", "server": {"pingInterval": "50ms"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:42: $.server.pingInterval: expected a duration >= 100ms, got "50ms")err")};
    QTest::addRow("channel idle timeout too short") << QByteArray(R"json({"name": "x", "server": {"channelIdleTimeout": "500ms"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:48: $.server.channelIdleTimeout: expected a duration >= 1s, got "500ms")err")};
    QTest::addRow("no channels") << QByteArray(R"json({"name": "x", "server": {"maxChannels": 0}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:41: $.server.maxChannels: expected an integer from 1 to 10000000, got 0)err")};
    QTest::addRow("jwt and a token") << QByteArray(R"json({"name": "x", "token": "t", "jwt": {"algorithm": "HS256", "secret": "s"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:36: $.jwt: expected either "jwt" or a "token", not both)err")};
    QTest::addRow("jwt without its secret") << QByteArray(R"json({"name": "x", "jwt": {"algorithm": "HS256"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:22: $.jwt: expected a usable signing key, got: JWT HS256 needs a secret)err")};
    QTest::addRow("jwt without its private key") << QByteArray(R"json({"name": "x", "jwt": {"algorithm": "ES256", "secret": "s"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:22: $.jwt: expected a usable signing key, got: JWT ES256 uses a private key file, not a secret)err")};
    QTest::addRow("jwt lifetime too short") << QByteArray(R"json({"name": "x", "jwt": {"algorithm": "HS256", "secret": "s", "lifetime": "10ms"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:72: $.jwt.lifetime: expected a duration >= 1s, got "10ms")err")};
    QTest::addRow("server slow consumer too small") << QByteArray(R"json({"name": "x", "server": {"slowConsumerBytes": 10}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:47: $.server.slowConsumerBytes: expected an integer >= 1024, got 10)err")};
    QTest::addRow("server event loop") << QByteArray(R"json({"name": "x", "server": {"eventLoop": "select"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:39: $.server.eventLoop: expected one of "epoll", "qt", got "select")err")};
    QTest::addRow("header value not a string") << QByteArray(R"json({"name": "x", "headers": {"X-A": 1}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:34: $.headers["X-A"]: expected a string, got 1)err")};
    QTest::addRow("bad header name") << QByteArray(R"json({"name": "x", "headers": {"X A": "1"}, "groups": [{"protocol": "ws", "clients": 1}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:27: $.headers["X A"]: expected a header name (letters, digits and !#$%&'*+-.^_`|~), got "X A")err")};
    QTest::addRow("bad path") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "path": "ws"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:67: $.groups[0].path: expected a path starting with "/", got "ws")err")};
    QTest::addRow("bad channel") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "channel": "a b"}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:70: $.groups[0].channel: expected a channel name (letters, digits, '_', '-', '.', ':'), got "a b")err")};
    QTest::addRow("duplicate key") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1, "clients": 2}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:59: $.groups[0].clients: duplicate key "clients" (JSON keeps only the last one))err")};
    QTest::addRow("escaped key") << QByteArray(R"json({"name": "x", "groups": [{"protocol": "ws", "clients": 1}], "thresholds": {"latency\u002ep99": "<5"}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:96: $.thresholds["latency.p99"]: expected a condition with a duration such as "<50ms" (latency.p99 is a duration), got "<5")err")};
    QTest::addRow("non-ASCII before the error") << QByteArray(R"json({"name": "Grüße 🎉", "groups": [{"protocol": "ws", "clients": 0}]})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:62: $.groups[0].clients: expected an integer from 1 to 100000, got 0)err")};
    QTest::addRow("raw tab in a string (QJsonDocument takes it)") << QByteArray("{\"name\": \"a\tb\", \"groups\": [{\"protocol\": \"ws\", \"clients\": 0}]}")
             << QStringList{QString::fromUtf8(R"err(t.json:1:58: $.groups[0].clients: expected an integer from 1 to 100000, got 0)err")};
    QTest::addRow("invalid UTF-8") << QByteArray("{\"name\": \"\xff\"}")
             << QStringList{QString::fromUtf8(R"err(t.json:1:11: JSON syntax error: expected UTF-8 text)err")};
    QTest::addRow("several errors in file order") << QByteArray(R"json({"name": "x", "zzz": 1, "groups": [{"protocol": "ws", "clients": 0, "phases": {"hold": "forever"}}], "thresholds": {"latency.p99": "<5"}})json")
             << QStringList{QString::fromUtf8(R"err(t.json:1:15: $.zzz: unknown key "zzz" (expected one of: name, description, target, token, headers, insecure, sourceAddresses, duration, workers, seed, server, jwt, groups, faults, thresholds))err"),
                            QString::fromUtf8(R"err(t.json:1:66: $.groups[0].clients: expected an integer from 1 to 100000, got 0)err"),
                            QString::fromUtf8(R"err(t.json:1:88: $.groups[0].phases.hold: expected a duration such as "500ms", "30s" or "2m", got "forever")err"),
                            QString::fromUtf8(R"err(t.json:1:132: $.thresholds["latency.p99"]: expected a condition with a duration such as "<50ms" (latency.p99 is a duration), got "<5")err")};
}

void tst_ScenarioLoader::malformedFilesNameWhereAndWhat()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, errors);

    const LoadResult result = ScenarioLoader::loadJson(json, QStringLiteral("t.json"));
    QVERIFY(!result.isOk());
    QStringList actual;
    for (const LoadError &error : result.errors)
        actual.append(error.toString());
    QCOMPARE(actual, errors);
    QCOMPARE(result.errorText(), errors.join(QLatin1Char('\n')));
}

void tst_ScenarioLoader::docsExampleError()
{
    // The example in docs/scenarios.md, at the line and column it names.
    const QByteArray json =
        "{\n"
        "  \"name\": \"chat\",\n"
        "  \"description\": \"the error example of docs/scenarios.md\",\n"
        "  \"groups\": [\n"
        "    {\n"
        "      \"name\": \"chatters\",\n"
        "      \"protocol\": \"ws\",\n"
        "      \"channel\": \"room\",\n"
        "      \"clients\": 1000,\n"
        "      \"phases\": {\n"
        "        \"delay\": \"0s\",\n"
        "        \"rampUp\": \"10s\",\n"
        "        \"rampDown\": \"5s\",\n"
        "        \"hold\":  \"30 seconds\"\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n";
    const LoadResult result = ScenarioLoader::loadJson(json, QStringLiteral("chat.json"));
    QCOMPARE(result.errors.size(), 1);
    const LoadError &error = result.errors.first();
    QCOMPARE(error.file, QStringLiteral("chat.json"));
    QCOMPARE(error.line, 14);
    QCOMPARE(error.column, 18);
    QCOMPARE(error.path, QStringLiteral("$.groups[0].phases.hold"));
    QCOMPARE(error.toString(),
             QString::fromUtf8(R"(chat.json:14:18: $.groups[0].phases.hold: expected a duration such as "500ms", "30s" or "2m", got "30 seconds")"));
}

void tst_ScenarioLoader::builtInScenariosLoad_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<int>("groups");
    QTest::addColumn<int>("faults");
    QTest::addColumn<int>("thresholds");

    QTest::addRow("chat-1k") << ":/scenarios/chat-1k.json" << 1 << 0 << 3;
    QTest::addRow("dashboard-sse-5k") << ":/scenarios/dashboard-sse-5k.json" << 2 << 0 << 3;
    QTest::addRow("reconnect-storm") << ":/scenarios/reconnect-storm.json" << 2 << 1 << 2;
    QTest::addRow("long-poll-fallback") << ":/scenarios/long-poll-fallback.json" << 3 << 0 << 2;
    QTest::addRow("slow-consumer") << ":/scenarios/slow-consumer.json" << 3 << 0 << 1;
    QTest::addRow("resume-no-loss") << ":/scenarios/resume-no-loss.json" << 3 << 0 << 2;
    QTest::addRow("multi-instance") << ":/scenarios/multi-instance.json" << 5 << 2 << 2;
    QTest::addRow("auth-expiry") << ":/scenarios/auth-expiry.json" << 3 << 0 << 3;
}

void tst_ScenarioLoader::builtInScenariosLoad()
{
    QFETCH(QString, resource);
    QFETCH(int, groups);
    QFETCH(int, faults);
    QFETCH(int, thresholds);

    QVERIFY(ScenarioLoader::builtInScenarios().contains(resource));
    QCOMPARE(ScenarioLoader::builtInScenarios().size(), 8);
    const LoadResult result = ScenarioLoader::loadFile(resource);
    QVERIFY2(result.isOk(), qPrintable(result.errorText()));
    const Scenario &loaded = *result.scenario;
    QCOMPARE(loaded.name, QFileInfo(resource).completeBaseName());
    QCOMPARE(int(loaded.groups.size()), groups);
    QCOMPARE(int(loaded.faults.size()), faults);
    QCOMPARE(int(loaded.thresholds.size()), thresholds);
    QVERIFY(!loaded.description.isEmpty());
    QVERIFY(loaded.target.embedded);
    QCOMPARE(loaded.server.port, quint16(0));
    QVERIFY(loaded.effectiveDuration() > 0ms);
    QVERIFY(loaded.effectiveDuration() <= 2min); // built-ins are demos: about a minute
}

void tst_ScenarioLoader::fullExampleRoundTrips()
{
    const QByteArray json = R"json({
  "name": "everything",
  "description": "every key of docs/scenarios.md",
  "target": "embedded",
  "token": "client-token",
  "headers": {"X-Run": "42", "User-Agent": "scope"},
  "insecure": true,
  "sourceAddresses": 3,
  "duration": "90s",
  "workers": 3,
  "seed": 77,
  "server": {
    "workers": 2, "replay": 500, "token": "server-token", "maxMessageBytes": 4096,
    "maxConnectionsPerAddress": 20, "rate": 50, "burst": 80, "slowConsumerBytes": 262144,
    "pingInterval": "5s", "sseRetry": "1.5s", "sseHeartbeat": "10s", "eventLoop": "qt"
  },
  "groups": [
    {
      "name": "chat", "protocol": "ws", "channel": "room", "channels": 4, "clients": 100,
      "arrivalRate": 25.5,
      "phases": {"delay": "1s", "rampUp": "10s", "hold": "30s", "rampDown": "5s"},
      "send": {"rate": 0.5, "payloadBytes": 256, "type": "chat.message", "mode": "echo"},
      "churn": {"rate": 5},
      "reconnect": {"initialDelay": "250ms", "multiplier": 1.5, "maxDelay": "8s", "jitter": "equal", "maxAttempts": 7},
      "resume": false,
      "readPaused": true,
      "path": "/ws",
      "headers": {"X-Group": "chat"}
    },
    {
      "protocol": "sse",
      "clients": 10,
      "churn": {"session": "uniform", "min": "2s", "max": "8s"},
      "reconnect": false
    },
    {"name": "poll", "protocol": "poll", "clients": 5, "pollTimeout": "10s", "churn": {"session": "exponential", "mean": "10s"}},
    {"name": "pub", "protocol": "publish", "clients": 1, "send": {"rate": 10}, "churn": {"session": "fixed", "length": "5s"}}
  ],
  "faults": [
    {"at": "20s", "action": "restart", "downtime": "2s"},
    {"at": "25s", "action": "dropConnections", "percent": 10},
    {"at": "30s", "action": "latency", "latency": "50ms", "jitter": "10ms", "duration": "5s"},
    {"at": "35s", "action": "dropMessages", "percent": 2.5, "duration": "3s"},
    {"at": "40s", "action": "ignorePings", "duration": "4s"},
    {"at": "45s", "action": "stopReading"},
    {"at": "50s", "action": "refuseConnections", "duration": "6s"},
    {"at": "55s", "action": "restart"}
  ],
  "thresholds": {
    "latency.p99": "<50ms",
    "latency.p99.9": {"condition": "<= 1.5s", "abortOnFail": true, "delayAbortEval": "10s"},
    "connect.failed": "<1%",
    "delivery.lost": "==0",
    "reconnects": ">= 3"
  }
})json";
    const LoadResult result = ScenarioLoader::loadJson(json, QStringLiteral("everything.json"));
    QVERIFY2(result.isOk(), qPrintable(result.errorText()));
    QVERIFY(result.errors.isEmpty());
    const Scenario &s = *result.scenario;

    QCOMPARE(s.name, QStringLiteral("everything"));
    QCOMPARE(s.description, QStringLiteral("every key of docs/scenarios.md"));
    QCOMPARE(s.sourceFile, QStringLiteral("everything.json"));
    QCOMPARE(s.source, QJsonDocument::fromJson(json).object());
    QVERIFY(s.target.embedded);
    QVERIFY(s.target.url.isEmpty());
    QCOMPARE(s.target.token, QStringLiteral("client-token"));
    const QList<QPair<QByteArray, QByteArray>> topHeaders{{"X-Run", "42"}, {"User-Agent", "scope"}}; // file order
    QCOMPARE(s.target.headers, topHeaders);
    QVERIFY(s.target.acceptSelfSignedCertificates);
    QCOMPARE(s.target.sourceAddresses, 3);
    QCOMPARE(s.duration, std::optional<milliseconds>(90s));
    QCOMPARE(s.effectiveDuration(), 90s);
    QCOMPARE(s.workers, 3);
    QCOMPARE(s.seed, quint64(77));

    QCOMPARE(s.server.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(s.server.port, quint16(0));
    QCOMPARE(s.server.workers, 2);
    QCOMPARE(s.server.replaySize, 500);
    QCOMPARE(s.server.token, QStringLiteral("server-token"));
    QCOMPARE(s.server.maxMessageBytes, qint64(4096));
    QCOMPARE(s.server.maxConnectionsPerAddress, 20);
    QCOMPARE(s.server.messagesPerSecond, 50.0);
    QCOMPARE(s.server.messageBurst, 80.0);
    QCOMPARE(s.server.slowConsumerBytes, qint64(262144));
    QCOMPARE(s.server.pingInterval, 5s);
    QCOMPARE(s.server.sseRetry, 1500ms);
    QCOMPARE(s.server.sseHeartbeat, 10s);
    QCOMPARE(s.server.eventLoop, ServerConfig::EventLoop::Qt);

    QCOMPARE(s.groups.size(), size_t(4));
    const Group &chat = s.groups[0];
    QCOMPARE(chat.name, QStringLiteral("chat"));
    QCOMPARE(chat.protocol, Protocol::WebSocket);
    QCOMPARE(chat.channel, QStringLiteral("room"));
    QCOMPARE(chat.channels, 4);
    QCOMPARE(chat.channelFor(5), QStringLiteral("room-1"));
    QCOMPARE(chat.clients, 100);
    QCOMPARE(chat.arrivalsPerSecond, std::optional<double>(25.5));
    QCOMPARE(chat.phases.delay, 1s);
    QCOMPARE(chat.phases.rampUp, 10s);
    QCOMPARE(chat.phases.hold, 30s);
    QCOMPARE(chat.phases.rampDown, 5s);
    QCOMPARE(chat.send.ratePerClient, 0.5);
    QCOMPARE(chat.send.payloadBytes, 256);
    QCOMPARE(chat.send.type, QStringLiteral("chat.message"));
    QCOMPARE(chat.send.mode, SendSettings::Mode::Echo);
    QCOMPARE(chat.churn.kind, ChurnSettings::Kind::Rate);
    QCOMPARE(chat.churn.disconnectsPerSecond, 5.0);
    QVERIFY(chat.reconnect.enabled);
    QCOMPARE(chat.reconnect.initialDelay, 250ms);
    QCOMPARE(chat.reconnect.multiplier, 1.5);
    QCOMPARE(chat.reconnect.maxDelay, 8s);
    QCOMPARE(chat.reconnect.jitter, ReconnectSettings::Jitter::Equal);
    QCOMPARE(chat.reconnect.maxAttempts, 7);
    QVERIFY(!chat.resume);
    QVERIFY(chat.readPaused);
    QCOMPARE(chat.pollTimeout, 25s);
    QCOMPARE(chat.path, QStringLiteral("/ws"));
    const QList<QPair<QByteArray, QByteArray>> groupHeaders{{"X-Group", "chat"}};
    QCOMPARE(chat.headers, groupHeaders);
    QCOMPARE(chat.jsonPath, QStringLiteral("$.groups[0]"));

    const Group &sse = s.groups[1];
    QCOMPARE(sse.name, QStringLiteral("group-2"));
    QCOMPARE(sse.protocol, Protocol::Sse);
    QCOMPARE(sse.channel, QStringLiteral("general"));
    QCOMPARE(sse.churn.kind, ChurnSettings::Kind::Uniform);
    QCOMPARE(sse.churn.sessionMin, 2s);
    QCOMPARE(sse.churn.sessionMax, 8s);
    QVERIFY(!sse.reconnect.enabled);
    QVERIFY(sse.resume);
    QVERIFY(!sse.readPaused);
    QCOMPARE(sse.jsonPath, QStringLiteral("$.groups[1]"));

    const Group &poll = s.groups[2];
    QCOMPARE(poll.protocol, Protocol::Poll);
    QCOMPARE(poll.pollTimeout, 10s);
    QCOMPARE(poll.churn.kind, ChurnSettings::Kind::Exponential);
    QCOMPARE(poll.churn.sessionLength, 10s);

    const Group &pub = s.groups[3];
    QCOMPARE(pub.protocol, Protocol::Publish);
    QCOMPARE(pub.send.ratePerClient, 10.0);
    QCOMPARE(pub.send.mode, SendSettings::Mode::Publish);
    QCOMPARE(pub.send.payloadBytes, 64);
    QCOMPARE(pub.send.type, QStringLiteral("load.message"));
    QCOMPARE(pub.churn.kind, ChurnSettings::Kind::Fixed);
    QCOMPARE(pub.churn.sessionLength, 5s);

    QCOMPARE(s.faults.size(), size_t(8));
    QCOMPARE(s.faults[0].action, FaultAction::Restart);
    QCOMPARE(s.faults[0].at, 20s);
    QCOMPARE(s.faults[0].duration, 2s);
    QCOMPARE(s.faults[0].jsonPath, QStringLiteral("$.faults[0]"));
    QCOMPARE(s.faults[1].action, FaultAction::DropConnections);
    QCOMPARE(s.faults[1].percent, 10.0);
    QCOMPARE(s.faults[2].action, FaultAction::Latency);
    QCOMPARE(s.faults[2].latency, 50ms);
    QCOMPARE(s.faults[2].jitter, 10ms);
    QCOMPARE(s.faults[2].duration, 5s);
    QCOMPARE(s.faults[3].action, FaultAction::DropMessages);
    QCOMPARE(s.faults[3].percent, 2.5);
    QCOMPARE(s.faults[3].duration, 3s);
    QCOMPARE(s.faults[4].action, FaultAction::IgnorePings);
    QCOMPARE(s.faults[4].duration, 4s);
    QCOMPARE(s.faults[5].action, FaultAction::StopReading);
    QCOMPARE(s.faults[5].duration, 0ms); // until the end
    QCOMPARE(s.faults[6].action, FaultAction::RefuseConnections);
    QCOMPARE(s.faults[6].duration, 6s);
    QCOMPARE(s.faults[7].action, FaultAction::Restart);
    QCOMPARE(s.faults[7].duration, 1s); // default downtime
    QCOMPARE(s.faults[7].jsonPath, QStringLiteral("$.faults[7]"));

    // Thresholds in file order.
    QCOMPARE(s.thresholds.size(), size_t(5));
    QCOMPARE(s.thresholds[0].metric, QStringLiteral("latency.p99"));
    QCOMPARE(s.thresholds[0].op, Threshold::Op::Less);
    QCOMPARE(s.thresholds[0].value, 50e6);
    QCOMPARE(s.thresholds[0].unit, Threshold::Unit::Nanoseconds);
    QCOMPARE(s.thresholds[0].expression, QStringLiteral("<50ms"));
    QCOMPARE(s.thresholds[0].jsonPath, QString::fromUtf8(R"($.thresholds["latency.p99"])"));
    QVERIFY(!s.thresholds[0].abortOnFail);
    QCOMPARE(s.thresholds[1].metric, QStringLiteral("latency.p99.9"));
    QCOMPARE(s.thresholds[1].op, Threshold::Op::LessOrEqual);
    QCOMPARE(s.thresholds[1].value, 1.5e9);
    QVERIFY(s.thresholds[1].abortOnFail);
    QCOMPARE(s.thresholds[1].delayAbortEval, 10s);
    QCOMPARE(s.thresholds[2].metric, QStringLiteral("connect.failed"));
    QCOMPARE(s.thresholds[2].unit, Threshold::Unit::Percent);
    QCOMPARE(s.thresholds[2].value, 1.0);
    QCOMPARE(s.thresholds[3].metric, QStringLiteral("delivery.lost"));
    QCOMPARE(s.thresholds[3].op, Threshold::Op::Equal);
    QCOMPARE(s.thresholds[3].unit, Threshold::Unit::Number);
    QCOMPARE(s.thresholds[4].metric, QStringLiteral("reconnects"));
    QCOMPARE(s.thresholds[4].op, Threshold::Op::GreaterOrEqual);
    QCOMPARE(s.thresholds[4].value, 3.0);
    QCOMPARE(s.thresholds[4].jsonPath, QStringLiteral("$.thresholds.reconnects"));
}

void tst_ScenarioLoader::minimalFileGetsDefaults()
{
    const LoadResult result = ScenarioLoader::loadJson(
        R"({"name": "m", "groups": [{"protocol": "ws", "clients": 2, "phases": {"hold": "5s"}}], "server": {"token": "t"}})",
        QStringLiteral("m.json"));
    QVERIFY2(result.isOk(), qPrintable(result.errorText()));
    const Scenario &s = *result.scenario;
    QVERIFY(s.target.embedded);
    QCOMPARE(s.target.token, QStringLiteral("t")); // the embedded server's token, so its clients get in
    QVERIFY(!s.duration);
    QCOMPARE(s.effectiveDuration(), 5s);
    QCOMPARE(s.seed, quint64(1));
    QCOMPARE(s.workers, 0);
    QCOMPARE(s.target.sourceAddresses, 0); // automatic
    QCOMPARE(s.server.port, quint16(0));
    QCOMPARE(s.server.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(s.server.replaySize, ServerConfig().replaySize);
    const Group &group = s.groups.front();
    QCOMPARE(group.name, QStringLiteral("group-1"));
    QCOMPARE(group.channel, QStringLiteral("general"));
    QCOMPARE(group.channels, 1);
    QVERIFY(!group.arrivalsPerSecond);
    QCOMPARE(group.send.ratePerClient, 0.0);
    QCOMPARE(group.churn.kind, ChurnSettings::Kind::None);
    QVERIFY(group.reconnect.enabled);
    QCOMPARE(group.reconnect.initialDelay, 500ms);
    QCOMPARE(group.reconnect.jitter, ReconnectSettings::Jitter::Full);
    QVERIFY(group.resume);
    QVERIFY(group.path.isEmpty());
    QVERIFY(s.faults.empty());
    QVERIFY(s.thresholds.empty());

    // A URL target.
    const LoadResult remote = ScenarioLoader::loadJson(
        R"({"name": "r", "target": "wss://example.com:8443/base", "token": "abc", "groups": [{"protocol": "sse", "clients": 1}]})",
        QStringLiteral("r.json"));
    QVERIFY2(remote.isOk(), qPrintable(remote.errorText()));
    QVERIFY(!remote.scenario->target.embedded);
    QCOMPARE(remote.scenario->target.url, QUrl(QStringLiteral("wss://example.com:8443/base")));
    QCOMPARE(remote.scenario->target.token, QStringLiteral("abc"));
}

void tst_ScenarioLoader::loadFileReportsUnreadableFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    LoadResult result = ScenarioLoader::loadFile(missing);
    QVERIFY(!result.isOk());
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().toString().startsWith(missing + QStringLiteral(": cannot read the file: ")),
             qPrintable(result.errors.first().toString()));

    result = ScenarioLoader::loadFile(dir.path());
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().toString(), dir.path() + QStringLiteral(": expected a scenario file, got a directory"));

    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"name\": \"b\",\n  \"groups\": [{\"protocol\": \"ws\", \"clients\": 0}]\n}\n");
    file.close();
    result = ScenarioLoader::loadFile(bad);
    QCOMPARE(result.errorText(), bad + QStringLiteral(":3:44: $.groups[0].clients: expected an integer from 1 to 100000, got 0"));
}

void tst_ScenarioLoader::schemaIsEmbedded()
{
    const QJsonDocument schema = QJsonDocument::fromJson(ScenarioLoader::schemaText());
    QVERIFY(schema.isObject());
    QCOMPARE(schema.object().value(QLatin1String("$schema")).toString(), QStringLiteral("http://json-schema.org/draft-07/schema#"));
    QCOMPARE(schema.object().value(QLatin1String("additionalProperties")).toBool(true), false);
}

void tst_ScenarioLoader::sourceMapPositions()
{
    const QByteArray json = "{\n  \"a\": [1, {\"b c\": true}],\n  \"é\": \"x\", \"d\": null\n}";
    const JsonSourceMap map = JsonSourceMap::scan(json);
    QVERIFY(!map.hasSyntaxError());
    auto at = [&map](const QString &path) {
        const JsonSourceMap::Position p = map.valuePosition(path);
        return QStringLiteral("%1:%2").arg(p.line).arg(p.column);
    };
    QCOMPARE(at(QStringLiteral("$")), QStringLiteral("1:1"));
    QCOMPARE(at(QStringLiteral("$.a")), QStringLiteral("2:8"));
    QCOMPARE(at(QStringLiteral("$.a[0]")), QStringLiteral("2:9"));
    QCOMPARE(at(QString::fromUtf8(R"($.a[1]["b c"])")), QStringLiteral("2:20"));
    QCOMPARE(at(QString::fromUtf8(R"($["é"])")), QStringLiteral("3:8")); // columns count characters, not bytes
    QCOMPARE(at(QStringLiteral("$.d")), QStringLiteral("3:18"));
    QCOMPARE(at(QStringLiteral("$.a[1].missing")), QStringLiteral("2:12")); // nearest ancestor
    const JsonSourceMap::Position key = map.keyPosition(QStringLiteral("$.d"));
    QCOMPARE(key.column, 13);
    QCOMPARE(map.keys(QStringLiteral("$")), (QStringList{QStringLiteral("a"), QStringLiteral("é"), QStringLiteral("d")}));
    QCOMPARE(JsonSourceMap::parentPath(QString::fromUtf8(R"($.a[1]["b c"])")), QStringLiteral("$.a[1]"));
    QCOMPARE(JsonSourceMap::parentPath(QString::fromUtf8(R"($.t["x.y"])")), QStringLiteral("$.t"));
    QCOMPARE(JsonSourceMap::parentPath(QStringLiteral("$.a")), QStringLiteral("$"));
}

QTEST_GUILESS_MAIN(tst_ScenarioLoader)
#include "tst_scenarioloader.moc"
