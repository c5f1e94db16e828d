#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QString>
#include <QStringView>

#include <optional>

// One message of the GraphQL over WebSocket Protocol (graphql-ws PROTOCOL.md; WebSocket
// subprotocol graphql-transport-ws, GraphQlWsCloseCode::subprotocol()), one per text frame:
//
//   {"type":"connection_init","payload":{"token":"t-1"}}
//   {"type":"subscribe","id":"1","payload":{"query":"subscription { posted { seq } }"}}
//   {"type":"next","id":"1","payload":{"data":{"posted":{"seq":7}}}}
//   {"type":"complete","id":"1"}
//
// Used by the simulator's graphql-ws clients for every frame they read and write. A value type;
// pure.
struct GraphQlWsMessage
{
    // "Message types".
    enum class Type { ConnectionInit, ConnectionAck, Ping, Pong, Subscribe, Next, Error, Complete };

    Type type = Type::ConnectionInit;
    // The operation's ID: Subscribe, Next, Error, Complete.
    QString id;
    // Undefined when the message has none (a default QJsonValue would be null, which encode()
    // writes as "payload":null).
    QJsonValue payload = QJsonValue(QJsonValue::Undefined);

    // A message's text. Checks what PROTOCOL.md (and the reference implementation's
    // validateMessage()) asks of each type:
    //   connection_init, connection_ack, ping, pong   payload optional: an object or null
    //   subscribe    id; payload an object with a string "query", and "operationName" (a string),
    //                "variables" and "extensions" (objects) each null or missing when not that
    //   next         id; payload an object (an ExecutionResult)
    //   error        id; payload a non-empty array of GraphQL errors, objects with a "message"
    //                string (GraphQL spec, "Response / Errors")
    //   complete     id
    // where an id is a non-empty string. Members a type does not define are ignored (the id of
    // a ping, the payload of a complete), as are unknown ones. On failure returns nullopt and
    // sets *error (may be null) to what was wrong: the member, or the byte where the JSON broke.
    static std::optional<GraphQlWsMessage> parse(QByteArrayView text, QString *error);

    // Compact JSON, "type" first, then "id" (for the types that have one) and "payload" (when
    // it is not Undefined). parse() reads it back as this message.
    QByteArray encode() const;

    // The "type" member: "connection_init", "connection_ack", "ping", "pong", "subscribe",
    // "next", "error", "complete".
    static QLatin1StringView typeName(Type type);
    static std::optional<Type> typeFromName(QStringView name);
    // Subscribe, Next, Error and Complete: "Messages corresponding to operations must contain
    // the id field".
    static bool hasId(Type type);

    friend bool operator==(const GraphQlWsMessage &, const GraphQlWsMessage &) = default;
};
