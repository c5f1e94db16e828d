// libFuzzer target: core/message on scenario text and received messages. The input is cut at
// 0x1E (ASCII record separator) into parts:
//   0  a send.template (parsed as JSON when it is JSON, else taken as a JSON string)
//   1  text for fromText() and fromUrlText() (a header value, a URL)
//   2  a JSON path, parsed and evaluated against a fixed document and the received message
//   3  a FieldExtractor (JSON, else a JSON string)
//   4  a MessageMatcher (JSON, else a JSON string)
//   5  a received message (its text; part 6 is also its SSE event type)
//   6  the context's strings: group, channel, uuid and lastEventId substituted into templates
// Invariants: a build fails exactly when it reports errors; a JSON template renders valid JSON
// whatever the substituted names hold, and without placeholders renders its own value; text N
// is N bytes; {{random A B}} stays in [A, B]; a URL template percent-encodes what it substitutes;
// a JSON path's canonical text parses back to the same path.
#include "message/fieldextractor.h"
#include "message/jsonpath.h"
#include "message/jsonscalar.h"
#include "message/messagematcher.h"
#include "message/messagetemplate.h"
#include "message/receivedmessage.h"
#include "message/templatecontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <utility>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_messagetemplate: invariant violated: %s\n", what);
        std::abort();
    }
}

using Placeholder = MessageTemplate::Placeholder;

// {{text N}} may ask for 16 MiB, and a template may hold many: one that asks for more filler
// than this in all is built and checked but not rendered, so that each input stays fast.
constexpr qint64 maxFillerToRender = 1024 * 1024;

// The filler the {{text N}} placeholders in `text` ask for together (an upper bound: also those
// a template would reject).
qint64 fillerAskedFor(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{ *text +(\\d+) *\\}\\}"));
    qint64 total = 0;
    for (const QRegularExpressionMatch &match : placeholder.globalMatch(text)) {
        bool ok = false;
        const qint64 length = match.captured(1).toLongLong(&ok);
        if (ok) // beyond 64 bits it is no integer to the template either
            total += std::min(length, MessageTemplate::maxTextLength);
    }
    return total;
}

// The same for a JSON template: in Qt's compact text of it, every string (keys too) appears
// with its JSON escapes undone except for quotes, backslashes and control characters, none of
// which can be part of a {{text N}}.
qint64 fillerAskedFor(const QJsonValue &value)
{
    return fillerAskedFor(QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));
}

QJsonValue jsonOrString(QByteArrayView part)
{
    if (std::optional<QJsonValue> value = ReceivedMessage::parseJson(part))
        return *value;
    return QJsonValue(QString::fromUtf8(part));
}

std::optional<QJsonValue> parsedJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + bytes + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return std::nullopt;
    return document.array().first();
}

void checkErrors(bool built, qsizetype before, const QList<RuleError> &errors, const char *what)
{
    if (built != (errors.size() == before))
        std::fprintf(stderr, "%s: built=%d with %lld errors\n", what, int(built), (long long)(errors.size() - before));
    check(built == (errors.size() == before), "a build succeeded with errors, or failed without one");
    for (qsizetype i = before; i < errors.size(); ++i) {
        check(!errors[i].message.isEmpty(), "an error without a message");
        check(errors[i].offset >= -1, "an error offset below -1");
    }
}

// The string of a one-member object: the text of a {"text": "..."} template.
QString memberText(const QJsonValue &source)
{
    return source.toObject().constBegin().value().toString();
}

bool usesAny(const MessageTemplate &compiled)
{
    for (int p = int(Placeholder::Client); p <= int(Placeholder::LastSeq); ++p) {
        if (compiled.uses(Placeholder(p)))
            return true;
    }
    return false;
}

void checkJsonTemplate(const QJsonValue &source, const TemplateContext &context)
{
    QList<RuleError> errors;
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(source, &errors);
    checkErrors(compiled.has_value(), 0, errors, "fromJson");
    if (!compiled)
        return;

    // The special forms, as the header documents them.
    QJsonValue value = source;
    MessageTemplate::Kind kind = MessageTemplate::Kind::Json;
    if (source.isObject() && source.toObject().size() == 1) {
        const QString key = source.toObject().constBegin().key();
        const QJsonValue inner = source.toObject().constBegin().value();
        if (key == u"text" && inner.isString())
            kind = MessageTemplate::Kind::Text;
        else if (key == u"base64" && inner.isString())
            kind = MessageTemplate::Kind::Binary;
        else if (key == u"json")
            value = inner;
    }
    check(compiled->kind() == kind, "fromJson() chose the wrong kind");
    if (fillerAskedFor(source) > maxFillerToRender)
        return;

    const QByteArray rendered = compiled->render(context);
    if (kind == MessageTemplate::Kind::Binary) {
        check(!usesAny(*compiled), "a base64 template uses placeholders");
        return;
    }
    if (kind == MessageTemplate::Kind::Text) {
        if (!usesAny(*compiled))
            check(rendered == memberText(source).toUtf8(), "a text template without placeholders changed its text");
        return;
    }
    const std::optional<QJsonValue> parsed = parsedJson(rendered);
    if (!parsed)
        std::fprintf(stderr, "rendered: %.*s\n", int(std::min<qsizetype>(rendered.size(), 2000)), rendered.constData());
    check(parsed.has_value(), "a JSON template rendered invalid JSON");
    if (!usesAny(*compiled))
        check(JsonScalar::equals(*parsed, value), "a JSON template without placeholders did not render its value");
}

void checkTextTemplates(const QString &text, const TemplateContext &context)
{
    QList<RuleError> errors;
    const std::optional<MessageTemplate> plain = MessageTemplate::fromText(text, &errors);
    checkErrors(plain.has_value(), 0, errors, "fromText");
    for (const RuleError &error : std::as_const(errors)) {
        check(error.path.isEmpty() && !error.inKey, "a text template error with a path");
        check(error.offset >= 0 && error.offset < text.size(), "a text template error offset outside the text");
        check(QStringView(text).sliced(error.offset).startsWith(u"{{"), "a text template error that is not at a {{");
    }
    const qsizetype count = errors.size();
    const std::optional<MessageTemplate> url = MessageTemplate::fromUrlText(text, &errors);
    checkErrors(url.has_value(), count, errors, "fromUrlText");
    check(url.has_value() == plain.has_value(), "fromText() and fromUrlText() disagree on what is valid");
    check(errors.size() == 2 * count, "fromText() and fromUrlText() report different errors");
    if (!plain || fillerAskedFor(text) > maxFillerToRender)
        return;
    check(plain->kind() == MessageTemplate::Kind::Text && url->kind() == MessageTemplate::Kind::Text, "a text template that is not Text");
    const QByteArray rendered = plain->render(context);
    if (!text.contains(u"{{"))
        check(rendered == text.toUtf8() && url->render(context) == rendered, "text without placeholders changed");
}

// The substituted strings, fuzzed, through each escaping.
void checkSubstitution(const TemplateContext &context)
{
    const QByteArray group = context.group.toUtf8();

    const std::optional<MessageTemplate> json = MessageTemplate::fromJson(
        QJsonObject{{QStringLiteral("g"), QStringLiteral("{{group}}")}, {QStringLiteral("k{{group}}"), QStringLiteral("<{{channel}}>")}}, nullptr);
    check(json.has_value(), "the fixed JSON template did not build");
    const std::optional<QJsonValue> parsed = parsedJson(json->render(context));
    check(parsed && parsed->isObject(), "a JSON template with fuzzed names rendered invalid JSON");
    const QJsonObject object = parsed->toObject();
    // (The names come from QString::fromUtf8(), so they hold no lone surrogate and survive UTF-8.)
    check(object.value(u"g").toString() == context.group, "a substituted string did not survive JSON escaping");
    check(object.value(u'k' + context.group).toString() == u'<' + context.channel + u'>',
          "a substituted key did not survive JSON escaping");

    const std::optional<MessageTemplate> plain = MessageTemplate::fromText(QStringLiteral("{{group}}"), nullptr);
    check(plain && plain->render(context) == group, "a text template changed a substituted string");

    const std::optional<MessageTemplate> url = MessageTemplate::fromUrlText(QStringLiteral("{{group}}"), nullptr);
    check(url.has_value(), "the fixed URL template did not build");
    const QByteArray encoded = url->render(context);
    for (const char c : encoded) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_' || c == '~' || c == '%';
        check(allowed, "a URL template left a reserved character unencoded");
    }
    check(QByteArray::fromPercentEncoding(encoded) == group, "a URL template's encoding does not decode to the value");
}

void checkFillerAndRandom(QByteArrayView input)
{
    // Numbers from the input's bytes, so that the fuzzer steers them.
    quint64 bits = 0x9E3779B97F4A7C15ULL;
    for (const char c : input.first(std::min<qsizetype>(input.size(), 32)))
        bits = (bits ^ uchar(c)) * 0x100000001B3ULL;
    const qint64 length = qint64(bits % 5000);
    const std::optional<MessageTemplate> filler = MessageTemplate::fromText(QStringLiteral("{{text %1}}").arg(length), nullptr);
    check(filler.has_value(), "{{text N}} did not build");
    const QByteArray text = filler->render({});
    check(text.size() == length, "{{text N}} is not N bytes");
    for (qsizetype i = 0; i < text.size(); ++i)
        check(text[i] == char('a' + i % 26), "{{text N}} is not the alphabet over and over");

    qint64 a = qint64(bits);
    qint64 b = qint64(bits * 0xBF58476D1CE4E5B9ULL) >> (bits % 64);
    if (a > b)
        std::swap(a, b);
    const std::optional<MessageTemplate> random = MessageTemplate::fromJson(QStringLiteral("{{random %1 %2}}").arg(a).arg(b), nullptr);
    check(random.has_value(), "{{random A B}} did not build");
    SplitMix64 generator(bits);
    TemplateContext context;
    context.random = &generator;
    for (int i = 0; i < 8; ++i) {
        bool ok = false;
        const qint64 value = random->render(context).toLongLong(&ok);
        check(ok && value >= a && value <= b, "{{random A B}} outside [A, B]");
    }
}

void checkJsonPath(const QString &text, const ReceivedMessage &message)
{
    static const QJsonValue document = *ReceivedMessage::parseJson(
        R"({"type":"chat.message","payload":{"seq":17,"items":[{"id":1},{"id":2}],"a b":{"c":true},"":0},"list":[[1],[2,3]]})");
    QString error;
    qsizetype offset = -2;
    const std::optional<JsonPath> path = JsonPath::parse(text, &error, &offset);
    if (!path) {
        check(!error.isEmpty(), "a JSON path rejected without a message");
        check(offset >= 0 && offset <= text.size(), "a JSON path error offset outside the text");
        return;
    }
    const QString canonical = path->toString();
    const std::optional<JsonPath> again = JsonPath::parse(canonical);
    check(again.has_value() && *again == *path, "a JSON path's toString() does not parse back to it");
    check(again->toString() == canonical, "a JSON path's toString() is not stable");
    (void)path->evaluate(document);
    const std::optional<QJsonValue> value = path->evaluate(message);
    if (path->isRoot())
        check(value.has_value() && *value == message.root, "$ is not the whole message");
    if (path->isEvent())
        check(value.has_value() && value->toString() == message.event, "$event is not the event type");
}

void checkExtractor(const QJsonValue &source, const ReceivedMessage &message)
{
    QList<RuleError> errors;
    const std::optional<FieldExtractor> extractor = FieldExtractor::fromJson(source, &errors);
    checkErrors(extractor.has_value(), 0, errors, "FieldExtractor");
    if (!extractor)
        return;
    const std::optional<QJsonValue> value = extractor->extract(message);
    const std::optional<qint64> integer = extractor->extractInteger(message);
    const std::optional<QString> key = extractor->extractKey(message);
    check(value.has_value() || (!integer && !key), "an integer or a key without a value");
    if (value && value->isDouble())
        check(integer.has_value() == key.has_value(), "an integral number without a key, or a key for a fraction");
    if (integer && value && value->isDouble())
        check(*key == QString::number(*integer), "a number's key is not its decimal text");
}

void checkMatcher(const QJsonValue &source, const ReceivedMessage &message)
{
    QList<RuleError> errors;
    const std::optional<MessageMatcher> matcher = MessageMatcher::fromJson(source, &errors);
    checkErrors(matcher.has_value(), 0, errors, "MessageMatcher");
    if (!matcher)
        return;
    const bool matches = matcher->matches(message);
    if (matcher->matchesEverything())
        check(matches, "an empty matcher did not match");
    check(source.toObject().isEmpty() == matcher->matchesEverything(), "matchesEverything() disagrees with the object");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(bytes), qsizetype(size));
    QList<QByteArrayView> parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= input.size(); ++i) {
        if (i == input.size() || input[i] == '\x1e') {
            parts.append(input.sliced(start, i - start));
            start = i + 1;
        }
    }
    while (parts.size() < 7)
        parts.append(QByteArrayView());

    const QString names = QString::fromUtf8(parts[6]);
    SplitMix64 generator(size);
    TemplateContext context;
    context.client = -3;
    context.group = names;
    context.channel = names + QStringLiteral("&\"\\\n");
    context.seq = std::numeric_limits<quint64>::max();
    context.sentAtUs = std::numeric_limits<qint64>::min();
    context.nowMs = 1700000000123;
    context.uuid = names;
    context.lastEventId = names;
    context.lastSeq = 0;
    context.random = &generator;

    checkJsonTemplate(jsonOrString(parts[0]), context);
    checkTextTemplates(QString::fromUtf8(parts[1]), context);
    checkSubstitution(context);
    checkFillerAndRandom(input);

    const ReceivedMessage message = ReceivedMessage::fromText(parts[5], names);
    const std::optional<QJsonValue> json = ReceivedMessage::parseJson(parts[5]);
    check(json ? message.root == *json : message.root == QJsonValue(QString::fromUtf8(parts[5])),
          "ReceivedMessage::fromText() is neither the JSON nor the raw text");
    checkJsonPath(QString::fromUtf8(parts[2]), message);
    checkExtractor(jsonOrString(parts[3]), message);
    checkMatcher(jsonOrString(parts[4]), message);
    return 0;
}
