#include "sseencoder.h"

namespace {

// Field values may not contain CR or LF: they would end the line early (WHATWG: lines are
// separated by CRLF, LF or CR). Replace them with a space rather than split a field.
void appendField(QByteArray &out, QByteArrayView name, QByteArrayView value)
{
    out.append(name);
    out.append(": ");
    for (char c : value)
        out.append(c == '\r' || c == '\n' ? ' ' : c);
    out.append('\n');
}

} // namespace

QByteArray SseEncoder::event(QByteArrayView data, QByteArrayView type, QByteArrayView id)
{
    QByteArray out;
    out.reserve(data.size() + type.size() + id.size() + 32);
    if (!id.isEmpty()) {
        // WHATWG: an id containing NUL is ignored by the client, so never send one.
        QByteArray safeId = id.toByteArray();
        safeId.replace('\0', "");
        appendField(out, "id", safeId);
    }
    if (!type.isEmpty())
        appendField(out, "event", type);
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i <= data.size(); ++i) {
        const bool atEnd = i == data.size();
        if (!atEnd && data[i] != '\r' && data[i] != '\n')
            continue;
        out.append("data: ");
        out.append(data.sliced(lineStart, i - lineStart));
        out.append('\n');
        if (!atEnd && data[i] == '\r' && i + 1 < data.size() && data[i + 1] == '\n')
            ++i;
        lineStart = i + 1;
    }
    // A blank line dispatches the event.
    out.append('\n');
    return out;
}

QByteArray SseEncoder::retry(std::chrono::milliseconds delay)
{
    return QByteArray("retry: ") + QByteArray::number(qint64(delay.count())) + "\n\n";
}

QByteArray SseEncoder::comment(QByteArrayView text)
{
    QByteArray out(": ");
    for (char c : text)
        out.append(c == '\r' || c == '\n' ? ' ' : c);
    out.append("\n\n");
    return out;
}
