#include "sseparser.h"

namespace {

// Strict mode, HTML 9.2.5: "Event streams in this format must always be encoded as UTF-8" and
// the grammar's characters are scalar values. Returns the index of the first byte that is not
// part of a well-formed UTF-8 sequence (overlong forms, surrogates and code points above
// U+10FFFF included), or -1.
qsizetype firstInvalidUtf8(QByteArrayView bytes)
{
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    while (i < n) {
        const uchar c = uchar(bytes[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        uchar low = 0x80, high = 0xBF; // allowed range of the second byte (Unicode Table 3-7)
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return i;
        }
        if (i + length > n)
            return i;
        for (int k = 1; k < length; ++k) {
            const uchar b = uchar(bytes[i + k]);
            if (k == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF))
                return i;
        }
        i += length;
    }
    return -1;
}

enum FieldBit : unsigned { EventBit = 1, DataBit = 2, IdBit = 4, RetryBit = 8 };

} // namespace

QString SseParser::Violation::toString() const
{
    return QStringLiteral("line %1, column %2 (byte %3): %4").arg(line).arg(column).arg(offset).arg(message);
}

bool SseParser::isEventStreamContentType(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView essence = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
    return essence.compare("text/event-stream", Qt::CaseInsensitive) == 0;
}

QList<SseParser::Event> SseParser::feed(QByteArrayView bytes)
{
    QList<Event> out;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (!m_bomChecked) {
            // HTML 9.2.6: the stream is decoded with UTF-8 decode, which skips one leading
            // U+FEFF BOM, and only there. Hold bytes until we can tell.
            m_line.append(c);
            static const QByteArray bom("\xEF\xBB\xBF");
            if (bom.startsWith(m_line)) {
                if (m_line.size() == bom.size()) {
                    m_line.clear();
                    m_bomChecked = true;
                    m_offset = m_lineStart = bom.size();
                }
                continue;
            }
            m_bomChecked = true;
            // Not a BOM: the held bytes are the start of the first line; read them again.
            const QByteArray held = std::exchange(m_line, {});
            out.append(feed(held));
            continue;
        }
        const qint64 at = m_offset++;
        // HTML 9.2.5: lines end with CRLF, LF or CR; a CR followed by LF is one line end, even
        // when the two arrive in different reads.
        if (m_lastWasCr) {
            m_lastWasCr = false;
            if (c == '\n') {
                m_lineStart = at + 1;
                continue;
            }
            if (m_strict) {
                // A bare CR is a line end, but a reader that stops at a CR cannot tell whether an
                // LF follows in the next packet: one stream, two readings under naive parsers.
                m_violations.append({m_lineNumber - 1, at - m_lineStartOfCr, at - 1,
                                     QStringLiteral("bare CR line end (use LF or CRLF)")});
            }
        }
        if (c == '\r' || c == '\n') {
            processLine(m_line, out);
            m_line.clear();
            ++m_lineNumber;
            m_lineStartOfCr = m_lineStart;
            m_lineStart = at + 1;
            m_lastWasCr = c == '\r';
        } else {
            m_line.append(c);
        }
    }
    return out;
}

void SseParser::finish()
{
    if (!m_strict)
        return;
    if (m_lastWasCr) {
        m_violations.append({m_lineNumber - 1, m_offset - m_lineStartOfCr, m_offset - 1,
                             QStringLiteral("bare CR line end at the end of the stream (use LF or CRLF)")});
    }
    if (!m_bomChecked && !m_line.isEmpty()) {
        violation(1, QStringLiteral("the stream ends inside its first line"));
    } else if (!m_line.isEmpty()) {
        // HTML 9.2.5: every line, and so the stream, ends with end-of-line.
        violation(m_line.size() + 1, QStringLiteral("the stream ends inside a line (no end-of-line after %1 bytes)").arg(m_line.size()));
    } else if (m_dataSeen || m_fieldsInEvent != 0) {
        // HTML 9.2.5: event = *( comment / field ) end-of-line; HTML 9.2.6: an event not ended by
        // a blank line is discarded at the end of the stream.
        violation(1, QStringLiteral("the stream ends inside an event (no blank line after its last field): it is discarded"));
    }
}

void SseParser::violation(qint64 column, const QString &message)
{
    m_violations.append({m_lineNumber, column, m_lineStart + column - 1, message});
}

void SseParser::processLine(QByteArrayView line, QList<Event> &out)
{
    if (m_strict) {
        if (const qsizetype bad = firstInvalidUtf8(line); bad >= 0)
            violation(bad + 1, QStringLiteral("invalid UTF-8 (byte 0x%1)").arg(uchar(line[bad]), 2, 16, QLatin1Char('0')));
    }
    if (line.isEmpty()) {
        // A blank line dispatches the event. HTML 9.2.6 step 1: the event source's last event
        // ID string takes the buffer's value whether or not an event follows.
        m_lastEventIdString = m_lastEventId;
        if (m_strict && (m_fieldsInEvent & EventBit) && !m_dataSeen) {
            m_violations.append({m_eventFieldLine, 1, m_eventFieldOffset,
                                 QStringLiteral("event: without data: (the type is discarded, nothing is dispatched)")});
        }
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
        m_fieldsInEvent = 0;
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
        if (m_strict)
            violation(1, QStringLiteral("field \"%1\" without a colon (read as an empty value)").arg(QString::fromUtf8(line.first(qMin<qsizetype>(line.size(), 40)))));
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
    unsigned bit = 0;
    if (field == "event") {
        bit = EventBit;
        m_eventType = QString::fromUtf8(value);
        m_eventFieldLine = m_lineNumber;
        m_eventFieldOffset = m_lineStart;
    } else if (field == "data") {
        bit = DataBit;
        m_data.append(value);
        m_data.append('\n');
        m_dataSeen = true;
    } else if (field == "id") {
        bit = IdBit;
        // An id containing NUL is ignored.
        if (!value.contains('\0'))
            m_lastEventId = QString::fromUtf8(value);
        else if (m_strict)
            violation(1, QStringLiteral("id: containing NUL (ignored by clients)"));
    } else if (field == "retry") {
        bit = RetryBit;
        // retry: only ASCII digits set the reconnection time; anything else is ignored.
        // More than 15 digits would not fit the milliseconds we keep: ignored as well.
        bool digitsOnly = !value.isEmpty() && value.size() <= 15;
        for (char c : value)
            digitsOnly = digitsOnly && c >= '0' && c <= '9';
        if (digitsOnly)
            m_retryMs = value.toByteArray().toLongLong();
        else if (m_strict)
            violation(1, QStringLiteral("retry: \"%1\" is not ASCII digits (ignored by clients)").arg(QString::fromUtf8(value.first(qMin<qsizetype>(value.size(), 40)))));
    } else if (m_strict) {
        // Unknown fields are ignored.
        violation(1, QStringLiteral("unknown field \"%1\" (ignored by clients)").arg(QString::fromUtf8(field.first(qMin<qsizetype>(field.size(), 40)))));
    }
    if (m_strict && bit != 0 && bit != DataBit && (m_fieldsInEvent & bit))
        violation(1, QStringLiteral("field \"%1\" repeated within one event (the last one wins)").arg(QString::fromUtf8(field)));
    m_fieldsInEvent |= bit;
}
