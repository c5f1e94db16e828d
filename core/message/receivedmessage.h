#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <optional>

// One message a simulated client received, as receive rules (FieldExtractor, MessageMatcher)
// read it. Built once per message by the client and handed to every rule, so the JSON is
// parsed once however many rules look at it.
struct ReceivedMessage
{
    // The message parsed as JSON (any JSON value, also a bare number or string); when the text
    // is not JSON, the raw text as a JSON string, so that `$` is the text itself.
    QJsonValue root;
    // SSE: the event's type ("message" when the stream named none, as SseParser reports it).
    // Empty for WebSocket and long-poll messages. What the path $event reads.
    QString event;

    static ReceivedMessage fromText(QByteArrayView utf8, QString event = {});

    // `utf8` as a JSON text of any value (RFC 8259 allows a scalar at the top level, which
    // QJsonDocument in Qt 6.4 does not), or nullopt when it is not JSON.
    static std::optional<QJsonValue> parseJson(QByteArrayView utf8);
};
