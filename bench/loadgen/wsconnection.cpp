#include "wsconnection.h"

#include "base64.h"
#include "connectionobserver.h"
#include "httpresponsehead.h"
#include "monotonicclock.h"
#include "sha1.h"
#include "wsframecodec.h"

#include <random>

namespace {

// RFC 6455 1.3: the GUID the server appends to the key before hashing.
constexpr std::string_view acceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr size_t maxHeadBytes = 16 * 1024;
// Far above anything the benchmarks receive; a bigger frame means a confused stream.
constexpr uint64_t maxFramePayload = 16 * 1024 * 1024;

uint64_t seedFor(int index)
{
    static std::random_device device;
    return (uint64_t(device()) << 32 | device()) ^ (uint64_t(index) * 0x9E3779B97F4A7C15ull) ^ 1;
}

} // namespace

WsConnection::WsConnection(EventLoop &loop, ConnectionObserver &observer, int index)
    : ClientConnection(loop, observer, index)
    , m_maskState(seedFor(index))
{
}

uint32_t WsConnection::nextMaskKey()
{
    // RFC 6455 5.3 wants masking keys a proxy cannot predict; a load generator talking to its
    // own server on loopback only needs them to vary, so xorshift64 instead of a CSPRNG.
    m_maskState ^= m_maskState << 13;
    m_maskState ^= m_maskState >> 7;
    m_maskState ^= m_maskState << 17;
    return uint32_t(m_maskState >> 16);
}

void WsConnection::sendRequest()
{
    // RFC 6455 4.1: the key is 16 random bytes, base64-encoded.
    std::string nonce(16, '\0');
    for (size_t i = 0; i < nonce.size(); i += 4) {
        const uint32_t random = nextMaskKey();
        for (size_t j = 0; j < 4; ++j)
            nonce[i + j] = char(random >> (j * 8));
    }
    const std::string key = Base64::encode(nonce);
    const Sha1::Digest digest = Sha1::digest(key + std::string(acceptGuid));
    m_expectedAccept = Base64::encode(std::string_view(reinterpret_cast<const char *>(digest.data()), digest.size()));

    std::string request;
    request.reserve(256);
    request.append("GET ").append(requestTarget()).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host()).append("\r\n");
    request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    request.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    request.append("Sec-WebSocket-Version: 13\r\n\r\n");
    write(request);
}

size_t WsConnection::consume(std::string_view bytes, int64_t nowNs)
{
    if (state() == State::Handshaking) {
        const size_t used = consumeHandshake(bytes, nowNs);
        if (state() != State::Open)
            return used;
        return used + consumeFrames(bytes.substr(used), nowNs);
    }
    return consumeFrames(bytes, nowNs);
}

size_t WsConnection::consumeHandshake(std::string_view bytes, int64_t nowNs)
{
    const size_t end = HttpResponseHead::findEnd(bytes);
    if (end == std::string_view::npos) {
        if (bytes.size() > maxHeadBytes)
            fail("handshake response head too large");
        return 0;
    }
    const auto head = HttpResponseHead::parse(bytes.substr(0, end));
    if (!head) {
        fail("malformed handshake response");
        return end;
    }
    // RFC 6455 4.1 (client requirements after the handshake response):
    // a status other than 101 means the handshake did not happen ...
    if (head->status() != 101) {
        fail("handshake answered with HTTP " + std::to_string(head->status()));
        return end;
    }
    // ... Upgrade must be "websocket" and Connection must hold "Upgrade" ...
    if (!head->fieldHasToken("Upgrade", "websocket") || !head->fieldHasToken("Connection", "Upgrade")) {
        fail("handshake response without Upgrade: websocket / Connection: Upgrade");
        return end;
    }
    // ... and Sec-WebSocket-Accept must be base64(SHA-1(key + GUID)).
    const auto accept = head->field("Sec-WebSocket-Accept");
    if (!accept || *accept != m_expectedAccept) {
        fail("wrong Sec-WebSocket-Accept in the handshake response");
        return end;
    }
    // No extension or subprotocol was offered, so none may be accepted.
    if (head->field("Sec-WebSocket-Extensions")) {
        fail("server accepted an extension that was not offered");
        return end;
    }
    markOpen(nowNs);
    return end;
}

size_t WsConnection::consumeFrames(std::string_view bytes, int64_t nowNs)
{
    size_t used = 0;
    while (state() == State::Open) {
        const WsFrameCodec::DecodeResult decoded = WsFrameCodec::decodeServerFrame(bytes.substr(used), maxFramePayload);
        if (decoded.status == WsFrameCodec::DecodeStatus::NeedMore)
            break;
        if (decoded.status == WsFrameCodec::DecodeStatus::ProtocolError) {
            fail(decoded.error);
            break;
        }
        used += decoded.consumed;
        const WsFrameCodec::Frame &frame = decoded.frame;
        switch (frame.opcode) {
        case WsFrameCodec::Text:
        case WsFrameCodec::Binary:
            if (m_inFragmentedMessage) {
                fail("new message inside a fragmented one"); // 5.4
                break;
            }
            if (frame.fin) {
                observer().onMessage(*this, frame.payload, nowNs);
            } else {
                m_inFragmentedMessage = true;
                m_fragments.assign(frame.payload);
            }
            break;
        case WsFrameCodec::Continuation:
            if (!m_inFragmentedMessage) {
                fail("continuation frame without a message"); // 5.4
                break;
            }
            m_fragments.append(frame.payload);
            if (frame.fin) {
                m_inFragmentedMessage = false;
                observer().onMessage(*this, m_fragments, nowNs);
                m_fragments.clear();
            }
            break;
        case WsFrameCodec::Ping:
            // 5.5.2/5.5.3: answer a ping with a pong carrying the same application data.
            sendControl(WsFrameCodec::Pong, frame.payload);
            break;
        case WsFrameCodec::Pong:
            break; // 5.5.3: an unsolicited pong needs no answer
        case WsFrameCodec::Close: {
            // 5.5.1: echo the status code, then close the TCP connection.
            const std::string_view code = frame.payload.substr(0, 2);
            sendControl(WsFrameCodec::Close, code);
            std::string reason = "close frame from the server";
            if (code.size() == 2)
                reason += " (" + std::to_string(int(uint8_t(code[0])) << 8 | uint8_t(code[1])) + ")";
            fail(reason);
            break;
        }
        default:
            fail("unknown opcode"); // 5.2: reserved opcodes fail the connection
            break;
        }
    }
    return used;
}

void WsConnection::sendText(std::string_view text)
{
    if (state() != State::Open)
        return;
    m_frame.clear();
    WsFrameCodec::appendClientFrame(m_frame, WsFrameCodec::Text, text, nextMaskKey());
    write(m_frame);
}

void WsConnection::sendControl(uint8_t opcode, std::string_view payload)
{
    std::string frame;
    WsFrameCodec::appendClientFrame(frame, WsFrameCodec::Opcode(opcode), payload, nextMaskKey());
    write(frame);
}
