#pragma once

#include <QAbstractSocket>
#include <QString>

// Short, stable names for how a connection attempt or a session ended, counted by value in the
// reports and the window's status ("connection refused ×12", "HTTP 401 Unauthorized ×3",
// "close 4001 Unauthorized ×406"): the same wording whichever client saw it, so counts from
// WebSocket, SSE and publish clients add up (docs/reports.md, "How the numbers are made").
namespace TransportOutcome {

// A socket error as a user reads it: "connection refused", "connection reset", "timeout" ...
QString forSocketError(QAbstractSocket::SocketError error);
// An HTTP status with its reason phrase when the server gave one: "HTTP 401 Unauthorized".
QString forHttpStatus(int status, const QByteArray &reason = {});
// A WebSocket close: "close 4001 Unauthorized", "close 1006 (no close frame)".
QString forClose(quint16 code, const QString &reason);

} // namespace TransportOutcome
