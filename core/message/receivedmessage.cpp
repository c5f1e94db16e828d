#include "receivedmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

ReceivedMessage ReceivedMessage::fromText(QByteArrayView utf8, QString event)
{
    std::optional<QJsonValue> json = parseJson(utf8);
    return {json ? std::move(*json) : QJsonValue(QString::fromUtf8(utf8)), std::move(event)};
}

std::optional<QJsonValue> ReceivedMessage::parseJson(QByteArrayView utf8)
{
    const QByteArrayView text = utf8.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    QJsonParseError error;
    if (text.front() == '{' || text.front() == '[') {
        const QJsonDocument document = QJsonDocument::fromJson(text.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError)
            return std::nullopt;
        return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    }
    // A scalar: QJsonDocument reads only an object or an array at the top level, so read it as
    // the one element of an array. "1, 2" becomes two elements and "1] [2" trailing garbage, so
    // nothing but a single value gets through.
    QByteArray wrapped;
    wrapped.reserve(text.size() + 2);
    wrapped.append('[').append(text).append(']');
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return std::nullopt;
    return document.array().first();
}
