#include "har/credentialguess.h"
#include "har/graphqloperation.h"
#include "har/harimporter.h"
#include "har/harreader.h"
#include "har/recordedsocketiopacket.h"
#include "har/wsrecordingimport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// The recordings in tests/core/har/ are written in the exact shape Chrome's DevTools export
// (Network panel, "Export HAR"): every entry's fields, `_resourceType`, `_webSocketMessages`
// with epoch-second times, base64 binary frames. firefox.har is in Firefox's shape (no
// _resourceType; a 101 answer with an https: URL and no messages).

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(HAR_FIXTURES_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(name));
    return file.readAll();
}

QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        qFatal("bad test JSON: %s", text.constData());
    return document.array().first();
}

// Indented, so that a failed QCOMPARE shows both sides readably.
QByteArray text(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson();
    return QJsonDocument(value.toObject()).toJson();
}

QStringList errorTexts(const HarImport &result)
{
    QStringList lines;
    for (const HarError &error : result.errors)
        lines.append(error.toString());
    return lines;
}

constexpr double t0 = 1714557600.0; // 2024-05-01T10:00:00Z

QJsonObject message(const char *type, double time, const QString &data, int opcode = 1)
{
    return QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("time"), time},
                       {QStringLiteral("opcode"), opcode}, {QStringLiteral("data"), data}};
}

// A Chrome WebSocket entry reduced to what the importer reads.
QJsonObject wsEntry(const QString &url, const QJsonArray &messages, const QJsonArray &headers = {})
{
    return QJsonObject{
        {QStringLiteral("_resourceType"), QStringLiteral("websocket")},
        {QStringLiteral("startedDateTime"), QStringLiteral("2024-05-01T10:00:00.000Z")},
        {QStringLiteral("time"), 21},
        {QStringLiteral("timings"), QJsonObject{{QStringLiteral("blocked"), 1}, {QStringLiteral("dns"), -1}, {QStringLiteral("connect"), -1},
                                                {QStringLiteral("send"), 0}, {QStringLiteral("wait"), 20}, {QStringLiteral("receive"), 0}}},
        {QStringLiteral("request"), QJsonObject{{QStringLiteral("method"), QStringLiteral("GET")}, {QStringLiteral("url"), url},
                                                {QStringLiteral("headers"), headers}}},
        {QStringLiteral("response"), QJsonObject{{QStringLiteral("status"), 101}}},
        {QStringLiteral("_webSocketMessages"), messages},
    };
}

QByteArray har(const QJsonArray &entries)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), QJsonObject{{QStringLiteral("version"), QStringLiteral("1.2")},
                                                                         {QStringLiteral("entries"), entries}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class tst_HarImporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plainWebSocket();
    void plainWebSocketNotes();
    void longIntegersAreSentAsText();
    void socketIoOverWebSocket();
    void socketIoPollingUpgrade();
    void socketIoByFramesOnly();
    void graphQlWs();
    void graphQlWsUnnamedAndSeveralSubscriptions();
    void subscriptionsTransportWsIsPlain();
    void twoConnections();
    void firefox();
    void recordedCredentialsNeverReachTheScenario_data();
    void recordedCredentialsNeverReachTheScenario();
    void malformed_data();
    void malformed();
    void badMessagesAreLeftOutAndTheRestImported();
    void messagesPerConnectionAreCapped();
    void credentialNames_data();
    void credentialNames();
    void credentialValues_data();
    void credentialValues();
    void graphQlOperation_data();
    void graphQlOperation();
    void socketIoPacket_data();
    void socketIoPacket();
    void matchFor_data();
    void matchFor();
};

void tst_HarImporter::plainWebSocket()
{
    const HarImport result = HarImporter::importRecording(fixture(QStringLiteral("plain-ws.har")), QStringLiteral("/tmp/plain-ws.har"));
    QVERIFY2(result.isOk(), qPrintable(errorTexts(result).join(u'\n')));
    QCOMPARE(result.errors, QList<HarError>());
    QCOMPARE(result.connections, 1);
    QCOMPARE(result.scenario.value(u"name").toString(), QStringLiteral("Chat demo")); // the page title
    QCOMPARE(result.scenario.value(u"description").toString(), QStringLiteral("Imported from plain-ws.har (1 connection)"));
    // The last frame is 4.25 s after the open: ceil + 5 s.
    QCOMPARE(result.scenario.value(u"duration").toString(), QStringLiteral("10s"));
    QCOMPARE(text(result.scenario.value(u"thresholds")), text(json(R"({"delivery.lost": "==0"})")));
    const QJsonArray groups = result.scenario.value(u"groups").toArray();
    QCOMPARE(groups.size(), 1);
    // Times count from the open (startedDateTime + blocked + wait); JSON goes in as JSON, text
    // as {"text"}, binary as {"base64"}; an object that reads as a template form is wrapped.
    const QJsonValue expected1 = json(R"({
        "name": "ws-0", "clients": 1, "protocol": "ws",
        "url": "wss://chat.example.test/ws?room=lobby&token=FILL_IN_TOKEN",
        "subprotocols": ["chat.v1", "chat.v2"],
        "headers": {"Cookie": "theme=dark; sessionid=FILL_IN_SESSIONID", "Origin": "https://chat.example.test"},
        "script": [
            {"at": "50ms", "send": {"type": "hello", "user": "ann"}},
            {"at": "120ms", "expect": {"$.type": "hello.ok"}, "timeout": "5s"},
            {"at": "1000ms", "send": {"text": "ping me"}},
            {"at": "1010ms", "expect": {"$": "pong"}, "timeout": "5s"},
            {"at": "1500ms", "send": {"base64": "AAEC"}},
            {"at": "2500ms", "send": {"json": {"text": "hi"}}},
            {"at": "3000ms", "send": {"type": "auth", "token": "FILL_IN_TOKEN"}},
            {"at": "3400ms", "expect": {"$[0]": "update"}, "timeout": "5s"},
            {"at": "4250ms", "expect": {"$.op": 0}, "timeout": "5s"}
        ]})");
    QCOMPARE(text(groups.at(0)), text(expected1));
    QCOMPARE(result.toFillIn, QStringList({
        QStringLiteral("$.groups[0].url: query 'token' looked like a credential; its recorded value is not kept (FILL_IN_TOKEN)"),
        QStringLiteral("$.groups[0].script[6].send.token: 'token' looked like a credential; its recorded value is not kept (FILL_IN_TOKEN)"),
        QStringLiteral("$.groups[0].headers.Cookie: cookie 'sessionid' looked like a credential; its recorded value is not kept (FILL_IN_SESSIONID)"),
    }));
}

void tst_HarImporter::plainWebSocketNotes()
{
    // 12 frames: 9 steps, and one line for each of the other 3.
    const HarImport result = HarImporter::importRecording(fixture(QStringLiteral("plain-ws.har")), QStringLiteral("plain-ws.har"));
    QCOMPARE(result.notReplayed, QStringList({
        QStringLiteral("$.groups[0] (ws-0): 1 message received with no field that names its kind (type, event, op, action, kind): not expected"),
        QStringLiteral("$.groups[0] (ws-0): 1 binary message received: not expected (a match reads text or JSON)"),
        QStringLiteral("$.groups[0] (ws-0): message sent at 3.20 s contains \"{{\", which a template reads as a placeholder and cannot "
                       "write: not replayed ($.log.entries[2]._webSocketMessages[9])"),
        QStringLiteral("2 HTTP requests were not replayed"),
    }));
}

void tst_HarImporter::longIntegersAreSentAsText()
{
    // 2^64 + 1 does not fit a QJsonValue: the message goes as the text it was. A 2^63 - 1 does.
    const HarImport result = HarImporter::importRecording(har({wsEntry(QStringLiteral("ws://a.test/"), {
        message("send", t0 + 0.1, QStringLiteral(R"({"id":18446744073709551617,"s":"12345678901234567890123"})")),
        message("send", t0 + 0.2, QStringLiteral(R"({"id":9223372036854775807})")),
    })}), QStringLiteral("ids.har"));
    const QJsonValue expected = json(R"([{"at": "79ms", "send": {"text": "{\"id\":18446744073709551617,\"s\":\"12345678901234567890123\"}"}},
                                         {"at": "179ms", "send": {"id": 9223372036854775807}}])");
    QCOMPARE(text(result.scenario.value(u"groups").toArray().at(0).toObject().value(u"script")), text(expected));
}

void tst_HarImporter::socketIoOverWebSocket()
{
    const HarImport result = HarImporter::importRecording(fixture(QStringLiteral("socketio-websocket.har")), QStringLiteral("socketio-websocket.har"));
    QVERIFY2(result.isOk(), qPrintable(errorTexts(result).join(u'\n')));
    const QJsonArray groups = result.scenario.value(u"groups").toArray();
    QCOMPARE(groups.size(), 1);
    // EIO and transport are the client's own; the rest of the query stays. The namespace and auth
    // come from the CONNECT packet; an emit that asked for an ack asks for one again.
    const QJsonValue expected2 = json(R"({
        "name": "socket.io-0", "clients": 1, "protocol": "socketio",
        "url": "http://localhost:3000/socket.io/?room=lobby",
        "transport": "websocket", "namespace": "/chat",
        "auth": {"token": "FILL_IN_TOKEN", "user": "ann"},
        "headers": {"Origin": "http://localhost:3000"},
        "script": [
            {"at": "20ms", "emit": "join", "args": ["lobby"]},
            {"at": "30ms", "expect": {"$event": "joined"}, "timeout": "5s"},
            {"at": "1000ms", "emit": "chat", "args": [{"text": "hi"}], "ack": true},
            {"at": "26000ms", "expect": {"$event": "chat"}, "timeout": "5s"},
            {"at": "28000ms", "expect": {"$event": "file"}, "timeout": "5s"}
        ]})");
    QCOMPARE(text(groups.at(0)), text(expected2));
    QCOMPARE(result.scenario.value(u"duration").toString(), QStringLiteral("56s"));
    QCOMPARE(result.toFillIn, QStringList({QStringLiteral(
        "$.groups[0].auth.token: 'token' looked like a credential; its recorded value is not kept (FILL_IN_TOKEN)")}));
    QCOMPARE(result.notReplayed, QStringList({
        QStringLiteral("$.groups[0] (socket.io-0): 1 Engine.IO open packet: the protocol's handshake, not replayed"),
        QStringLiteral("$.groups[0] (socket.io-0): 2 Socket.IO CONNECT packets and answers: made by the protocol (namespace, auth)"),
        QStringLiteral("$.groups[0] (socket.io-0): 1 acknowledgement received: the protocol measures acks of emits with \"ack\": true"),
        QStringLiteral("$.groups[0] (socket.io-0): 4 Engine.IO ping/pong packets: answered by the protocol, not replayed"),
        QStringLiteral("$.groups[0] (socket.io-0): 1 packet in namespace /: a socketio group joins one namespace (/chat), not replayed"),
        QStringLiteral("1 HTTP request was not replayed"),
    }));
}

void tst_HarImporter::socketIoPollingUpgrade()
{
    const HarImport result = HarImporter::importRecording(fixture(QStringLiteral("socketio-polling.har")), QStringLiteral("socketio-polling.har"));
    QVERIFY2(result.isOk(), qPrintable(errorTexts(result).join(u'\n')));
    const QJsonArray groups = result.scenario.value(u"groups").toArray();
    QCOMPARE(groups.size(), 1);
    // The CONNECT and the first events went over long-polling before the upgrade: read from the
    // polling requests' bodies, timed from the handshake request.
    const QJsonValue expected3 = json(R"({
        "name": "socket.io-0", "clients": 1, "protocol": "socketio",
        "url": "https://app.example.test/socket.io/",
        "transport": "polling-upgrade", "namespace": "/admin",
        "auth": {"apiKey": "FILL_IN_APIKEY", "role": "viewer"},
        "headers": {"Origin": "https://app.example.test"},
        "script": [
            {"at": "36ms", "expect": {"$event": "welcome"}, "timeout": "5s"},
            {"at": "40ms", "emit": "subscribe", "args": ["orders"]},
            {"at": "2000ms", "expect": {"$event": "order"}, "timeout": "5s"}
        ]})");
    QCOMPARE(text(groups.at(0)), text(expected3));
    QCOMPARE(result.notReplayed, QStringList({
        QStringLiteral("$.groups[0] (socket.io-0): 1 Engine.IO open packet: the protocol's handshake, not replayed"),
        QStringLiteral("$.groups[0] (socket.io-0): 2 Socket.IO CONNECT packets and answers: made by the protocol (namespace, auth)"),
        QStringLiteral("$.groups[0] (socket.io-0): 3 Engine.IO probe/upgrade packets: made by the protocol's upgrade, not replayed"),
        QStringLiteral("$.groups[0] (socket.io-0): 2 Engine.IO ping/pong packets: answered by the protocol, not replayed"),
        QStringLiteral("4 Engine.IO long-polling requests: read as the start of their Socket.IO connections; the socketio protocol "
                       "makes its own handshake"),
        QStringLiteral("2 HTTP requests were not replayed"),
    }));
}

void tst_HarImporter::socketIoByFramesOnly()
{
    // A custom Engine.IO path: the open packet and the CONNECT give it away.
    const QByteArray input = har({wsEntry(QStringLiteral("wss://rt.example.test/live/?EIO=4&transport=websocket&v=3"), {
        message("receive", t0 + 0.030, QStringLiteral(R"(0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":5000})")),
        message("send", t0 + 0.031, QStringLiteral("40")),
        message("receive", t0 + 0.040, QStringLiteral(R"(40{"sid":"def"})")),
        message("send", t0 + 0.100, QStringLiteral(R"(42["hello",1,{"session":"x"}])")),
        message("send", t0 + 0.200, QStringLiteral("42 not json")),
    })});
    const HarImport result = HarImporter::importRecording(input, QStringLiteral("rt.har"));
    QVERIFY2(result.isOk(), qPrintable(errorTexts(result).join(u'\n')));
    const QJsonObject group = result.scenario.value(u"groups").toArray().at(0).toObject();
    QCOMPARE(group.value(u"protocol").toString(), QStringLiteral("socketio"));
    QCOMPARE(group.value(u"url").toString(), QStringLiteral("https://rt.example.test/live/?v=3"));
    QCOMPARE(group.value(u"transport").toString(), QStringLiteral("websocket"));
    QVERIFY(!group.contains(u"namespace")); // "/" is the default
    QVERIFY(!group.contains(u"auth"));
    QCOMPARE(text(group.value(u"script")), text(json(R"([{"at": "79ms", "emit": "hello", "args": [1, {"session": "FILL_IN_SESSION"}]}])")));
    QVERIFY(result.notReplayed.contains(QStringLiteral(
        "$.groups[0] (live-0): frame $.log.entries[0]._webSocketMessages[4] at 0.18 s is not replayed: the Socket.IO packet's data is not JSON")));
    // No expect, but an emit without ack checks nothing either: no threshold.
    QVERIFY(!result.scenario.contains(u"thresholds"));
}

void tst_HarImporter::graphQlWs()
{
    const HarImport result = HarImporter::importRecording(fixture(QStringLiteral("graphql-ws.har")), QStringLiteral("graphql-ws.har"));
    QVERIFY2(result.isOk(), qPrintable(errorTexts(result).join(u'\n')));
    const QJsonArray groups = result.scenario.value(u"groups").toArray();
    QCOMPARE(groups.size(), 1);
    // The mutation was sent three times, 1.00 s and 1.05 s apart: the group's send at
    // 1 / 1.025 s. The query ran once: listed, not sent.
    const QJsonValue expected4 = json(R"({
        "name": "graphql-0", "clients": 1, "protocol": "graphql-ws",
        "url": "wss://api.example.test/graphql",
        "headers": {"Origin": "https://api.example.test"},
        "connectionInit": {"authorization": "Bearer FILL_IN_AUTHORIZATION", "clientVersion": "1.2"},
        "subscribe": [{"query": "subscription OnPost($room: String!) { posted(room: $room) { from text } }",
                       "variables": {"room": "lobby"}, "operationName": "OnPost"}],
        "send": {"rate": 0.976, "query": "# posts a message\nmutation Post($text: String!) { post(text: $text) }",
                 "variables": {"text": "a"}, "operationName": "Post"},
        "receive": {"match": {"$event": "OnPost"}}
        })");
    QCOMPARE(text(groups.at(0)), text(expected4));
    QCOMPARE(result.scenario.value(u"duration").toString(), QStringLiteral("16s"));
    // The send's answers are round trips, lost when missing: the threshold has something to count.
    QCOMPARE(text(result.scenario.value(u"thresholds")), text(json(R"({"delivery.lost": "==0"})")));
    QCOMPARE(result.notReplayed, QStringList({
        QStringLiteral("$.groups[0] (graphql-0): 2 connection_init/connection_ack messages: made by the protocol (connectionInit)"),
        QStringLiteral("$.groups[0] (graphql-0): 4 complete messages: the protocol's, not replayed"),
        QStringLiteral("$.groups[0] (graphql-0): 2 ping/pong messages: answered by the protocol, not replayed"),
        QStringLiteral("$.groups[0] (graphql-0): 3 next messages of subscription OnPost: read by receive, not expected one by one"),
        QStringLiteral("$.groups[0] (graphql-0): mutation Post was sent 3 times, every 1.02 s (median): it is the group's send (rate "
                       "0.976/s, the first one's variables); its 3 answers are measured as round trips"),
        QStringLiteral("$.groups[0] (graphql-0): query Me at 3.50 s: one-shot operations are not replayed; add it as send.query to run it on the clock"),
        QStringLiteral("$.groups[0] (graphql-0): 1 answer (next/error) to a query or mutation that is not replayed: not expected"),
        QStringLiteral("2 HTTP requests were not replayed"),
    }));
    QCOMPARE(result.toFillIn, QStringList({QStringLiteral(
        "$.groups[0].connectionInit.authorization: 'authorization' looked like a credential; its recorded value is not kept (FILL_IN_AUTHORIZATION)")}));
}

void tst_HarImporter::graphQlWsUnnamedAndSeveralSubscriptions()
{
    auto subscribe = [](double time, const char *id, const char *query, const char *name) {
        QJsonObject payload{{QStringLiteral("query"), QLatin1String(query)}};
        if (name)
            payload.insert(QStringLiteral("operationName"), QLatin1String(name));
        return message("send", time, QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("id"), QLatin1String(id)},
                                                                                   {QStringLiteral("type"), QStringLiteral("subscribe")},
                                                                                   {QStringLiteral("payload"), payload}})
                                                             .toJson(QJsonDocument::Compact)));
    };
    const QJsonArray protocol{QJsonObject{{QStringLiteral("name"), QStringLiteral("Sec-WebSocket-Protocol")},
                                          {QStringLiteral("value"), QStringLiteral("graphql-transport-ws")}}};
    // Two named subscriptions (and one subscribed again): one match for both names.
    const HarImport named = HarImporter::importRecording(har({wsEntry(QStringLiteral("ws://localhost:4000/graphql"), {
        message("send", t0 + 0.022, QStringLiteral(R"({"type":"connection_init"})")),
        message("receive", t0 + 0.030, QStringLiteral(R"({"type":"connection_ack"})")),
        subscribe(t0 + 0.040, "a", "subscription A { a }", "A"),
        subscribe(t0 + 0.041, "b", "  # first\n subscription B { b }", "B"),
        subscribe(t0 + 5.000, "c", "subscription A { a }", "A"),
    }, protocol)}), QStringLiteral("g.har"));
    QVERIFY2(named.isOk(), qPrintable(errorTexts(named).join(u'\n')));
    const QJsonObject group = named.scenario.value(u"groups").toArray().at(0).toObject();
    QVERIFY(!group.contains(u"connectionInit")); // connection_init without a payload
    const QJsonValue expected5 = json(R"([{"query": "subscription A { a }", "operationName": "A"},
                                                           {"query": "  # first\n subscription B { b }", "operationName": "B"}])");
    QCOMPARE(text(group.value(u"subscribe")), text(expected5));
    QCOMPARE(text(group.value(u"receive")), text(json(R"({"match": {"$event": {"regex": "^(A|B)$"}}})")));
    QVERIFY(named.notReplayed.contains(QStringLiteral(
        "$.groups[0] (graphql-0): 1 repeated subscribe of the same subscription: subscribed once")));

    // One without a name: no match ($event would be "subscription 2").
    const HarImport unnamed = HarImporter::importRecording(har({wsEntry(QStringLiteral("ws://localhost:4000/graphql"), {
        subscribe(t0 + 0.040, "a", "subscription A { a }", "A"),
        subscribe(t0 + 2.000, "b", "subscription { b }", nullptr),
    }, protocol)}), QStringLiteral("g.har"));
    const QJsonObject second = unnamed.scenario.value(u"groups").toArray().at(0).toObject();
    QVERIFY(!second.contains(u"receive"));
    QCOMPARE(second.value(u"subscribe").toArray().size(), 2);
    QVERIFY(unnamed.notReplayed.contains(QStringLiteral(
        "$.groups[0] (graphql-0): not every subscription has an operationName: receive reads the next messages of all of them (no match)")));
}

void tst_HarImporter::subscriptionsTransportWsIsPlain()
{
    const QJsonArray protocol{QJsonObject{{QStringLiteral("name"), QStringLiteral("Sec-WebSocket-Protocol")},
                                          {QStringLiteral("value"), QStringLiteral("graphql-ws")}}};
    const HarImport result = HarImporter::importRecording(har({wsEntry(QStringLiteral("ws://localhost:4000/subscriptions"), {
        message("send", t0 + 0.022, QStringLiteral(R"({"type":"connection_init","payload":{}})")),
        message("receive", t0 + 0.030, QStringLiteral(R"({"type":"connection_ack"})")),
        message("send", t0 + 0.040, QStringLiteral(R"({"id":"1","type":"start","payload":{"query":"subscription { a }"}})")),
        message("receive", t0 + 0.050, QStringLiteral(R"({"type":"ka"})")),
    }, protocol)}), QStringLiteral("old.har"));
    const QJsonObject group = result.scenario.value(u"groups").toArray().at(0).toObject();
    QCOMPARE(group.value(u"protocol").toString(), QStringLiteral("ws"));
    QCOMPARE(text(group.value(u"subprotocols")), text(json(R"(["graphql-ws"])")));
    QCOMPARE(group.value(u"script").toArray().size(), 4);
    QCOMPARE(result.notReplayed.first(), QStringLiteral(
        "$.groups[0] (subscriptions-0): the older subscriptions-transport-ws protocol (subprotocol graphql-ws): replayed frame by "
        "frame as a ws group, since the graphql-ws protocol speaks graphql-transport-ws"));
}

void tst_HarImporter::twoConnections()
{
    const HarImport result = HarImporter::importRecording(fixture(QStringLiteral("two-connections.har")), QStringLiteral("two-connections.har"));
    QVERIFY2(result.isOk(), qPrintable(errorTexts(result).join(u'\n')));
    QCOMPARE(result.connections, 2);
    QCOMPARE(result.scenario.value(u"description").toString(), QStringLiteral("Imported from two-connections.har (2 connections)"));
    // The first connection lasts 12.4 s, the second 0.06 s from its own start.
    QCOMPARE(result.scenario.value(u"duration").toString(), QStringLiteral("18s"));
    const QJsonArray groups = result.scenario.value(u"groups").toArray();
    QCOMPARE(groups.size(), 2);
    QCOMPARE(groups.at(0).toObject().value(u"name").toString(), QStringLiteral("prices-0"));
    QCOMPARE(groups.at(1).toObject().value(u"name").toString(), QStringLiteral("news-live-1"));
    // By name (access_token, session, however short) and by shape (a 20-character hex id); a
    // name-like value with digits stays.
    QCOMPARE(groups.at(0).toObject().value(u"url").toString(),
             QStringLiteral("wss://feed.example.test/prices?access_token=FILL_IN_ACCESS_TOKEN&client=FILL_IN_CLIENT&room=lobby-2024-main&v=2"));
    QCOMPARE(groups.at(1).toObject().value(u"url").toString(), QStringLiteral("wss://feed.example.test/news/live?session=FILL_IN_SESSION"));
    // Each connection's script is timed from its own start.
    const QJsonValue expected6 = json(R"([
        {"at": "50ms", "send": {"kind": "hello", "client": "FILL_IN_CLIENT"}},
        {"at": "60ms", "expect": {"$.kind": "welcome"}, "timeout": "5s"}])");
    QCOMPARE(text(groups.at(1).toObject().value(u"script")), text(expected6));
    QCOMPARE(result.toFillIn, QStringList({
        QStringLiteral("$.groups[0].url: query 'access_token' looked like a credential; its recorded value is not kept (FILL_IN_ACCESS_TOKEN)"),
        QStringLiteral("$.groups[0].url: query 'client' looked like a credential; its recorded value is not kept (FILL_IN_CLIENT)"),
        QStringLiteral("$.groups[1].url: query 'session' looked like a credential; its recorded value is not kept (FILL_IN_SESSION)"),
        // The id from the first URL, repeated in the second connection's message under a plain name.
        QStringLiteral("$.groups[1].script[0].send.client: held a value recorded as a credential elsewhere; it is not kept (FILL_IN_CLIENT)"),
    }));
    QCOMPARE(result.notReplayed, QStringList());
}

void tst_HarImporter::firefox()
{
    const HarImport result = HarImporter::importRecording(fixture(QStringLiteral("firefox.har")), QStringLiteral("recordings/firefox.har"));
    QVERIFY2(result.isOk(), qPrintable(errorTexts(result).join(u'\n')));
    QCOMPARE(result.errors, QList<HarError>()); // microsecond dates are read
    // No page title: the file's name.
    QCOMPARE(result.scenario.value(u"name").toString(), QStringLiteral("firefox"));
    const QJsonArray groups = result.scenario.value(u"groups").toArray();
    QCOMPARE(groups.size(), 2);
    // A 101 answer to an https: URL is a WebSocket; its URL becomes wss:.
    const QJsonValue expected7 = json(R"({
        "name": "live-0", "clients": 1, "protocol": "ws", "url": "wss://ff.example.test/live",
        "subprotocols": ["json.v1"], "headers": {"Origin": "https://ff.example.test"}})");
    QCOMPARE(text(groups.at(0)), text(expected7));
    const QJsonValue expected8 = json(R"([
        {"at": "10ms", "send": {"type": "join"}},
        {"at": "20ms", "expect": {"$.type": "joined"}, "timeout": "5s"}])");
    QCOMPARE(text(groups.at(1).toObject().value(u"script")), text(expected8));
    QCOMPARE(result.notReplayed, QStringList({
        QStringLiteral("$.groups[0] (live-0): the recording has no messages for this connection (no _webSocketMessages; Firefox's HAR "
                       "export leaves them out): only the connection is replayed"),
        QStringLiteral("$.groups[1] (events-1): 1 control frame (close, ping or pong): made by the WebSocket layer, not replayed"),
    }));
}

void tst_HarImporter::recordedCredentialsNeverReachTheScenario_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("secrets");
    const QString jwt = QStringLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
    QTest::addRow("plain") << "plain-ws.har" << QStringList{jwt, QStringLiteral("abc123def456"), QStringLiteral("9f86d081884c7d659a2feaa0c55ad015")};
    QTest::addRow("socket.io") << "socketio-websocket.har" << QStringList{jwt, QStringLiteral("Xg2h3k4l5m6n7o8pAAAB")};
    QTest::addRow("socket.io polling") << "socketio-polling.har" << QStringList{QStringLiteral("k_live_51HxYz8Q2w3e4r5t6y7u"), QStringLiteral("s9Fh3kLmNo12PqRsAAAD")};
    QTest::addRow("graphql-ws") << "graphql-ws.har" << QStringList{jwt};
    QTest::addRow("two") << "two-connections.har" << QStringList{QStringLiteral("access_token=abc&"), QStringLiteral("0123456789abcdef0123"), QStringLiteral("s3cr3t-sess10n")};
}

void tst_HarImporter::recordedCredentialsNeverReachTheScenario()
{
    QFETCH(QString, file);
    QFETCH(QStringList, secrets);
    const HarImport result = HarImporter::importRecording(fixture(file), file);
    QVERIFY(result.isOk());
    const QByteArray written = QJsonDocument(result.scenario).toJson(QJsonDocument::Compact);
    for (const QString &secret : std::as_const(secrets))
        QVERIFY2(!written.contains(secret.toUtf8()), qPrintable(secret));
    for (const QString &line : result.toFillIn + result.notReplayed) {
        for (const QString &secret : std::as_const(secrets))
            QVERIFY2(!line.contains(secret), qPrintable(line));
    }
}

void tst_HarImporter::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");

    QTest::addRow("empty") << QByteArray() << "not JSON: illegal value at byte 0";
    QTest::addRow("not JSON") << QByteArray("HTTP/1.1 200 OK") << "not JSON: illegal value at byte 1";
    QTest::addRow("truncated") << QByteArray(R"({"log": {"entries": [)") << "not JSON: unterminated array at byte 21";
    QTest::addRow("array") << QByteArray("[]") << "$: expected an object (a HAR file: {\"log\": {\"entries\": [...]}}), got an array";
    QTest::addRow("no log") << QByteArray(R"({"version": "1.2"})")
                            << "$.log: missing: not a HAR file (HAR 1.2 is {\"log\": {\"entries\": [...]}})";
    QTest::addRow("log not object") << QByteArray(R"({"log": "x"})") << "$.log: expected an object, got \"x\"";
    QTest::addRow("entries not array") << QByteArray(R"({"log": {"entries": {}}})") << "$.log.entries: expected an array of entries, got an object";
    QTest::addRow("no entries") << QByteArray(R"({"log": {"entries": []}})")
                                << "$.log.entries: no WebSocket connection in the recording (an entry with _resourceType \"websocket\", "
                                   "a ws:// or wss:// URL or a 101 response); record with the DevTools Network panel open before the page connects";
    QTest::addRow("entry not object") << QByteArray(R"({"log": {"entries": [5]}})") << "$.log.entries[0]: expected an object (an entry), got 5";
    QTest::addRow("no request") << QByteArray(R"({"log": {"entries": [{"_resourceType": "websocket"}]}})")
                                << "$.log.entries[0].request: expected an object (the request), got nothing";
    QTest::addRow("url not string") << QByteArray(R"({"log": {"entries": [{"_resourceType": "websocket", "request": {"url": 1}}]}})")
                                    << "$.log.entries[0].request.url: expected the request's URL, got 1";
    QTest::addRow("only HTTP") << QByteArray(R"({"log": {"entries": [{"request": {"url": "https://a.test/"}, "response": {"status": 200}}]}})")
                               << "$.log.entries: no WebSocket connection in the recording (an entry with _resourceType \"websocket\", "
                                  "a ws:// or wss:// URL or a 101 response); record with the DevTools Network panel open before the page connects";
}

void tst_HarImporter::malformed()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    const HarImport result = HarImporter::importRecording(input, QStringLiteral("bad.har"));
    QVERIFY(!result.isOk());
    QVERIFY(result.scenario.isEmpty());
    QVERIFY2(errorTexts(result).contains(error), qPrintable(errorTexts(result).join(u'\n')));
}

void tst_HarImporter::badMessagesAreLeftOutAndTheRestImported()
{
    QJsonArray messages{
        message("send", t0 + 0.1, QStringLiteral(R"({"type":"ok"})")),
        message("send", t0 + 0.2, QStringLiteral("x"), 7),
        QJsonObject{{QStringLiteral("type"), QStringLiteral("send")}, {QStringLiteral("time"), t0 + 0.3}, {QStringLiteral("opcode"), 1}},
        message("sent", t0 + 0.4, QStringLiteral("x")),
        QJsonObject{{QStringLiteral("type"), QStringLiteral("send")}, {QStringLiteral("time"), QStringLiteral("soon")},
                    {QStringLiteral("opcode"), 1}, {QStringLiteral("data"), QStringLiteral("x")}},
        message("receive", t0 + 0.5, QStringLiteral("%%%"), 2),
        QStringLiteral("a string"),
        message("send", t0 + 0.6, QStringLiteral(R"({"type":"ok2"})")),
    };
    QJsonObject badList = wsEntry(QStringLiteral("wss://b.test/"), {});
    badList.insert(QStringLiteral("_webSocketMessages"), QStringLiteral("none"));
    QJsonObject badHeader = wsEntry(QStringLiteral("wss://c.test/"), {}, {QJsonObject{{QStringLiteral("name"), 1}}});
    badHeader.insert(QStringLiteral("startedDateTime"), QStringLiteral("yesterday"));
    const HarImport result = HarImporter::importRecording(har({wsEntry(QStringLiteral("wss://a.test/ws"), messages), badList, badHeader}),
                                                          QStringLiteral("bad.har"));
    QVERIFY(result.isOk());
    QCOMPARE(errorTexts(result), QStringList({
        QStringLiteral("$.log.entries[0]._webSocketMessages[1].opcode: expected 1 (text) or 2 (binary), got 7"),
        QStringLiteral("$.log.entries[0]._webSocketMessages[2].data: expected the message's payload as a string, got nothing"),
        QStringLiteral("$.log.entries[0]._webSocketMessages[3].type: expected \"send\" or \"receive\", got \"sent\""),
        QStringLiteral("$.log.entries[0]._webSocketMessages[4].time: expected a time in seconds since the epoch, got \"soon\""),
        QStringLiteral("$.log.entries[0]._webSocketMessages[5].data: expected base64 (opcode 2 is a binary message), got \"%%%\""),
        QStringLiteral("$.log.entries[0]._webSocketMessages[6]: expected an object (a WebSocket message), got \"a string\""),
        QStringLiteral("$.log.entries[1]._webSocketMessages: expected an array of messages, got \"none\""),
        QStringLiteral("$.log.entries[2].startedDateTime: expected an ISO 8601 date and time, got \"yesterday\""),
        QStringLiteral("$.log.entries[2].request.headers[0]: expected {\"name\": \"...\", \"value\": \"...\"}, got an object"),
    }));
    QCOMPARE(result.connections, 3);
    const QJsonValue expected9 = json(R"([
        {"at": "79ms", "send": {"type": "ok"}}, {"at": "579ms", "send": {"type": "ok2"}}])");
    QCOMPARE(text(result.scenario.value(u"groups").toArray().at(0).toObject().value(u"script")), text(expected9));
}

void tst_HarImporter::messagesPerConnectionAreCapped()
{
    // Built as text: a QJsonArray of 100,005 objects is slow to build in a debug build.
    QByteArray input = R"({"log":{"entries":[{"_resourceType":"websocket","request":{"url":"ws://big.test/feed"},"_webSocketMessages":[)";
    const qsizetype count = HarReader::maxFrames + 5;
    for (qsizetype i = 0; i < count; ++i) {
        if (i > 0)
            input += ',';
        input += R"({"type":"receive","time":)" + QByteArray::number(t0 + double(i) / 1000, 'f', 3)
            + R"(,"opcode":1,"data":"{\"type\":\"tick\"}"})";
    }
    input += "]}]}}";
    const HarImport result = HarImporter::importRecording(input, QStringLiteral("big.har"));
    QVERIFY(result.isOk());
    QCOMPARE(result.scenario.value(u"groups").toArray().at(0).toObject().value(u"script").toArray().size(), HarReader::maxFrames);
    QVERIFY(result.notReplayed.contains(QStringLiteral(
        "$.groups[0] (feed-0): only the first 100000 of 100005 recorded messages were imported; the rest are not replayed")));
    // 100 s of ticks (no startedDateTime: timed from the first frame), + 5 s.
    QCOMPARE(result.scenario.value(u"duration").toString(), QStringLiteral("105s"));
}

void tst_HarImporter::credentialNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("secret");
    for (const char *name : {"token", "access_token", "accessToken", "auth", "auth_key", "apiKey", "api-key", "X-Api-Key", "key",
                             "session", "sessionId", "sid", "connect.sid", "PHPSESSID", "jwt", "signature", "X-Amz-Signature",
                             "password", "client_secret", "Authorization", "sig"})
        QTest::addRow("%s", name) << QString::fromLatin1(name) << true;
    for (const char *name : {"room", "channel", "v", "EIO", "transport", "author", "monkey", "keyboardLayout", "user", "t", "lang"})
        QTest::addRow("%s", name) << QString::fromLatin1(name) << false;
}

void tst_HarImporter::credentialNames()
{
    QFETCH(QString, name);
    QFETCH(bool, secret);
    QCOMPARE(CredentialGuess::isCredentialName(name), secret);
}

void tst_HarImporter::credentialValues_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("secret");
    QTest::addRow("jwt") << "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc" << true;
    QTest::addRow("jwt without signature") << "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0." << true;
    QTest::addRow("signed token") << "aGVsbG8gd29ybGQx.MTcxNDU1NzYwMA12.c2lnbmF0dXJlcw9" << true;
    QTest::addRow("hex session id") << "9f86d081884c7d659a2feaa0c55ad015" << true;
    QTest::addRow("base64 key") << "k_live_51HxYz8Q2w3e4r5t6y7u" << true;
    QTest::addRow("uuid") << "550e8400-e29b-41d4-a716-446655440000" << true;
    QTest::addRow("short") << "abc123" << false;
    QTest::addRow("word") << "internationalization" << false;
    QTest::addRow("timestamp") << "1714557600123" << false;
    QTest::addRow("long number") << "17145576001234567" << false;
    QTest::addRow("name with digits apart") << "lobby-2024-main-room" << false;
    QTest::addRow("host name") << "cdn.example.com" << false;
    QTest::addRow("version") << "1.2.3" << false;
    QTest::addRow("sentence") << "hello world, 12345 times" << false;
}

void tst_HarImporter::credentialValues()
{
    QFETCH(QString, value);
    QFETCH(bool, secret);
    QCOMPARE(CredentialGuess::looksLikeCredential(value), secret);
}

void tst_HarImporter::graphQlOperation_data()
{
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("operationName");
    QTest::addColumn<QString>("expected");
    QTest::addRow("subscription") << "subscription OnPost { posted { id } }" << "" << "subscription OnPost";
    QTest::addRow("comments and commas first") << "# the feed\n,, \n subscription { posted }" << "" << "subscription";
    QTest::addRow("shorthand query") << "{ me { id } }" << "" << "query";
    QTest::addRow("mutation with variables") << "mutation Post($t: In = {a: \"}\"}) { post(t: $t) }" << "" << "mutation Post";
    QTest::addRow("fragment first") << "fragment F on Post { id }\nsubscription S { posted { ...F } }" << "" << "subscription S";
    QTest::addRow("picked by name") << "query A { a } subscription B { b }" << "B" << "subscription B";
    QTest::addRow("name not in it") << "query A { a }" << "B" << "operation";
    QTest::addRow("string with braces") << "query Q { f(s: \"{ not a block\") } subscription S { s }" << "S" << "subscription S";
    QTest::addRow("block string") << "query Q { f(s: \"\"\" } \\\"\"\" \"\"\") } mutation M { m }" << "M" << "mutation M";
    QTest::addRow("unterminated") << "subscription S { s" << "" << "operation";
    QTest::addRow("empty") << "" << "" << "operation";
    QTest::addRow("garbage") << "}}} subscription" << "" << "operation";
}

void tst_HarImporter::graphQlOperation()
{
    QFETCH(QString, document);
    QFETCH(QString, operationName);
    QFETCH(QString, expected);
    QCOMPARE(GraphQlOperation::find(document, operationName).toString(), expected);
}

void tst_HarImporter::socketIoPacket_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // engine type/type/nsp/id/attachments/data, or the error

    QTest::addRow("ping") << QByteArray("2") << "engine 2";
    QTest::addRow("probe") << QByteArray("3probe") << "engine 3 probe";
    QTest::addRow("connect default") << QByteArray("40") << "type 0 nsp / id - att 0 data ";
    QTest::addRow("connect with auth") << QByteArray(R"(40/admin,{"token":"x"})") << R"(type 0 nsp /admin id - att 0 data {"token":"x"})";
    QTest::addRow("event") << QByteArray(R"(42["chat","hi"])") << R"(type 2 nsp / id - att 0 data ["chat","hi"])";
    QTest::addRow("event with ack in namespace") << QByteArray(R"(42/chat,17["chat"])") << R"(type 2 nsp /chat id 17 att 0 data ["chat"])";
    QTest::addRow("ack") << QByteArray(R"(4317[{"ok":true}])") << R"(type 3 nsp / id 17 att 0 data [{"ok":true}])";
    QTest::addRow("binary event") << QByteArray(R"(452-/up,["file",{"_placeholder":true,"num":0}])")
                                  << R"(type 5 nsp /up id - att 2 data ["file",{"_placeholder":true,"num":0}])";
    QTest::addRow("namespace without comma") << QByteArray("41/chat") << "type 1 nsp /chat id - att 0 data ";
    QTest::addRow("empty") << QByteArray() << "error: an Engine.IO packet starts with a type digit 0-6";
    QTest::addRow("bad engine type") << QByteArray("9") << "error: an Engine.IO packet starts with a type digit 0-6";
    QTest::addRow("bad packet type") << QByteArray("4x") << "error: a Socket.IO packet starts with a type digit 0-6";
    QTest::addRow("binary without count") << QByteArray("45[]") << "error: a binary Socket.IO packet needs its attachment count and \"-\"";
    QTest::addRow("data not JSON") << QByteArray("42[oops") << "error: the Socket.IO packet's data is not JSON";
    QTest::addRow("event not array") << QByteArray(R"(42{"a":1})") << "error: a Socket.IO event's data is an array [name, args...]";
    QTest::addRow("huge ack id") << QByteArray("429999999999999999999[\"x\"]") << "error: the Socket.IO ack id is longer than 15 digits";
}

void tst_HarImporter::socketIoPacket()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QString error;
    const std::optional<RecordedSocketIoPacket> packet = RecordedSocketIoPacket::parse(text, &error);
    QString got;
    if (!packet) {
        got = QStringLiteral("error: ") + error;
    } else if (!packet->isMessage()) {
        got = QStringLiteral("engine %1").arg(int(packet->engineType));
        if (!packet->engineData.isEmpty())
            got += u' ' + QString::fromUtf8(packet->engineData);
    } else {
        QByteArray data;
        if (packet->data.isArray())
            data = QJsonDocument(packet->data.toArray()).toJson(QJsonDocument::Compact);
        else if (packet->data.isObject())
            data = QJsonDocument(packet->data.toObject()).toJson(QJsonDocument::Compact);
        got = QStringLiteral("type %1 nsp %2 id %3 att %4 data %5")
                  .arg(int(packet->type))
                  .arg(packet->nsp, packet->id ? QString::number(*packet->id) : QStringLiteral("-"))
                  .arg(packet->attachments)
                  .arg(QString::fromUtf8(data));
    }
    QCOMPARE(got, expected);
}

void tst_HarImporter::matchFor_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("match"); // "" for none
    QTest::addRow("type") << QByteArray(R"({"type":"chat.message","text":"hi"})") << QByteArray(R"({"$.type":"chat.message"})");
    QTest::addRow("event before op") << QByteArray(R"({"op":"x","event":"phx_reply"})") << QByteArray(R"({"$.event":"phx_reply"})");
    QTest::addRow("numeric op") << QByteArray(R"({"op":10,"d":{}})") << QByteArray(R"({"$.op":10})");
    QTest::addRow("fractional op") << QByteArray(R"({"op":1.5})") << QByteArray();
    QTest::addRow("token-like type") << QByteArray(R"({"type":"9f86d081884c7d659a2feaa0c55ad015"})") << QByteArray();
    QTest::addRow("array name") << QByteArray(R"(["update",{"a":1}])") << QByteArray(R"({"$[0]":"update"})");
    QTest::addRow("empty array") << QByteArray("[]") << QByteArray();
    QTest::addRow("no discriminator") << QByteArray(R"({"n":5})") << QByteArray();
    QTest::addRow("fixed text") << QByteArray("pong") << QByteArray(R"({"$":"pong"})");
    QTest::addRow("text with a number") << QByteArray("tick 42") << QByteArray();
    QTest::addRow("number") << QByteArray("42") << QByteArray();
}

void tst_HarImporter::matchFor()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, match);
    const std::optional<QJsonObject> found = WsRecordingImport::matchFor(message);
    if (match.isEmpty()) {
        QVERIFY2(!found, found ? QJsonDocument(*found).toJson().constData() : "");
    } else {
        QVERIFY(found);
        QCOMPARE(QJsonDocument(*found).toJson(QJsonDocument::Compact), match);
    }
}

QTEST_GUILESS_MAIN(tst_HarImporter)
#include "tst_harimporter.moc"
