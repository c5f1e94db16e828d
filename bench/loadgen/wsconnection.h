#pragma once

#include "clientconnection.h"

#include <cstdint>
#include <string>

// A minimal RFC 6455 client: the opening handshake (section 4.1) with the Sec-WebSocket-Accept
// check, masked text frames out, unmasked frames in, pings answered, fragmented messages
// reassembled. No extensions and no subprotocols are offered.
class WsConnection : public ClientConnection
{
public:
    WsConnection(EventLoop &loop, ConnectionObserver &observer, int index);

    // Sends one text message (the caller's JSON) as one masked frame.
    void sendText(std::string_view text);

protected:
    void sendRequest() override;
    size_t consume(std::string_view bytes, int64_t nowNs) override;

private:
    size_t consumeHandshake(std::string_view bytes, int64_t nowNs);
    size_t consumeFrames(std::string_view bytes, int64_t nowNs);
    void sendControl(uint8_t opcode, std::string_view payload);
    uint32_t nextMaskKey();

    std::string m_expectedAccept;
    std::string m_fragments;     // a fragmented text message so far (5.4)
    bool m_inFragmentedMessage = false;
    uint64_t m_maskState;
    std::string m_frame;         // reused for every outgoing frame
};
