#include "manual/manualframe.h"

#include "protocol/jsontext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

qint64 ManualFrame::size() const
{
    if (kind == Kind::Close && closeCode != 0)
        return 2 + payload.size();
    return payload.size();
}

bool ManualFrame::isJson() const
{
    if (kind != Kind::Text && kind != Kind::Event && kind != Kind::Handshake && kind != Kind::Http)
        return false;
    const QByteArray trimmed = payload.trimmed();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('['))
        return false;
    QJsonParseError error{};
    QJsonDocument::fromJson(trimmed, &error);
    return error.error == QJsonParseError::NoError;
}

QString ManualFrame::preview(int maxChars) const
{
    QString text;
    switch (kind) {
    case Kind::Binary:
        text = hexPreview(payload, qMax(1, maxChars / 3));
        break;
    case Kind::Ping:
    case Kind::Pong:
        text = payload.isEmpty() ? tr("(no payload)") : QString::fromUtf8(payload);
        if (roundTripMs >= 0)
            text += QLatin1Char(' ') + tr("(round trip %1 ms)").arg(roundTripMs, 0, 'f', 2);
        break;
    case Kind::Close:
        text = closeCode == 0 ? tr("(no code)") : QString::number(closeCode);
        if (!payload.isEmpty())
            text += QLatin1Char(' ') + QString::fromUtf8(payload);
        break;
    case Kind::Event: {
        // The event type has a column of its own in the log (messageType).
        QStringList parts;
        if (!eventId.isEmpty())
            parts << tr("id: %1").arg(eventId);
        parts << QString::fromUtf8(payload);
        text = parts.join(QLatin1String("  "));
        break;
    }
    case Kind::Retry:
        text = tr("retry: %1 ms").arg(retryMs);
        break;
    case Kind::Http:
        text = httpLine + QLatin1String("  ") + QString::fromUtf8(payload);
        break;
    default:
        text = QString::fromUtf8(payload);
        // A Socket.IO ACK, a graphql-ws pong: the answer to something this client sent.
        if (roundTripMs >= 0)
            text += QLatin1Char(' ') + tr("(round trip %1 ms)").arg(roundTripMs, 0, 'f', 2);
        break;
    }
    // One line: newlines and tabs of pretty-printed JSON would only waste the row.
    text = text.simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

QString ManualFrame::details() const
{
    QStringList lines;
    switch (kind) {
    case Kind::Close:
        lines << tr("Close code: %1").arg(closeCode == 0 ? tr("none") : QString::number(closeCode));
        lines << tr("Reason: %1").arg(payload.isEmpty() ? tr("(none)") : QString::fromUtf8(payload));
        return lines.join(QLatin1Char('\n'));
    case Kind::Event:
        lines << tr("event: %1").arg(eventType);
        lines << tr("id: %1").arg(eventId.isEmpty() ? tr("(none)") : eventId);
        lines << tr("data:");
        break;
    case Kind::Retry:
        return tr("retry: %1 ms (the reconnection time the server asks for)").arg(retryMs);
    case Kind::Binary:
        return hexDump(payload);
    case Kind::Http:
        lines << httpLine;
        break;
    case Kind::Ping:
    case Kind::Pong:
        if (payload.isEmpty())
            return tr("(no payload)");
        return QString::fromUtf8(payload) + QLatin1String("\n\n") + hexDump(payload);
    default:
        break;
    }
    if (isJson())
        lines << JsonText::indent(payload);
    else
        lines << QString::fromUtf8(payload);
    return lines.join(QLatin1Char('\n'));
}

QString ManualFrame::jsonType(const QByteArray &payload)
{
    // Cheap refusal first: most payloads that are not an object are not worth parsing.
    qsizetype i = 0;
    while (i < payload.size() && QChar::isSpace(uchar(payload.at(i))))
        ++i;
    if (i == payload.size() || payload.at(i) != '{')
        return {};
    const QJsonValue type = QJsonDocument::fromJson(payload).object().value(QLatin1String("type"));
    return type.isString() ? type.toString() : QString();
}

QString ManualFrame::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Handshake: return tr("handshake");
    case Kind::Text: return tr("text");
    case Kind::Binary: return tr("binary");
    case Kind::Ping: return tr("ping");
    case Kind::Pong: return tr("pong");
    case Kind::Close: return tr("close");
    case Kind::Event: return tr("event");
    case Kind::Comment: return tr("comment");
    case Kind::Retry: return tr("retry");
    case Kind::Http: return tr("http");
    case Kind::Info: return tr("info");
    case Kind::Error: return tr("error");
    }
    return {};
}

QString ManualFrame::directionName(Direction direction)
{
    switch (direction) {
    case Direction::Sent: return tr("sent");
    case Direction::Received: return tr("received");
    case Direction::Local: return tr("client");
    }
    return {};
}

QString ManualFrame::hexPreview(const QByteArray &bytes, int maxBytes)
{
    QString text = QString::fromLatin1(bytes.left(maxBytes).toHex(' '));
    if (bytes.size() > maxBytes)
        text += QLatin1String(" ...");
    return text;
}

QString ManualFrame::hexDump(const QByteArray &bytes, int maxBytes)
{
    QStringList lines;
    const qsizetype shown = qMin<qsizetype>(bytes.size(), maxBytes);
    for (qsizetype offset = 0; offset < shown; offset += 16) {
        const QByteArray row = bytes.mid(offset, qMin<qsizetype>(16, shown - offset));
        QString ascii;
        for (char c : row)
            ascii += (c >= 0x20 && c < 0x7f) ? QLatin1Char(c) : QLatin1Char('.');
        lines << QStringLiteral("%1  %2  %3")
                     .arg(offset, 8, 16, QLatin1Char('0'))
                     .arg(QString::fromLatin1(row.toHex(' ')), -47)
                     .arg(ascii);
    }
    if (bytes.size() > shown)
        lines << tr("... %n more byte(s)", nullptr, int(bytes.size() - shown));
    if (lines.isEmpty())
        lines << tr("(empty)");
    return lines.join(QLatin1Char('\n'));
}
