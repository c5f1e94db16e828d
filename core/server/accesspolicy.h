#pragma once

#include <QByteArray>

struct HttpRequestHead;
struct ServerConfig;

// The server's admission rules for a request head: bearer token and origin allow-list.
// Shared by the HTTP endpoints and the WebSocket upgrade so both answer alike.
class AccessPolicy
{
public:
    // True when no token is configured, or the request carries it (?token= or
    // "Authorization: Bearer"). Compared in constant time; the token is never logged.
    static bool tokenAccepted(const ServerConfig &config, const HttpRequestHead &head);
    // The token a request offers: "Authorization: Bearer" first, else ?token=; empty: none.
    static QByteArray offeredToken(const HttpRequestHead &head);
    // True when the allow-list is empty, the request has no Origin (not a browser), or its
    // Origin is listed.
    static bool originAllowed(const ServerConfig &config, const HttpRequestHead &head);
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
};
