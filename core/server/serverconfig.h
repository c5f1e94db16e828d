#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

// Everything the embedded server can be told, with safe defaults (DESIGN section 4).
// A plain value: the GUI edits one, `serve` builds one from its flags, scenarios from JSON.
struct ServerConfig
{
    QHostAddress address = QHostAddress::LocalHost; // bind loopback unless asked otherwise
    quint16 port = 8080;                             // 0: any free port
    int workers = 0;                                 // 0: one per core
    // The worker threads' event loop: our epoll dispatcher, or Qt's stock one (to compare).
    enum class EventLoop { Epoll, Qt };
    EventLoop eventLoop = EventLoop::Epoll;

    bool webSocketEnabled = true;
    bool sseEnabled = true;
    bool pollEnabled = true;

    QString token;               // empty: no authentication
    // JSON Web Tokens instead of the one token (docs/server.md, "JWT"): the algorithm (empty: no
    // JWT), and its HS* secret or the PEM public key file of RS*/ES*. The user is the token's sub.
    QString jwtAlgorithm;
    QByteArray jwtSecret;        // never logged or written to a report
    QString jwtPublicKeyFile;
    QStringList allowedOrigins;  // empty: any origin (requests without Origin are always allowed)

    qint64 maxMessageBytes = 64 * 1024;      // WS message (close 1009) and HTTP body (413)
    int maxConnectionsPerAddress = 0;        // 0: 256 for remote peers, unlimited on loopback
    // WebSocket connections of one user (?user=), on all instances joined by a broker that
    // keeps presence (docs/server.md, "Presence"); 0: unlimited. Anonymous ones are not counted.
    int maxConnectionsPerUser = 5;
    double messagesPerSecond = 100;          // per connection, token bucket refill; 0: unlimited
    double messageBurst = 200;               // token bucket size
    qint64 slowConsumerBytes = 1024 * 1024;  // unsent bytes before a subscriber is closed (4008)

    // Message types relayed to the channel unnumbered, never kept or replayed (typing
    // indicators: docs/server.md, "Ephemeral messages"); empty: none.
    QStringList ephemeralTypes{QStringLiteral("chat.typing")};
    int replaySize = 1000;                   // messages kept per channel for resume
    // Channels at once; a new one beyond it is refused (WS 1008, HTTP 503) until one is evicted.
    int maxChannels = 10000;
    // A channel with no subscriber and no publish for this long is evicted with its replay
    // (docs/server.md, "Channels"); 0: never.
    std::chrono::milliseconds channelIdleTimeout{60000};

    std::chrono::milliseconds pingInterval{30000};     // WS ping; two missed pongs close
    std::chrono::milliseconds sseHeartbeat{15000};     // ": heartbeat" comment interval
    std::chrono::milliseconds sseRetry{2000};          // "retry:" sent to SSE clients first
    std::chrono::milliseconds headTimeout{10000};      // time to send a request head (and body)
    std::chrono::milliseconds keepAliveTimeout{60000}; // idle HTTP keep-alive connection
    std::chrono::milliseconds pollDefaultTimeout{25000};
    std::chrono::milliseconds pollMaxTimeout{60000};
    std::chrono::milliseconds shutdownGrace{3000};     // wait for close handshakes, then abort

    // TLS (https://, wss:// on the same port): the user's PEM certificate and key, or a
    // self-signed pair generated at each start (kept in memory). Neither: plain http:// and ws://.
    QString tlsCertificateFile;
    QString tlsKeyFile;
    QByteArray tlsKeyPassphrase;             // for an encrypted key file; never saved or logged
    bool tlsSelfSigned = false;
    QString tlsCertificateOut;               // self-signed: also write its certificate (not the key) here

    // Several instances: the broker between them (redis://HOST:PORT[/DB] or nats://HOST:PORT);
    // empty: this server's channels are its own (docs/server.md, "Several instances").
    QString broker;
    // A name for this instance in logs and /metrics (default: the listening port).
    QString instanceName;

    int maxHeadBytes = 16 * 1024;
    int maxHeaderCount = 100;
    int listenBacklog = 4096;

    bool operator==(const ServerConfig &other) const = default;

    // Empty when valid; otherwise names the option and what was expected.
    QString validate() const;
    int effectiveWorkers() const;
    bool usesJwt() const { return !jwtAlgorithm.isEmpty() || !jwtSecret.isEmpty() || !jwtPublicKeyFile.isEmpty(); }
    bool usesTls() const { return tlsSelfSigned || !tlsCertificateFile.isEmpty() || !tlsKeyFile.isEmpty(); }
    int connectionLimitFor(const QHostAddress &peer) const;
    static std::optional<EventLoop> parseEventLoop(QStringView name);
};
