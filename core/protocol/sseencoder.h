#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <chrono>

// Encodes Server-Sent Events (WHATWG HTML, "Server-sent events", the event stream format).
// The server encodes each message once and writes the same bytes to every SSE subscriber.
class SseEncoder
{
public:
    // id: / event: / data: lines and the blank line that dispatches the event. Multi-line data
    // (split at CRLF, CR or LF) becomes one data: line per line, which the parser joins with LF.
    static QByteArray event(QByteArrayView data, QByteArrayView type = {}, QByteArrayView id = {});
    static QByteArray retry(std::chrono::milliseconds delay);
    static QByteArray comment(QByteArrayView text);
};
