#include "sseconnection.h"

#include "connectionobserver.h"
#include "httpresponsehead.h"

namespace {

constexpr size_t maxHeadBytes = 16 * 1024;

} // namespace

SseConnection::SseConnection(EventLoop &loop, ConnectionObserver &observer, int index)
    : ClientConnection(loop, observer, index)
    , m_parser([this](const SseEventParser::Event &event) {
        if (state() == State::Open)
            this->observer().onMessage(*this, event.data, m_receivedNs);
    })
{
}

void SseConnection::sendRequest()
{
    std::string request;
    request.reserve(192);
    request.append("GET ").append(requestTarget()).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host()).append("\r\n");
    // What EventSource sends (WHATWG HTML 9.2.2).
    request.append("Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
    write(request);
}

size_t SseConnection::consume(std::string_view bytes, int64_t nowNs)
{
    m_receivedNs = nowNs;
    if (state() == State::Handshaking) {
        const size_t used = consumeHead(bytes, nowNs);
        if (state() != State::Open)
            return used;
        consumeBody(bytes.substr(used));
        return bytes.size();
    }
    consumeBody(bytes);
    return bytes.size();
}

size_t SseConnection::consumeHead(std::string_view bytes, int64_t nowNs)
{
    const size_t end = HttpResponseHead::findEnd(bytes);
    if (end == std::string_view::npos) {
        if (bytes.size() > maxHeadBytes)
            fail("response head too large");
        return 0;
    }
    const auto head = HttpResponseHead::parse(bytes.substr(0, end));
    if (!head) {
        fail("malformed response head");
        return end;
    }
    if (head->status() != 200) {
        fail("event stream answered with HTTP " + std::to_string(head->status()));
        return end;
    }
    const auto type = head->field("Content-Type");
    if (!type || type->substr(0, 17) != "text/event-stream") {
        fail("response is not text/event-stream");
        return end;
    }
    // RFC 9112 6.1: chunked is the final transfer coding when present.
    if (head->fieldHasToken("Transfer-Encoding", "chunked"))
        m_chunked = std::make_unique<ChunkedDecoder>();
    markOpen(nowNs);
    return end;
}

void SseConnection::consumeBody(std::string_view bytes)
{
    if (bytes.empty() || state() != State::Open)
        return;
    if (!m_chunked) {
        m_parser.feed(bytes);
        return;
    }
    m_decoded.clear();
    if (!m_chunked->feed(bytes, m_decoded)) {
        fail(std::string("chunked body: ") + m_chunked->error());
        return;
    }
    m_parser.feed(m_decoded);
    if (m_chunked->isFinished())
        fail("the server ended the event stream");
}
