#include "graphqlwsmessage.h"

#include "message/jsonscalar.h"
#include "message/receivedmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>

namespace {

using Type = GraphQlWsMessage::Type;

constexpr std::array<Type, 8> allTypes{Type::ConnectionInit, Type::ConnectionAck, Type::Ping, Type::Pong,
                                       Type::Subscribe,      Type::Next,          Type::Error, Type::Complete};

bool isObjectOrNullish(const QJsonValue &value)
{
    return value.isObject() || value.isNull() || value.isUndefined();
}

// Checks one message's members by its type; the error names the member.
class MessageChecker
{
public:
    MessageChecker(Type type, const QJsonObject &object) : m_type(type), m_object(object) {}

    bool check()
    {
        switch (m_type) {
        case Type::ConnectionInit:
        case Type::ConnectionAck:
        case Type::Ping:
        case Type::Pong:
            // "payload?: Record<string, unknown> | null".
            if (!isObjectOrNullish(payload()))
                return fail(QStringLiteral("'payload' must be an object, null or missing"), payload());
            return true;
        case Type::Subscribe:
            return checkId() && checkSubscribePayload();
        case Type::Next:
            // "payload: ExecutionResult".
            if (!checkId())
                return false;
            if (!payload().isObject())
                return fail(QStringLiteral("'payload' must be an object (an execution result)"), payload());
            return true;
        case Type::Error:
            return checkId() && checkErrors();
        case Type::Complete:
            return checkId();
        }
        return true;
    }

    QString m_error;

private:
    QJsonValue payload() const { return m_object.value(QLatin1StringView("payload")); }

    bool fail(const QString &rule, const QJsonValue &got)
    {
        m_error = QStringLiteral("\"%1\" message: %2, got %3").arg(GraphQlWsMessage::typeName(m_type), rule, JsonScalar::describe(got));
        return false;
    }

    // "id: '<unique-operation-id>'": a string, and not an empty one.
    bool checkId()
    {
        const QJsonValue id = m_object.value(QLatin1StringView("id"));
        if (!id.isString() || id.toString().isEmpty())
            return fail(QStringLiteral("'id' (the operation's ID) must be a non-empty string"), id);
        return true;
    }

    // "payload: { operationName?: string | null; query: string; variables?: Record<string,
    // unknown> | null; extensions?: Record<string, unknown> | null; }".
    bool checkSubscribePayload()
    {
        if (!payload().isObject())
            return fail(QStringLiteral("'payload' must be an object (the operation)"), payload());
        const QJsonObject operation = payload().toObject();
        const QJsonValue query = operation.value(QLatin1StringView("query"));
        if (!query.isString())
            return fail(QStringLiteral("'payload.query' must be a string (the GraphQL document)"), query);
        const QJsonValue operationName = operation.value(QLatin1StringView("operationName"));
        if (!operationName.isString() && !operationName.isNull() && !operationName.isUndefined())
            return fail(QStringLiteral("'payload.operationName' must be a string, null or missing"), operationName);
        for (const QLatin1StringView member : {QLatin1StringView("variables"), QLatin1StringView("extensions")}) {
            const QJsonValue value = operation.value(member);
            if (!isObjectOrNullish(value))
                return fail(QStringLiteral("'payload.%1' must be an object, null or missing").arg(member), value);
        }
        return true;
    }

    // "payload: GraphQLError[]"; the reference implementation wants at least one, each with a
    // message (areGraphQLFormattedErrors()), which the GraphQL spec makes a string.
    bool checkErrors()
    {
        const QJsonValue errors = payload();
        if (!errors.isArray() || errors.toArray().isEmpty())
            return fail(QStringLiteral("'payload' must be a non-empty array of GraphQL errors"), errors);
        const QJsonArray array = errors.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array[i].isObject())
                return fail(QStringLiteral("'payload[%1]' must be a GraphQL error (an object)").arg(i), array[i]);
            const QJsonValue message = array[i].toObject().value(QLatin1StringView("message"));
            if (!message.isString())
                return fail(QStringLiteral("'payload[%1].message' must be a string").arg(i), message);
        }
        return true;
    }

    Type m_type;
    const QJsonObject &m_object;
};

} // namespace

std::optional<GraphQlWsMessage> GraphQlWsMessage::parse(QByteArrayView text, QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<GraphQlWsMessage> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    // "Messages are represented through the JSON structure": an object.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonDocument reads no scalar at the top level; one that is JSON is the wrong type.
        if (const std::optional<QJsonValue> scalar = ReceivedMessage::parseJson(text))
            return fail(QStringLiteral("a message must be a JSON object, got %1").arg(JsonScalar::describe(*scalar)));
        return fail(QStringLiteral("the message is not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset));
    }
    if (!document.isObject())
        return fail(QStringLiteral("a message must be a JSON object, got an array"));
    const QJsonObject object = document.object();

    // "All messages contain the type field outlining the action this message describes."
    const QJsonValue typeValue = object.value(QLatin1StringView("type"));
    if (!typeValue.isString())
        return fail(QStringLiteral("'type' must be a string, got %1").arg(JsonScalar::describe(typeValue)));
    const std::optional<Type> type = typeFromName(typeValue.toString());
    if (!type) {
        // "Invalid message": a type not specified in the document closes the socket with 4400.
        QString name = typeValue.toString();
        if (name.size() > 40)
            name = name.first(37) + QStringLiteral("...");
        return fail(QStringLiteral("unknown message type \"%1\"").arg(name));
    }
    MessageChecker checker(*type, object);
    if (!checker.check())
        return fail(checker.m_error);

    GraphQlWsMessage message;
    message.type = *type;
    if (hasId(*type))
        message.id = object.value(QLatin1StringView("id")).toString();
    if (*type != Type::Complete)
        message.payload = object.value(QLatin1StringView("payload"));
    return message;
}

QByteArray GraphQlWsMessage::encode() const
{
    QByteArray out = "{\"type\":\"";
    out.append(typeName(type).latin1()).append('"');
    if (hasId(type))
        out.append(",\"id\":").append(JsonScalar::compact(QJsonValue(id)));
    if (!payload.isUndefined())
        out.append(",\"payload\":").append(JsonScalar::compact(payload));
    out.append('}');
    return out;
}

QLatin1StringView GraphQlWsMessage::typeName(Type type)
{
    switch (type) {
    case Type::ConnectionInit:
        return QLatin1StringView("connection_init");
    case Type::ConnectionAck:
        return QLatin1StringView("connection_ack");
    case Type::Ping:
        return QLatin1StringView("ping");
    case Type::Pong:
        return QLatin1StringView("pong");
    case Type::Subscribe:
        return QLatin1StringView("subscribe");
    case Type::Next:
        return QLatin1StringView("next");
    case Type::Error:
        return QLatin1StringView("error");
    case Type::Complete:
        return QLatin1StringView("complete");
    }
    return QLatin1StringView("unknown");
}

std::optional<GraphQlWsMessage::Type> GraphQlWsMessage::typeFromName(QStringView name)
{
    for (const Type type : allTypes) {
        if (name == typeName(type))
            return type;
    }
    return std::nullopt;
}

bool GraphQlWsMessage::hasId(Type type)
{
    return type == Type::Subscribe || type == Type::Next || type == Type::Error || type == Type::Complete;
}
