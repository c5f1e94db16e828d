#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

#include <limits>
#include <utility>

// What HarReader found in a HAR file, checked and typed: the WebSocket connections with their
// frames, and the other (HTTP) requests. Times are seconds since the epoch, as the HAR writes
// them; NaN where the file did not say.
struct HarFrame
{
    enum class Direction { Sent, Received };
    // Control frames (close, ping, pong) are recorded by some exporters; nothing replays them.
    enum class Kind { Text, Binary, Control };

    Direction direction = Direction::Sent;
    Kind kind = Kind::Text;
    int opcode = 1;
    double time = 0;
    QByteArray data;  // text as UTF-8, binary decoded from base64
    QString path;     // "$.log.entries[3]._webSocketMessages[7]", for notes about this frame

    bool isSent() const { return direction == Direction::Sent; }
};

struct HarConnection
{
    qsizetype entryIndex = 0;
    QString path;                                    // "$.log.entries[3]"
    QString url;                                     // as recorded (ws:, wss:, or http(s): from Firefox)
    QList<std::pair<QString, QString>> requestHeaders;
    double startedAt = std::numeric_limits<double>::quiet_NaN(); // startedDateTime
    double openedAt = std::numeric_limits<double>::quiet_NaN();  // startedAt + the handshake's timings
    int responseStatus = 0;                          // the handshake's answer; 0 when not recorded
    bool hasMessageList = false;                     // the entry has _webSocketMessages at all
    QList<HarFrame> frames;                          // in the file's order, at most HarReader::maxFrames
    qsizetype framesBeyondCap = 0;                   // recorded frames that were left out

    // The first request header of that name (case-insensitive), or a null string.
    QString header(QStringView name) const;
    // When the recorded session opened: openedAt (else startedAt) when the file says it and it
    // is plausible (not after the first frame, not hours before it), else the first frame's time.
    double origin() const;
    // The last frame's time, or origin() without frames.
    double lastTime() const;
};

struct HarHttpRequest
{
    qsizetype entryIndex = 0;
    QString method;
    QString url;
    double startedAt = std::numeric_limits<double>::quiet_NaN();
    double endedAt = std::numeric_limits<double>::quiet_NaN();
    // Kept only for Engine.IO long-polling requests (the rest are counted, never replayed).
    QByteArray requestBody;
    QByteArray responseBody;
};

struct HarRecording
{
    QString pageTitle;                    // the first page's non-empty title
    QList<HarConnection> connections;
    QList<HarHttpRequest> httpRequests;
};
