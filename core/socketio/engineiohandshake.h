#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

// What an Engine.IO server says in its open packet (Engine.IO protocol revision 4, "Protocol /
// Handshake"): the session ID the client sends back as `sid`, the transports it may upgrade to
// and the heartbeat's timing. Read once per session by the simulator's Socket.IO clients.
//
//   0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,
//     "pingTimeout":20000,"maxPayload":1000000}
struct EngineIoHandshake
{
    QString sid;
    QStringList upgrades;
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    qint64 maxPayload = 1000000; // bytes per long-polling body the client may send

    // The data of an open packet (what follows the '0'): a JSON object with a non-empty string
    // `sid` and positive whole numbers `pingInterval` and `pingTimeout` (milliseconds, at most
    // 2^31 - 1). `upgrades` (an array of strings) may be missing: no upgrade. `maxPayload` (a
    // positive whole number) may be missing too: engine.io added it in 6.2 (socket.io 4.5) "as a
    // backward compatible change"; what is assumed without it is engine.io's own default
    // maxHttpBufferSize, 1e6 bytes. Other members are ignored. On failure returns nullopt and
    // sets *error (may be null) to the member that was wrong and why.
    static std::optional<EngineIoHandshake> parse(QByteArrayView openPacketData, QString *error);

    std::chrono::milliseconds pingInterval() const { return std::chrono::milliseconds(pingIntervalMs); }
    std::chrono::milliseconds pingTimeout() const { return std::chrono::milliseconds(pingTimeoutMs); }
    // "Heartbeat": a client that receives no ping within pingInterval + pingTimeout SHOULD
    // consider the connection closed.
    std::chrono::milliseconds pingDeadline() const { return pingInterval() + pingTimeout(); }

    bool canUpgradeToWebSocket() const { return upgrades.contains(QLatin1StringView("websocket")); }

    friend bool operator==(const EngineIoHandshake &, const EngineIoHandshake &) = default;
};
