#pragma once

#include <cstdint>
#include <string_view>

class ClientConnection;

// Who hears what happens on a ClientConnection: the ConnectionSwarm, which passes messages on
// to the benchmark. Called on the event loop's thread; must not destroy the connection.
class ConnectionObserver
{
public:
    virtual ~ConnectionObserver() = default;
    // The protocol handshake completed (WebSocket 101, SSE 200 head).
    virtual void onOpened(ClientConnection &connection, int64_t nowNs) = 0;
    // One text message (WebSocket) or the data of one event (SSE).
    virtual void onMessage(ClientConnection &connection, std::string_view text, int64_t nowNs) = 0;
    // The connection failed or the server closed it; connection.failure() says why.
    virtual void onClosed(ClientConnection &connection) = 0;
};
