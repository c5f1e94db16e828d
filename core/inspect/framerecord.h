#pragma once

#include <QByteArray>
#include <QString>

// One message frame seen by the inspector's tap (a plain value: it crosses from the server's
// workers and the client pools to the GUI). Direction is absolute (client to server or server to
// client); `side` says who observed it: the embedded server or a simulated client.
struct FrameRecord
{
    enum class Direction : quint8 { ClientToServer, ServerToClient };
    enum class Side : quint8 { Server, Client };
    enum class Protocol : quint8 { WebSocket, Sse, Poll, Http };

    quint64 seq = 0;            // the tap's running number, strictly increasing
    qint64 monotonicNs = 0;     // MonotonicClock at capture
    qint64 wallMs = 0;          // wall clock (ms since the epoch), derived from monotonicNs
    quint64 connectionId = 0;   // FrameTap's id of the connection (see FrameConnection)
    QString connectionLabel;    // shared with the connection's FrameConnection (implicitly)
    QString channel;
    QString type;               // the envelope's "type", empty when it had none
    qint64 size = 0;            // bytes of the message on the wire (the full message, not the copy)
    QByteArray payload;         // the message (envelope JSON, poll answer), cut at the tap's limit
    bool truncated = false;     // payload holds only the first bytes of `size`
    Direction direction = Direction::ServerToClient;
    Side side = Side::Server;
    Protocol protocol = Protocol::WebSocket;

    static QString directionName(Direction direction);
    static QString sideName(Side side);
    static QString protocolName(Protocol protocol);
};

// A connection the tap has seen traffic on, so the inspector can offer to follow it.
struct FrameConnection
{
    quint64 id = 0;
    FrameRecord::Side side = FrameRecord::Side::Server;
    FrameRecord::Protocol protocol = FrameRecord::Protocol::WebSocket;
    QString label;      // "127.0.0.1:51234" (server side), "chat #17" (a simulated client)
    QString channel;
    qint64 firstSeenWallMs = 0;
};
