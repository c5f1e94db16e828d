#include "httpheadparser.h"

#include <QUrl>

namespace {

using Result = HttpHeadParser::Result;
using Status = HttpHeadParser::Status;

Result failure(int httpStatus, QByteArray message)
{
    Result result;
    result.status = Status::Error;
    result.httpStatus = httpStatus;
    result.error = std::move(message);
    return result;
}

// RFC 9110 5.6.2: token = 1*tchar
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// RFC 9110 5.5: field-value characters are VCHAR, obs-text, SP and HTAB; never CR, LF or NUL.
bool isFieldValue(QByteArrayView text)
{
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\t')
            continue;
        if (u < 0x20 || u == 0x7f)
            return false;
    }
    return true;
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

Result parseRequestLine(QByteArrayView line, HttpRequestHead &head)
{
    // RFC 9112 3: request-line = method SP request-target SP HTTP-version
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return failure(400, "malformed request line: expected 'METHOD TARGET HTTP/1.x'");
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(method))
        return failure(400, "malformed request line: method is not a token");
    if (target.isEmpty() || target.contains(' '))
        return failure(400, "malformed request line: request target is empty or contains a space");
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return failure(400, "malformed request line: request target contains a control or non-ASCII byte");
    }
    if (!version.startsWith("HTTP/"))
        return failure(400, "malformed request line: version must be HTTP/1.0 or HTTP/1.1");
    if (version == "HTTP/1.1")
        head.versionMinor = 1;
    else if (version == "HTTP/1.0")
        head.versionMinor = 0;
    else
        return failure(505, "HTTP version not supported: " + version.toByteArray());
    if (!target.startsWith('/'))
        return failure(400, "request target must be in origin form (start with '/')");

    head.method = method.toByteArray();
    head.target = target.toByteArray();
    const qsizetype question = target.indexOf('?');
    const QByteArrayView rawPath = question < 0 ? target : target.first(question);
    head.path = QUrl::fromPercentEncoding(rawPath.toByteArray());
    if (question >= 0)
        head.query.setQuery(QString::fromUtf8(target.sliced(question + 1)));
    return {};
}

Result checkFraming(const HttpRequestHead &head)
{
    // RFC 9112 6.3: a message with both Transfer-Encoding and Content-Length is a smuggling
    // attempt as far as a strict server is concerned; reject it rather than pick one.
    int lengthFields = 0;
    QByteArray firstLength;
    for (const auto &field : head.headers) {
        if (field.first.compare("Content-Length", Qt::CaseInsensitive) != 0)
            continue;
        if (!isDigits(field.second))
            return failure(400, "invalid Content-Length: '" + field.second + "'");
        if (lengthFields++ > 0 && field.second != firstLength)
            return failure(400, "conflicting Content-Length fields");
        firstLength = field.second;
    }
    if (head.hasHeader("Transfer-Encoding")) {
        if (lengthFields > 0)
            return failure(400, "both Transfer-Encoding and Content-Length given (request smuggling)");
        return failure(501, "Transfer-Encoding is not supported; send Content-Length");
    }
    // RFC 9112 3.2: a server MUST respond 400 to an HTTP/1.1 request without exactly one Host.
    if (head.versionMinor == 1) {
        int hosts = 0;
        for (const auto &field : head.headers)
            hosts += field.first.compare("Host", Qt::CaseInsensitive) == 0 ? 1 : 0;
        if (hosts != 1)
            return failure(400, hosts == 0 ? "missing Host header" : "more than one Host header");
    }
    return {};
}

} // namespace

HttpHeadParser::Result HttpHeadParser::parse(QByteArrayView data, const Limits &limits)
{
    // RFC 9112 2.2: a server SHOULD ignore at least one empty line received before the request line.
    qsizetype start = 0;
    while (start + 1 < data.size() && data[start] == '\r' && data[start + 1] == '\n')
        start += 2;

    // The skipped empty lines count against the limit too: otherwise a client sending nothing
    // but CRLF would be "incomplete" forever while the server buffers it.
    const qsizetype end = data.indexOf("\r\n\r\n", start);
    const qsizetype window = qMin<qsizetype>(data.size(), limits.maxHeadBytes + 4);
    if (end < 0 || end + 4 > limits.maxHeadBytes) {
        // Bare LF line ends are not accepted: say so instead of waiting for the head timeout.
        const qsizetype bareLf = data.first(window).indexOf("\n\n");
        if (bareLf >= 0 && (end < 0 || bareLf < end))
            return failure(400, "request head uses bare LF line endings; CRLF is required");
        if (end >= 0 || data.size() > limits.maxHeadBytes)
            return failure(431, "request head larger than " + QByteArray::number(limits.maxHeadBytes) + " bytes");
        Result incomplete;
        incomplete.status = Status::Incomplete;
        return incomplete;
    }

    Result result;
    HttpRequestHead &head = result.head;
    const QByteArrayView headText = data.sliced(start, end - start);
    qsizetype lineStart = 0;
    bool firstLine = true;
    while (lineStart <= headText.size()) {
        qsizetype lineEnd = headText.indexOf("\r\n", lineStart);
        if (lineEnd < 0)
            lineEnd = headText.size();
        const QByteArrayView line = headText.sliced(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 2;
        if (line.contains('\n') || line.contains('\r'))
            return failure(400, "bare CR or LF inside the request head");
        if (firstLine) {
            firstLine = false;
            Result lineResult = parseRequestLine(line, head);
            if (lineResult.status == Status::Error)
                return lineResult;
            continue;
        }
        // RFC 9112 5.2: obsolete line folding is rejected with 400.
        if (line.startsWith(' ') || line.startsWith('\t'))
            return failure(400, "obsolete header line folding is not accepted");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return failure(400, "malformed header line (no field name before ':')");
        const QByteArrayView name = line.first(colon);
        // RFC 9112 5.1: no whitespace is allowed between the field name and the colon.
        if (!isToken(name))
            return failure(400, "invalid header field name '" + name.toByteArray().left(64) + "'");
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        if (!isFieldValue(value))
            return failure(400, "invalid character in header field '" + name.toByteArray() + "'");
        if (head.headers.size() >= limits.maxHeaderCount)
            return failure(431, "more than " + QByteArray::number(limits.maxHeaderCount) + " header fields");
        head.headers.append({name.toByteArray(), value.toByteArray()});
    }

    Result framing = checkFraming(head);
    if (framing.status == Status::Error)
        return framing;

    result.status = Status::Complete;
    result.headLength = int(end + 4);
    return result;
}
