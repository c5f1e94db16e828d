// libFuzzer target: core/graphqlws on bytes a graphql-ws client reads. The input is parsed as
// one message: what parses must follow PROTOCOL.md's rules for its type (as parse() documents
// them) and encode to text that parses back to the same message, written the same way again.
// Strings from the input are put into messages that are encoded, then parsed back; the first two
// bytes are a close code, whose meaning is there exactly for the codes PROTOCOL.md names.
#include "graphqlws/graphqlwsclosecode.h"
#include "graphqlws/graphqlwsmessage.h"
#include "message/jsonscalar.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_graphqlws: invariant violated: %s\n", what);
        std::abort();
    }
}

using Type = GraphQlWsMessage::Type;

bool objectOrNullish(const QJsonValue &value)
{
    return value.isObject() || value.isNull() || value.isUndefined();
}

void checkRules(const GraphQlWsMessage &message)
{
    check(GraphQlWsMessage::hasId(message.type) != message.id.isEmpty(), "an operation without an id, or an id where none belongs");
    const QJsonValue &payload = message.payload;
    switch (message.type) {
    case Type::ConnectionInit:
    case Type::ConnectionAck:
    case Type::Ping:
    case Type::Pong:
        check(objectOrNullish(payload), "a payload that is not an object or null");
        break;
    case Type::Subscribe: {
        check(payload.isObject(), "a subscribe without an operation");
        const QJsonObject operation = payload.toObject();
        check(operation.value(u"query").isString(), "a subscribe without a query");
        const QJsonValue name = operation.value(u"operationName");
        check(name.isString() || name.isNull() || name.isUndefined(), "a subscribe with a bad operationName");
        check(objectOrNullish(operation.value(u"variables")) && objectOrNullish(operation.value(u"extensions")),
              "a subscribe with bad variables or extensions");
        break;
    }
    case Type::Next:
        check(payload.isObject(), "a next without an execution result");
        break;
    case Type::Error: {
        check(payload.isArray() && !payload.toArray().isEmpty(), "an error without errors");
        for (const QJsonValue &error : payload.toArray())
            check(error.isObject() && error.toObject().value(u"message").isString(), "an error without a message");
        break;
    }
    case Type::Complete:
        check(payload.isUndefined(), "a complete with a payload");
        break;
    }
}

void checkParse(QByteArrayView text)
{
    QString error;
    const std::optional<GraphQlWsMessage> message = GraphQlWsMessage::parse(text, &error);
    if (!message) {
        check(!error.isEmpty(), "a message rejected without an error");
        return;
    }
    checkRules(*message);
    check(GraphQlWsMessage::typeFromName(QString(GraphQlWsMessage::typeName(message->type))) == message->type, "typeName() and typeFromName() disagree");
    const QByteArray encoded = message->encode();
    const std::optional<GraphQlWsMessage> again = GraphQlWsMessage::parse(encoded, &error);
    if (!again)
        std::fprintf(stderr, "encoded: %s\nerror: %s\n", encoded.constData(), qPrintable(error));
    check(again.has_value(), "encode() of a parsed message does not parse");
    check(again->type == message->type && again->id == message->id, "a message's round trip changed its type or id");
    check(again->payload.type() == message->payload.type() && JsonScalar::equals(again->payload, message->payload),
          "a message's round trip changed its payload");
    check(again->encode() == encoded, "encode() is not canonical");
}

// Strings from the input (valid UTF-16: fromUtf8() makes no lone surrogate) through encode().
void checkEncoding(QByteArrayView input)
{
    const QString text = QString::fromUtf8(input);
    GraphQlWsMessage subscribe;
    subscribe.type = Type::Subscribe;
    subscribe.id = u'q' + text;
    subscribe.payload = QJsonObject{{QStringLiteral("query"), text},
                                    {QStringLiteral("operationName"), text},
                                    {QStringLiteral("variables"), QJsonObject{{text, QJsonArray{text, 1.5, true}}}}};
    const std::optional<GraphQlWsMessage> parsed = GraphQlWsMessage::parse(subscribe.encode(), nullptr);
    check(parsed.has_value() && *parsed == subscribe, "a subscribe with strings from the input did not survive encode()");

    GraphQlWsMessage error;
    error.type = Type::Error;
    error.id = u'e' + text;
    error.payload = QJsonArray{QJsonObject{{QStringLiteral("message"), text}}};
    const std::optional<GraphQlWsMessage> parsedError = GraphQlWsMessage::parse(error.encode(), nullptr);
    check(parsedError.has_value() && *parsedError == error, "an error with strings from the input did not survive encode()");
}

void checkCloseCode(QByteArrayView input)
{
    if (input.size() < 2)
        return;
    const quint16 code = quint16(uchar(input[0]) << 8 | uchar(input[1]));
    const bool named = code == 4400 || code == 4401 || code == 4403 || code == 4406 || code == 4408 || code == 4409
        || code == 4429 || code == 4500;
    check(GraphQlWsCloseCode::meaning(code).isEmpty() != named, "a close code's meaning is there for the wrong codes");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(bytes), qsizetype(size));
    checkParse(input);
    checkEncoding(input);
    checkCloseCode(input);
    return 0;
}
