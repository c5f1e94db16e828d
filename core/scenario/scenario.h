#pragma once

#include "message/fieldextractor.h"
#include "message/messagematcher.h"
#include "message/messagetemplate.h"
#include "scenario/threshold.h"
#include "server/serverconfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>
#include <vector>

// A load scenario as read from a scenario file (DESIGN section 7, docs/scenarios.md): what the
// embedded server is told, which groups of simulated clients run, which faults happen when, and
// which thresholds decide pass or fail. A plain value; ScenarioLoader builds it, the Runner runs it.
namespace scenario {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// socketio and graphql-ws run on top of WebSocket (docs/scenarios.md, "Socket.IO" and "GraphQL
// over WebSocket"); their settings are the group's socketIo and graphQl.
enum class Protocol { WebSocket, Sse, Poll, Publish, SocketIo, GraphQlWs };

// How a client that lost its connection waits before trying again.
struct ReconnectSettings
{
    enum class Jitter { None, Full, Equal };
    bool enabled = true;
    milliseconds initialDelay{500};
    double multiplier = 2.0;
    milliseconds maxDelay{10000};
    Jitter jitter = Jitter::Full;
    int maxAttempts = 0;            // 0: keep trying for the whole run
    // A session the server ends this soon after it opened, before any delivery, was a refusal
    // (an upgrade accepted, then closed with 4001): a failed connect, and the backoff goes on.
    milliseconds minSession{1000};
};

// Ends sessions on purpose, so reconnects and resume are exercised under load.
struct ChurnSettings
{
    enum class Kind { None, Rate, Fixed, Uniform, Exponential };
    Kind kind = Kind::None;
    double disconnectsPerSecond = 0; // Rate: over the whole group
    milliseconds sessionLength{0};   // Fixed: each session; Exponential: the mean
    milliseconds sessionMin{0};      // Uniform
    milliseconds sessionMax{0};      // Uniform
};

// What each client sends (open model: sends are scheduled by the clock, not by replies).
struct SendSettings
{
    double ratePerClient = 0;       // messages per second per client; 0: sends nothing
    int payloadBytes = 64;          // padding so the message has this size (approximately)
    QString type = QStringLiteral("load.message");
    // publish: a channel message every subscriber receives; echo: answered to the sender only
    // (round-trip time); WS only.
    enum class Mode { Publish, Echo };
    Mode mode = Mode::Publish;
    // send.template: what each send puts on the wire, as it is (docs/scenarios.md, "Templates");
    // without one, the embedded server's envelope carrying SocketScope's own stamp. socketio:
    // the event as a JSON array ["event", args...]; graphql-ws: the operation's subscribe payload.
    std::optional<MessageTemplate> message;
    // Each send is a request the protocol answers (a Socket.IO ack, a GraphQL operation's
    // result): its round trip is measured, and one unanswered for receive.timeout is lost.
    bool expectsAnswer = false;
};

// One step a client takes after every (re)connect, before the session counts as connected and
// its steady sends begin (docs/scenarios.md, "onOpen"): join a room, subscribe, authenticate.
struct OnOpenStep
{
    enum class Kind { Send, Wait, Expect };
    Kind kind = Kind::Send;
    std::optional<MessageTemplate> message;   // Send (socketio: an emit, as ["event", args...])
    bool awaitsAnswer = false;                // Send: the next step waits for its answer (an emit's ack)
    milliseconds wait{0};                     // Wait
    std::optional<MessageMatcher> expect;     // Expect: the first message that matches
    milliseconds timeout{5000};               // Expect (and an awaited answer): none in time fails the connect
};

// A step of a group's `script` (docs/scenarios.md, "script"): timed from the moment each session
// opened; sends are steady sends (counted, numbered), expects are counted and never block.
struct ScriptStep
{
    enum class Kind { Send, Expect };
    Kind kind = Kind::Send;
    milliseconds at{0};
    std::optional<MessageTemplate> message;   // Send
    bool awaitsAnswer = false;                // Send: a socketio emit with "ack": true, its round trip measured
    std::optional<MessageMatcher> expect;     // Expect: met by the first unclaimed message that matches
    milliseconds timeout{5000};               // Expect: not met by at + timeout is lost
};

// "protocol": "socketio" (docs/scenarios.md, "Socket.IO"): Socket.IO v4 over Engine.IO v4.
struct SocketIoSettings
{
    enum class Transport { PollingUpgrade, WebSocket, Polling };
    Transport transport = Transport::PollingUpgrade;
    QString path;                             // the Engine.IO path; empty: the url's, else /socket.io/
    QString nameSpace = QStringLiteral("/");
    std::optional<MessageTemplate> auth;      // the CONNECT packet's payload
};

// "protocol": "graphql-ws" (docs/scenarios.md, "GraphQL over WebSocket"): the GraphQL over
// WebSocket Protocol, subprotocol graphql-transport-ws.
struct GraphQlSettings
{
    struct Operation
    {
        QString name;                         // operationName, or "subscription N"
        MessageTemplate payload;              // {"query", "variables", "operationName"}
    };
    std::optional<MessageTemplate> connectionInit; // connection_init's payload
    milliseconds ackTimeout{5000};            // connection_ack must come within this
    milliseconds keepAlive{0};                // > 0: the client pings this often
    std::vector<Operation> subscriptions;     // subscribed after the ack, before the session opens
};

// How a group reads what it receives from a server that is not SocketScope's (docs/scenarios.md,
// "receive"): which messages are deliveries, and where each carries its stamps.
struct ReceiveSettings
{
    enum class Expect { All, Others, None };
    bool enabled = false;                     // the group has a "receive" block
    std::optional<MessageMatcher> match;      // none: every message is a delivery
    std::optional<FieldExtractor> sentAt;     // the sender's {{sentAt}}: one-way latency
    std::optional<FieldExtractor> sender;     // the sender's {{client}} ...
    std::optional<FieldExtractor> seq;        // ... and {{seq}}: per-sender accounting
    std::optional<FieldExtractor> correlate;  // a value echoed from our request: round trip
    std::optional<FieldExtractor> serverTime; // the server's own ms since the epoch
    Expect expect = Expect::All;
    milliseconds grace{1000};                 // reconciliation skips this much after open, before close
    milliseconds timeout{10000};              // a correlated request unanswered this long is lost

    bool accountsPerSender() const { return sender.has_value() && seq.has_value(); }
};

struct Phases
{
    milliseconds delay{0};          // start after this much of the run
    milliseconds rampUp{0};         // clients start evenly over this time
    milliseconds hold{0};
    milliseconds rampDown{0};       // clients leave evenly over this time
    milliseconds total() const { return delay + rampUp + hold + rampDown; }
};

struct Group
{
    QString name;
    Protocol protocol = Protocol::WebSocket;
    QString channel = QStringLiteral("general");
    int channels = 1;               // > 1: clients spread round robin over "<channel>-0".."<channel>-(n-1)"
    int clients = 1;
    std::optional<double> arrivalsPerSecond; // arrival model instead of a ramp (still capped at clients)
    Phases phases;
    SendSettings send;
    ChurnSettings churn;
    ReconnectSettings reconnect;
    bool resume = true;             // Last-Event-ID / sync / since after a reconnect
    bool readPaused = false;        // ws/sse: the client stops reading after connecting (a slow consumer)
    // ws, embedded: ?user= (docs/server.md, "Presence"); {{client}} and {{group}} replaced.
    QString user;
    QString userFor(int clientNumber) const;
    milliseconds pollTimeout{25000};
    QList<QPair<QByteArray, QByteArray>> headers;
    QString path;                   // overrides the protocol's default path (/ws, /events, /poll, /publish)
    QString jsonPath;               // "$.groups[2]", for messages about this group

    // --- the user's own server (docs/scenarios.md, "Testing your own server") ---
    // `url`: the whole URL of this group's connections; with it nothing is added to the request
    // but what the group asks for (headers, subprotocols).
    std::optional<MessageTemplate> url;
    QString urlText;                          // as written, for display
    // Header values with placeholders, rendered per connection (the rest are in `headers`).
    QList<QPair<QByteArray, MessageTemplate>> headerTemplates;
    QStringList subprotocols;                 // offered in Sec-WebSocket-Protocol
    QByteArray method;                        // sse: GET or POST; publish: the request's method
    std::optional<MessageTemplate> body;      // sse / publish: the request body
    std::vector<OnOpenStep> onOpen;
    std::vector<ScriptStep> script;
    ReceiveSettings receive;
    std::optional<SocketIoSettings> socketIo;  // protocol socketio
    std::optional<GraphQlSettings> graphQl;    // protocol graphql-ws

    bool usesUrl() const { return url.has_value(); }

    QString channelFor(int clientIndex) const;
};

enum class FaultAction {
    Restart, DropConnections, Latency, DropMessages, IgnorePings, StopReading, RefuseConnections,
    // Several instances (Staging): one instance killed, the broker down, one instance cut off.
    KillInstance, BrokerDown, PartitionInstance
};

struct FaultStep
{
    milliseconds at{0};
    FaultAction action = FaultAction::Restart;
    milliseconds duration{0};       // Latency, DropMessages, IgnorePings, StopReading: 0 = until the end;
                                    // Restart: the downtime; RefuseConnections: how long
    double percent = 0;             // DropConnections, DropMessages
    int instance = 0;               // KillInstance (duration: its downtime), PartitionInstance
    bool brokerPaused = true;       // BrokerDown: paused (SIGSTOP) rather than stopped
    milliseconds latency{0};        // Latency
    milliseconds jitter{0};         // Latency
    QString jsonPath;
};

// "server": {"instances": N, "broker": ..., "proxy": {...}} (docs/scenarios.md, "Several
// instances"): the run stages N `socketscope serve` processes joined by a broker, optionally
// behind a real nginx. Not staged: the one embedded server, in this process.
struct Staging
{
    enum class Balance { RoundRobin, IpHash, LeastConn };
    int instances = 1;
    QString broker;                 // "redis", "nats" (a private one for the run) or a URL; empty: none
    bool proxy = false;             // nginx in front; the clients connect to it
    Balance balance = Balance::RoundRobin;
    milliseconds proxyReadTimeout{60000};
    bool sseBuffering = false;
    int proxyBufferBytes = 0;

    bool isStaged() const { return instances > 1 || !broker.isEmpty() || proxy; }
    // The broker the run starts itself ("redis"/"nats"), as opposed to a URL of the user's.
    bool startsOwnBroker() const { return broker == u"redis" || broker == u"nats"; }
};

struct Target
{
    bool embedded = true;
    QUrl url;                       // when not embedded: ws://, wss://, http://, https://
    QString token;                  // sent as ?token= (WS, SSE) and Authorization: Bearer (HTTP)
    QList<QPair<QByteArray, QByteArray>> headers; // sent by every client
    QList<QPair<QByteArray, MessageTemplate>> headerTemplates; // ... with placeholders, rendered per connection
    bool acceptSelfSignedCertificates = false;
    // Loopback targets: spread the connections over 127.0.0.1 ... 127.0.0.<sourceAddresses>.
    // 0: automatic, as many as the connections need ports (SimTarget::sourceAddressesNeeded()).
    int sourceAddresses = 0;
};

// JSON Web Tokens the simulator signs, one per client (docs/scenarios.md, "jwt"): every client
// can be a user of its own, and tokens can run out during a run.
struct JwtTokens
{
    QString algorithm;              // HS256 ... ES512; empty: no tokens are signed
    QByteArray secret;              // HS*
    QString privateKeyFile;         // RS*, ES*: the clients sign with it
    QString publicKeyFile;          // RS*, ES*: the embedded server verifies with it
    QJsonObject claims;             // string values may hold {{client}} and {{group}}
    milliseconds lifetime{0};       // exp = iat + lifetime; 0: no exp

    bool isSet() const { return !algorithm.isEmpty(); }
    // The claims for one client, placeholders replaced (in string values, at any depth).
    QJsonObject claimsFor(const QString &group, int clientNumber) const;
};

struct Scenario
{
    QString name;
    QString description;
    QString sourceFile;
    QJsonObject source;             // the file as parsed, for the report
    Target target;
    ServerConfig server;            // for the embedded target (port 0 unless the file says)
    Staging staging;                // several instances instead of the one embedded server
    JwtTokens jwt;
    std::vector<Group> groups;
    std::vector<FaultStep> faults;
    std::vector<Threshold> thresholds;
    std::optional<milliseconds> duration; // default: the longest group's phases
    int workers = 0;                // client pool threads; 0: one per core
    quint64 seed = 1;               // for jitter, churn and session lengths: runs repeat exactly

    milliseconds effectiveDuration() const;
    // The most clients connected at once, an upper bound from the phases: each group counts with
    // all its clients from its delay until its phases end (until the run ends when it holds).
    qint64 peakClients() const;
    // Whether some group connects to `target` (the embedded server, or the URL): false when every
    // group has its own `url`, and then no embedded server is started for the run.
    bool usesTarget() const;
    // The distinct `url`s of the groups that have one, as written.
    QStringList groupUrls() const;
};

} // namespace scenario
