#include "wsframecodec.h"

void WsFrameCodec::appendClientFrame(std::string &out, Opcode opcode, std::string_view payload, uint32_t maskKey)
{
    // RFC 6455 5.2: FIN + RSV1-3 (0, no extension was negotiated) + opcode.
    out.push_back(char(0x80 | opcode));
    // Payload length: 7 bits, or 126 + 16 bits, or 127 + 64 bits, network byte order; the
    // MASK bit is set on every client frame (5.3).
    const uint64_t length = payload.size();
    if (length < 126) {
        out.push_back(char(0x80 | length));
    } else if (length <= 0xffff) {
        out.push_back(char(0x80 | 126));
        out.push_back(char(length >> 8));
        out.push_back(char(length & 0xff));
    } else {
        out.push_back(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(char((length >> shift) & 0xff));
    }
    const char mask[4] = {char(maskKey >> 24), char(maskKey >> 16), char(maskKey >> 8), char(maskKey)};
    out.append(mask, 4);
    // 5.3: octet i of the payload is XORed with octet i mod 4 of the masking key.
    const size_t start = out.size();
    out.append(payload);
    for (size_t i = 0; i < payload.size(); ++i)
        out[start + i] = char(out[start + i] ^ mask[i & 3]);
}

WsFrameCodec::DecodeResult WsFrameCodec::decodeServerFrame(std::string_view buffer, uint64_t maxPayload)
{
    DecodeResult result;
    if (buffer.size() < 2)
        return result;
    const auto byte = [&](size_t i) { return uint8_t(buffer[i]); };
    const uint8_t first = byte(0);
    const uint8_t second = byte(1);
    if (first & 0x70) {
        // 5.2: a nonzero RSV bit without a negotiated extension fails the connection.
        result.status = DecodeStatus::ProtocolError;
        result.error = "reserved bits set in a frame";
        return result;
    }
    if (second & 0x80) {
        // 5.1: "A client MUST close a connection if it detects a masked frame."
        result.status = DecodeStatus::ProtocolError;
        result.error = "masked frame from the server";
        return result;
    }
    size_t header = 2;
    uint64_t length = second & 0x7f;
    if (length == 126) {
        if (buffer.size() < 4)
            return result;
        length = uint64_t(byte(2)) << 8 | byte(3);
        header = 4;
    } else if (length == 127) {
        if (buffer.size() < 10)
            return result;
        length = 0;
        for (size_t i = 2; i < 10; ++i)
            length = length << 8 | byte(i);
        header = 10;
    }
    const uint8_t opcode = first & 0x0f;
    if ((opcode & 0x8) && (length > 125 || !(first & 0x80))) {
        // 5.5: control frames carry at most 125 bytes and are never fragmented.
        result.status = DecodeStatus::ProtocolError;
        result.error = "invalid control frame";
        return result;
    }
    if (length > maxPayload) {
        result.status = DecodeStatus::ProtocolError;
        result.error = "frame larger than the generator accepts";
        return result;
    }
    if (buffer.size() - header < length)
        return result;
    result.status = DecodeStatus::Complete;
    result.frame.fin = first & 0x80;
    result.frame.opcode = opcode;
    result.frame.payload = buffer.substr(header, size_t(length));
    result.consumed = header + size_t(length);
    return result;
}
