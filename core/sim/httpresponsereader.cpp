#include "httpresponsereader.h"

#include <algorithm>
#include <cctype>

namespace {

// RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_"
// / "`" / "|" / "~" / DIGIT / ALPHA
bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView v)
{
    while (!v.isEmpty() && isOws(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isOws(v.back()))
        v.chop(1);
    return v;
}

bool equalsCi(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// Splits a comma-separated list field value (RFC 9110 5.6.1), dropping empty elements.
QList<QByteArrayView> listElements(QByteArrayView value)
{
    QList<QByteArrayView> out;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= value.size(); ++i) {
        if (i == value.size() || value[i] == ',') {
            const QByteArrayView element = trimmedOws(value.sliced(start, i - start));
            if (!element.isEmpty())
                out.append(element);
            start = i + 1;
        }
    }
    return out;
}

QString quoted(QByteArrayView bytes)
{
    QByteArray shown = bytes.first(std::min<qsizetype>(bytes.size(), 60)).toByteArray();
    for (char &c : shown) {
        if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            c = '?';
    }
    return QLatin1Char('"') + QString::fromLatin1(shown) + (bytes.size() > 60 ? QLatin1String("...\"") : QLatin1String("\""));
}

} // namespace

QByteArray HttpResponseHead::value(QByteArrayView name) const
{
    QByteArray combined;
    bool found = false;
    for (const auto &field : fields) {
        if (!equalsCi(field.first, name))
            continue;
        if (found)
            combined += ", ";
        combined += field.second;
        found = true;
    }
    return combined;
}

bool HttpResponseHead::contains(QByteArrayView name) const
{
    return std::any_of(fields.cbegin(), fields.cend(), [&](const auto &f) { return equalsCi(f.first, name); });
}

bool HttpResponseHead::hasToken(QByteArrayView name, QByteArrayView token) const
{
    const QByteArray v = value(name);
    const QList<QByteArrayView> elements = listElements(v);
    return std::any_of(elements.cbegin(), elements.cend(), [&](QByteArrayView e) { return equalsCi(e, token); });
}

void HttpResponseReader::expectResponseTo(QByteArrayView method)
{
    m_requestIsHead.push_back(method == "HEAD");
}

QByteArray HttpResponseReader::takeUpgradedBytes()
{
    if (m_state != State::Upgraded)
        return {};
    QByteArray rest = m_buffer.mid(m_pos);
    m_buffer.clear();
    m_pos = 0;
    return rest;
}

void HttpResponseReader::feed(QByteArrayView bytes)
{
    if (m_state == State::Error || bytes.isEmpty())
        return;
    // Drop what was read before appending, so the buffer holds only unread bytes plus at most
    // what the caller handed over since the last readNext().
    if (m_pos > 0 && (m_pos == m_buffer.size() || m_pos >= 64 * 1024)) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
}

void HttpResponseReader::finish()
{
    m_eof = true;
}

void HttpResponseReader::consume(qsizetype n)
{
    // Only moves the read position: views into the buffer stay valid until the next feed(),
    // which drops what was read.
    m_pos += n;
}

HttpResponseReader::Token HttpResponseReader::fail(const QString &message)
{
    m_state = State::Error;
    m_error = message;
    m_keepAlive = false;
    m_buffer.clear();
    m_pos = 0;
    return Token::Error;
}

bool HttpResponseReader::takeLine(qsizetype limit, QByteArrayView *line, bool *tooLong)
{
    *tooLong = false;
    const qsizetype available = m_buffer.size() - m_pos;
    const qsizetype lf = m_buffer.indexOf('\n', m_pos);
    if (lf < 0 || lf - m_pos + 1 > limit) {
        *tooLong = (lf < 0 ? available : lf - m_pos + 1) > limit;
        return false;
    }
    QByteArrayView l(m_buffer.constData() + m_pos, lf - m_pos);
    // RFC 9112 2.2: a line ends with CRLF; a recipient may accept a bare LF.
    if (l.endsWith('\r'))
        l.chop(1);
    *line = l;
    consume(lf + 1 - m_pos);
    return true;
}

HttpResponseReader::Token HttpResponseReader::readNext()
{
    m_body.clear();
    for (;;) {
        const qsizetype available = m_buffer.size() - m_pos;
        switch (m_state) {
        case State::Error:
            return Token::Error;

        case State::Head: {
            if (available == 0) {
                m_scanned = 0;
                return Token::NeedMore; // at EOF too: a clean close between responses
            }
            // Look for the blank line that ends the head, one line at a time, never rescanning.
            qsizetype end = -1;
            while (end < 0) {
                const qsizetype lf = m_buffer.indexOf('\n', m_pos + m_scanned);
                if (lf < 0)
                    break;
                const qsizetype lineLength = lf - (m_pos + m_scanned);
                if (lineLength == 0 || (lineLength == 1 && m_buffer[lf - 1] == '\r'))
                    end = lf + 1 - m_pos;
                m_scanned = lf + 1 - m_pos;
                if (m_scanned > m_limits.maxHeadBytes)
                    break;
            }
            if (end < 0 || end > m_limits.maxHeadBytes) {
                if (m_scanned > m_limits.maxHeadBytes || available > m_limits.maxHeadBytes)
                    return fail(QStringLiteral("response head exceeds %1 bytes").arg(m_limits.maxHeadBytes));
                if (m_eof)
                    return fail(QStringLiteral("connection closed inside a response head (%1 bytes)").arg(available));
                return Token::NeedMore;
            }
            m_scanned = 0;
            const Token t = parseHead(end);
            if (t != Token::Head)
                return t;
            if (m_head.status == 101) {
                // RFC 9110 15.2.2: after the 101's head the connection speaks the new protocol.
                m_state = State::Upgraded;
                m_keepAlive = false;
                return Token::Head;
            }
            if (m_head.status >= 100 && m_head.status < 200) {
                // RFC 9110 15.2: 1xx responses are interim; the final response follows. They
                // have no body (RFC 9112 6.3 rule 1).
                ++m_interim;
                continue;
            }
            m_currentIsHead = false;
            if (!m_requestIsHead.empty()) {
                m_currentIsHead = m_requestIsHead.front();
                m_requestIsHead.pop_front();
            }
            QString error;
            if (!chooseFraming(&error))
                return fail(error);
            m_state = State::BodyStart;
            return Token::Head;
        }

        case State::BodyStart:
            switch (m_framing) {
            case Framing::NoBody: m_state = State::Done; break;
            case Framing::ContentLength:
                m_remaining = m_contentLength;
                m_state = State::Length;
                break;
            case Framing::Chunked: m_state = State::ChunkSize; break;
            case Framing::UntilClose: m_state = State::UntilClose; break;
            }
            continue;

        case State::Length:
            if (m_remaining == 0) {
                m_state = State::Done;
                continue;
            }
            if (available == 0) {
                if (m_eof)
                    return fail(QStringLiteral("connection closed after %1 of %2 body bytes")
                                    .arg(m_contentLength - m_remaining).arg(m_contentLength));
                return Token::NeedMore;
            }
            {
                const qsizetype n = qsizetype(std::min<qint64>(m_remaining, available));
                m_body = m_buffer.mid(m_pos, n);
                consume(n);
                m_remaining -= n;
                return Token::Body;
            }

        case State::ChunkSize: {
            // RFC 9112 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
            QByteArrayView line;
            bool tooLong = false;
            if (!takeLine(m_limits.maxChunkLineBytes, &line, &tooLong)) {
                if (tooLong)
                    return fail(QStringLiteral("chunk-size line exceeds %1 bytes").arg(m_limits.maxChunkLineBytes));
                if (m_eof)
                    return fail(QStringLiteral("connection closed inside a chunked body"));
                return Token::NeedMore;
            }
            // chunk-size = 1*HEXDIG. At most 15 digits, so the size fits a qint64.
            qsizetype digits = 0;
            qint64 size = 0;
            while (digits < line.size() && std::isxdigit(uchar(line[digits]))) {
                if (digits == 15)
                    return fail(QStringLiteral("chunk size too large: %1").arg(quoted(line)));
                const char c = line[digits];
                const int v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
                size = size * 16 + v;
                ++digits;
            }
            // RFC 9112 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ).
            // A recipient must ignore extensions it does not understand: we understand none.
            const QByteArrayView rest = trimmedOws(line.sliced(digits));
            if (digits == 0 || (!rest.isEmpty() && rest.front() != ';'))
                return fail(QStringLiteral("invalid chunk size line %1").arg(quoted(line)));
            if (line.contains('\r'))
                return fail(QStringLiteral("bare CR in chunk size line"));
            if (size == 0) {
                // last-chunk = 1*("0") [ chunk-ext ] CRLF, then the trailer section.
                m_trailerBytes = 0;
                m_state = State::Trailers;
            } else {
                m_remaining = size;
                m_state = State::ChunkData;
            }
            continue;
        }

        case State::ChunkData:
            if (available == 0) {
                if (m_eof)
                    return fail(QStringLiteral("connection closed inside a chunk (%1 bytes missing)").arg(m_remaining));
                return Token::NeedMore;
            }
            {
                const qsizetype n = qsizetype(std::min<qint64>(m_remaining, available));
                m_body = m_buffer.mid(m_pos, n);
                consume(n);
                m_remaining -= n;
                if (m_remaining == 0)
                    m_state = State::ChunkDataEnd;
                return Token::Body;
            }

        case State::ChunkDataEnd:
            // The CRLF after chunk-data (a bare LF accepted, RFC 9112 2.2).
            if (available >= 1 && m_buffer[m_pos] == '\n') {
                consume(1);
            } else if (available >= 2 && m_buffer[m_pos] == '\r' && m_buffer[m_pos + 1] == '\n') {
                consume(2);
            } else if (available == 0 || (available == 1 && m_buffer[m_pos] == '\r')) {
                if (m_eof)
                    return fail(QStringLiteral("connection closed inside a chunked body"));
                return Token::NeedMore;
            } else {
                return fail(QStringLiteral("chunk data not followed by CRLF (chunk longer than its size?)"));
            }
            m_state = State::ChunkSize;
            continue;

        case State::Trailers: {
            // RFC 9112 7.1.2: trailer-section = *( field-line CRLF ), then CRLF. Trailer fields
            // are read and discarded: nothing we use is sent in a trailer (RFC 9110 6.5.1 lets
            // a recipient ignore them).
            QByteArrayView line;
            bool tooLong = false;
            const qsizetype limit = m_limits.maxHeadBytes - m_trailerBytes;
            if (!takeLine(limit, &line, &tooLong)) {
                if (tooLong)
                    return fail(QStringLiteral("trailer section exceeds %1 bytes").arg(m_limits.maxHeadBytes));
                if (m_eof)
                    return fail(QStringLiteral("connection closed inside the trailer section"));
                return Token::NeedMore;
            }
            m_trailerBytes += line.size() + 2;
            if (line.isEmpty()) {
                m_state = State::Done;
                continue;
            }
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0 || !std::all_of(line.begin(), line.begin() + colon, isTchar))
                return fail(QStringLiteral("invalid trailer field %1").arg(quoted(line)));
            continue;
        }

        case State::UntilClose:
            // RFC 9112 6.3 rule 8: without Transfer-Encoding or Content-Length, the body of a
            // response is everything until the server closes the connection.
            if (available > 0) {
                m_body = m_buffer.mid(m_pos);
                consume(available);
                return Token::Body;
            }
            if (!m_eof)
                return Token::NeedMore;
            m_state = State::Done;
            continue;

        case State::Done:
            m_state = State::Head;
            return Token::Complete;

        case State::Upgraded:
            // Not HTTP any more: what follows is the new protocol's (takeUpgradedBytes()).
            return Token::NeedMore;
        }
    }
}

HttpResponseReader::Token HttpResponseReader::parseHead(qsizetype end)
{
    const QByteArrayView headBytes(m_buffer.constData() + m_pos, end);
    consume(end);
    m_head = {};

    QList<QByteArrayView> lines;
    qsizetype start = 0;
    while (start < headBytes.size()) {
        const qsizetype lf = headBytes.indexOf('\n', start);
        QByteArrayView line = headBytes.sliced(start, lf - start);
        if (line.endsWith('\r'))
            line.chop(1);
        // RFC 9112 2.2: a bare CR is invalid.
        if (line.contains('\r'))
            return fail(QStringLiteral("bare CR in response head"));
        lines.append(line);
        start = lf + 1;
    }
    lines.removeLast(); // the blank line that ended the head

    // RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
    const QByteArrayView statusLine = lines.isEmpty() ? QByteArrayView() : lines.front();
    // HTTP-version = HTTP-name "/" DIGIT "." DIGIT; only HTTP/1.x is spoken here.
    const bool versionOk = statusLine.size() >= 12 && statusLine.startsWith("HTTP/")
        && std::isdigit(uchar(statusLine[5])) && statusLine[6] == '.' && std::isdigit(uchar(statusLine[7]))
        && statusLine[8] == ' ';
    const bool codeOk = versionOk && std::isdigit(uchar(statusLine[9])) && std::isdigit(uchar(statusLine[10]))
        && std::isdigit(uchar(statusLine[11])) && (statusLine.size() == 12 || statusLine[12] == ' ');
    // The SP before an empty reason is required by the grammar but often left out; a client is
    // told to ignore the reason anyway (RFC 9112 4), so "HTTP/1.1 200" is accepted.
    if (!codeOk)
        return fail(QStringLiteral("malformed status line %1").arg(quoted(statusLine)));
    if (statusLine[5] != '1')
        return fail(QStringLiteral("unsupported HTTP version %1").arg(quoted(statusLine.first(8))));
    m_head.version = statusLine.first(8).toByteArray();
    m_head.status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
    // RFC 9110 15: status codes are 100..599.
    if (m_head.status < 100 || m_head.status > 599)
        return fail(QStringLiteral("status code out of range in %1").arg(quoted(statusLine)));
    if (m_head.status == 101 && !m_upgradeExpected)
        return fail(QStringLiteral("unexpected 101 Switching Protocols"));
    const QByteArrayView reason = statusLine.size() > 13 ? statusLine.sliced(13) : QByteArrayView();
    // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
    for (char c : reason) {
        if ((uchar(c) < 0x20 && c != '\t') || c == 0x7f)
            return fail(QStringLiteral("control character in reason phrase"));
    }
    m_head.reason = reason.toByteArray();

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines[i];
        if (isOws(line.front())) {
            // RFC 9112 2.2: whitespace before the first field line is invalid.
            if (m_head.fields.isEmpty())
                return fail(QStringLiteral("whitespace between the status line and the first field"));
            // RFC 9112 5.2: a user agent replaces each obs-fold with SP.
            const QByteArrayView more = trimmedOws(line);
            QByteArray &value = m_head.fields.last().second;
            if (!more.isEmpty())
                value += (value.isEmpty() ? QByteArray() : QByteArray(" ")) + more.toByteArray();
            continue;
        }
        // RFC 9112 5: field-line = field-name ":" OWS field-value OWS; no whitespace before ":".
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !std::all_of(line.begin(), line.begin() + colon, isTchar))
            return fail(QStringLiteral("invalid header field %1").arg(quoted(line)));
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        // RFC 9110 5.5: field values carry no CTLs other than HTAB (NUL, CR and LF must be rejected).
        for (char c : value) {
            if ((uchar(c) < 0x20 && c != '\t') || c == 0x7f)
                return fail(QStringLiteral("control character in header field %1").arg(quoted(line.first(colon))));
        }
        if (m_head.fields.size() == m_limits.maxFieldCount)
            return fail(QStringLiteral("more than %1 header fields").arg(m_limits.maxFieldCount));
        m_head.fields.append({line.first(colon).toByteArray(), value.toByteArray()});
    }
    return Token::Head;
}

bool HttpResponseReader::chooseFraming(QString *error)
{
    const bool http11 = m_head.version == "HTTP/1.1";
    // RFC 9112 9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
    m_keepAlive = http11 ? !m_head.hasToken("Connection", "close") : m_head.hasToken("Connection", "keep-alive");
    m_contentLength = 0;

    // RFC 9112 6.3 rule 1: responses to HEAD, 1xx, 204 and 304 end with the head.
    if (m_currentIsHead || m_head.status == 204 || m_head.status == 304) {
        m_framing = Framing::NoBody;
        return true;
    }
    if (m_head.contains("Transfer-Encoding")) {
        // RFC 9112 6.3 rule 3: Transfer-Encoding overrides Content-Length; chunked must be the
        // final coding. Codings other than chunked are not decoded here (we never ask for them),
        // so they are an error rather than bytes handed on undecoded.
        const QByteArray te = m_head.value("Transfer-Encoding");
        const QList<QByteArrayView> codings = listElements(te);
        if (codings.size() != 1 || !equalsCi(codings.front(), "chunked")) {
            *error = QStringLiteral("unsupported Transfer-Encoding %1").arg(quoted(te));
            return false;
        }
        m_framing = Framing::Chunked;
        // RFC 9112 6.1: with both headers, or Transfer-Encoding in an HTTP/1.0 message, the
        // framing is suspect: read this response, then close the connection.
        if (m_head.contains("Content-Length") || !http11)
            m_keepAlive = false;
        return true;
    }
    if (m_head.contains("Content-Length")) {
        // RFC 9112 6.3 rule 5: an invalid Content-Length is an unrecoverable error; a list of
        // identical values (RFC 9110 8.6) is that value.
        const QByteArray cl = m_head.value("Content-Length");
        const QList<QByteArrayView> values = listElements(cl);
        qint64 length = -1;
        for (QByteArrayView v : values) {
            if (v.size() > 18 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                length = -1;
                break;
            }
            const qint64 n = v.toLongLong();
            if (length >= 0 && n != length) {
                length = -1;
                break;
            }
            length = n;
        }
        if (length < 0) {
            *error = QStringLiteral("invalid Content-Length %1").arg(quoted(cl));
            return false;
        }
        m_framing = Framing::ContentLength;
        m_contentLength = length;
        return true;
    }
    // RFC 9112 6.3 rule 8: read until the connection closes; it cannot carry another response.
    m_framing = Framing::UntilClose;
    m_keepAlive = false;
    return true;
}
