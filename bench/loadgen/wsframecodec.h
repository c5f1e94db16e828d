#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// The RFC 6455 frame format (section 5.2) as a client needs it: frames it sends are masked
// (5.3), frames it receives from a server must not be (5.1).
class WsFrameCodec
{
public:
    enum Opcode : uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

    struct Frame
    {
        bool fin = false;
        uint8_t opcode = 0;
        std::string_view payload; // points into the buffer given to decode()
    };

    enum class DecodeStatus { Complete, NeedMore, ProtocolError };

    struct DecodeResult
    {
        DecodeStatus status = DecodeStatus::NeedMore;
        Frame frame;
        size_t consumed = 0; // bytes of the buffer this frame took (Complete only)
        const char *error = nullptr;
    };

    // Appends one masked client frame carrying `payload` to `out`.
    static void appendClientFrame(std::string &out, Opcode opcode, std::string_view payload, uint32_t maskKey);
    // Reads the first frame of `buffer`, a server's byte stream.
    static DecodeResult decodeServerFrame(std::string_view buffer, uint64_t maxPayload);
};
