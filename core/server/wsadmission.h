#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

// What the HTTP side decided about a WebSocket upgrade before handing the socket to
// QWebSocketServer: the channel, a resume point, and whether to close it at once with a code
// (4001 unauthorized, 1008 origin or bad request): those are sent as WebSocket close frames
// after the handshake, because browsers show a close code but not an HTTP status.
struct WsAdmission
{
    QString channelName;
    QString user; // ?user=: counted in presence and by the per-user limit; empty: anonymous
    std::optional<quint64> resumeAfter;
    std::optional<qint64> tokenExpiresAtMs; // JWT "exp" (wall clock): closed with 4001 then
    int closeCode = 0;
    QString closeReason;
    QHostAddress peer;
    bool holdsAddressSlot = false; // the per-address limiter slot moves with the connection
};
