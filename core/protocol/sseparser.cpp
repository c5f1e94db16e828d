#include "sseparser.h"

QList<SseParser::Event> SseParser::feed(QByteArrayView bytes)
{
    QList<Event> out;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (!m_bomChecked) {
            // WHATWG: one leading U+FEFF BOM is skipped. Hold bytes until we can tell.
            m_line.append(c);
            static const QByteArray bom("\xEF\xBB\xBF");
            if (bom.startsWith(m_line)) {
                if (m_line.size() == bom.size()) {
                    m_line.clear();
                    m_bomChecked = true;
                }
                continue;
            }
            m_bomChecked = true;
            const QByteArray held = m_line;
            m_line.clear();
            out.append(feed(held));
            continue;
        }
        // Lines end with CRLF, LF or CR; a CR followed by LF is one line end, even across feeds.
        if (c == '\n' && m_lastWasCr) {
            m_lastWasCr = false;
            continue;
        }
        m_lastWasCr = c == '\r';
        if (c == '\r' || c == '\n') {
            processLine(m_line, out);
            m_line.clear();
        } else {
            m_line.append(c);
        }
    }
    return out;
}

void SseParser::processLine(QByteArrayView line, QList<Event> &out)
{
    if (line.isEmpty()) {
        // A blank line dispatches the event.
        if (m_dataSeen) {
            // Remove the last LF from the data buffer (each data: line appended one).
            if (m_data.endsWith('\n'))
                m_data.chop(1);
            out.append({m_eventType.isEmpty() ? QStringLiteral("message") : m_eventType,
                        QString::fromUtf8(m_data), m_lastEventId});
        }
        // The data and event type buffers are reset whether or not an event was dispatched.
        m_data.clear();
        m_dataSeen = false;
        m_eventType.clear();
        return;
    }
    if (line.front() == ':') {
        // A line starting with a colon is a comment.
        ++m_comments;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        // A line with no colon is a field name with an empty value.
        processField(line, {});
        return;
    }
    QByteArrayView value = line.sliced(colon + 1);
    // One space after the colon is removed, if present.
    if (value.startsWith(' '))
        value = value.sliced(1);
    processField(line.first(colon), value);
}

void SseParser::processField(QByteArrayView field, QByteArrayView value)
{
    if (field == "event") {
        m_eventType = QString::fromUtf8(value);
    } else if (field == "data") {
        m_data.append(value);
        m_data.append('\n');
        m_dataSeen = true;
    } else if (field == "id") {
        // An id containing NUL is ignored.
        if (!value.contains('\0'))
            m_lastEventId = QString::fromUtf8(value);
    } else if (field == "retry") {
        // retry: only ASCII digits set the reconnection time; anything else is ignored.
        bool digitsOnly = !value.isEmpty() && value.size() <= 15;
        for (char c : value)
            digitsOnly = digitsOnly && c >= '0' && c <= '9';
        if (digitsOnly)
            m_retryMs = value.toByteArray().toLongLong();
    }
    // Unknown fields are ignored.
}
