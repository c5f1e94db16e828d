#include "messagetemplate.h"

#include "jsonpath.h"
#include "templatecontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>

namespace {

using Placeholder = MessageTemplate::Placeholder;

struct PlaceholderName
{
    QLatin1StringView name;
    Placeholder placeholder;
    int arguments;
};

constexpr PlaceholderName placeholderNames[] = {
    {QLatin1StringView("client"), Placeholder::Client, 0},
    {QLatin1StringView("group"), Placeholder::Group, 0},
    {QLatin1StringView("channel"), Placeholder::Channel, 0},
    {QLatin1StringView("seq"), Placeholder::Seq, 0},
    {QLatin1StringView("sentAt"), Placeholder::SentAt, 0},
    {QLatin1StringView("now"), Placeholder::Now, 0},
    {QLatin1StringView("uuid"), Placeholder::Uuid, 0},
    {QLatin1StringView("random"), Placeholder::Random, 2},
    {QLatin1StringView("text"), Placeholder::Text, 1},
    {QLatin1StringView("lastEventId"), Placeholder::LastEventId, 0},
    {QLatin1StringView("lastSeq"), Placeholder::LastSeq, 0},
};

const QLatin1StringView expectedNames(
    "expected client, group, channel, seq, sentAt, now, uuid, random A B, text N, lastEventId or lastSeq");

bool isNumeric(Placeholder placeholder)
{
    switch (placeholder) {
    case Placeholder::Client:
    case Placeholder::Seq:
    case Placeholder::SentAt:
    case Placeholder::Now:
    case Placeholder::Random:
    case Placeholder::LastSeq:
        return true;
    default:
        return false;
    }
}

// A placeholder as written, for messages; a long one is cut so that the message stays readable.
QString quoted(QStringView placeholder)
{
    constexpr qsizetype longest = 60;
    if (placeholder.size() <= longest)
        return u'"' + placeholder.toString() + u'"';
    return u'"' + placeholder.first(longest - 3).toString() + QStringLiteral("...\"");
}

// A decimal integer and nothing else: toLongLong() alone would also take "+1" and " 1".
std::optional<qint64> integerArgument(QStringView text)
{
    const qsizetype first = text.startsWith(u'-') ? 1 : 0;
    if (text.size() == first)
        return std::nullopt;
    for (qsizetype i = first; i < text.size(); ++i) {
        if (text[i] < u'0' || text[i] > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok, 10);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

template <typename Integer>
void appendNumber(QByteArray &out, Integer value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr - digits);
}

// RFC 8259 7: '"', '\' and the control characters U+0000 to U+001F must be escaped; everything
// else, UTF-8 included, may stand as it is. Runs that need nothing are appended in one piece.
void appendJsonEscaped(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    qsizetype run = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            out.append("\\u00").append(hex[c >> 4]).append(hex[c & 0xF]);
        }
    }
    out.append(utf8.data() + run, utf8.size() - run);
}

// RFC 3986 2.3: the unreserved characters mean the same everywhere in a URL; anything else in a
// substituted value ('&', '=', '/', '?', '#', space, UTF-8) would be read as syntax or is not
// allowed, so it is percent-encoded (2.1: upper-case hex digits).
void appendPercentEncoded(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char ch : utf8) {
        const uchar c = uchar(ch);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved)
            out.append(ch);
        else
            out.append('%').append(hex[c >> 4]).append(hex[c & 0xF]);
    }
}

// {{text N}}: the alphabet over and over. The block is a whole number of alphabets long, so the
// pattern runs on unbroken from one block to the next.
void appendFiller(QByteArray &out, qint64 length)
{
    static const QByteArray block = QByteArray("abcdefghijklmnopqrstuvwxyz").repeated(160);
    while (length > 0) {
        const qsizetype chunk = qsizetype(std::min<qint64>(length, block.size()));
        out.append(block.constData(), chunk);
        length -= chunk;
    }
}

// {{random A B}}: uniform over [low, high]. r % span alone would favour small residues when span
// does not divide 2^64, so the 2^64 mod span lowest draws are rejected and drawn again.
qint64 drawInclusive(SplitMix64 *random, qint64 low, qint64 high)
{
    Q_ASSERT_X(random, "MessageTemplate::render", "the template uses {{random}} but the context has no generator");
    if (!random)
        return low;
    const quint64 span = quint64(high) - quint64(low) + 1; // 0: all 2^64 values
    quint64 r = (*random)();
    if (span != 0) {
        const quint64 rejected = (0 - span) % span;
        while (r < rejected)
            r = (*random)();
        r %= span;
    }
    return qint64(quint64(low) + r);
}

// The context's strings as UTF-8, converted once per render however often the template names them.
struct RenderStrings
{
    QByteArray group;
    QByteArray channel;
    QByteArray uuid;
    QByteArray lastEventId;

    const QByteArray *of(Placeholder placeholder) const
    {
        switch (placeholder) {
        case Placeholder::Group: return &group;
        case Placeholder::Channel: return &channel;
        case Placeholder::Uuid: return &uuid;
        case Placeholder::LastEventId: return &lastEventId;
        default: return nullptr;
        }
    }
};

} // namespace

// Turns scenario JSON or text into a MessageTemplate's literal bytes and placeholder ops, and
// collects every error on the way rather than stopping at the first.
class TemplateCompiler
{
public:
    using Escape = MessageTemplate::Escape;
    using Op = MessageTemplate::Op;
    enum class Quoting { None, Quoted, QuotedOrNumber };

    TemplateCompiler(MessageTemplate::Kind kind, Escape escape) : m_escape(escape) { m_result.m_kind = kind; }

    void literal(QByteArrayView bytes) { m_result.m_literals.append(bytes); }

    void literalText(QStringView text)
    {
        const QByteArray utf8 = text.toUtf8();
        if (m_escape == Escape::Json)
            appendJsonEscaped(m_result.m_literals, utf8);
        else
            literal(utf8);
    }

    void value(Op op)
    {
        op.literalEnd = m_result.m_literals.size();
        m_result.m_used |= MessageTemplate::bit(op.placeholder);
        if (op.placeholder == Placeholder::Text)
            m_result.m_fixedSize += op.a;
        else if (isNumeric(op.placeholder))
            m_result.m_fixedSize += 20;
        m_result.m_ops.append(op);
    }

    void error(const QString &path, bool inKey, qsizetype offset, const QString &message)
    {
        m_errors.append({path, offset, message, inKey});
    }

    // One string with placeholders. Quoted: as a JSON string; QuotedOrNumber: a JSON value, a
    // bare number when the string is exactly one numeric placeholder.
    void string(const QString &text, const QString &path, bool inKey, Quoting quoting)
    {
        struct Found
        {
            qsizetype start;
            qsizetype end;
            Op op;
        };
        QList<Found> found;
        bool bad = false;
        qsizetype pos = 0;
        for (;;) {
            const qsizetype open = text.indexOf(u"{{", pos);
            if (open < 0)
                break;
            const qsizetype close = text.indexOf(u"}}", open + 2);
            if (close < 0) {
                error(path, inKey, open, QStringLiteral("unterminated placeholder: \"{{\" without \"}}\" (there is no escape for a literal \"{{\")"));
                bad = true;
                break;
            }
            const QStringView written = QStringView(text).sliced(open, close + 2 - open);
            if (const std::optional<Op> op = placeholder(written, path, inKey, open))
                found.append({open, close + 2, *op});
            else
                bad = true;
            pos = close + 2;
        }
        if (bad)
            return;

        if (quoting == Quoting::QuotedOrNumber && found.size() == 1 && found[0].start == 0
            && found[0].end == text.size() && isNumeric(found[0].op.placeholder)) {
            value(found[0].op);
            return;
        }
        if (quoting != Quoting::None)
            literal("\"");
        pos = 0;
        for (const Found &f : std::as_const(found)) {
            literalText(QStringView(text).sliced(pos, f.start - pos));
            value(f.op);
            pos = f.end;
        }
        literalText(QStringView(text).sliced(pos));
        if (quoting != Quoting::None)
            literal("\"");
    }

    // `written` is the placeholder with its braces, at `offset` in its string.
    std::optional<Op> placeholder(QStringView written, const QString &path, bool inKey, qsizetype offset)
    {
        const QList<QStringView> words = written.sliced(2, written.size() - 4).split(u' ', Qt::SkipEmptyParts);
        const auto fail = [&](const QString &message) -> std::optional<Op> {
            error(path, inKey, offset, message);
            return std::nullopt;
        };
        if (words.isEmpty())
            return fail(QStringLiteral("empty placeholder %1 (%2)").arg(quoted(written), expectedNames));
        const PlaceholderName *name = nullptr;
        for (const PlaceholderName &candidate : placeholderNames) {
            if (words[0] == candidate.name)
                name = &candidate;
        }
        if (!name)
            return fail(QStringLiteral("unknown placeholder %1 (%2)").arg(quoted(written), expectedNames));

        Op op;
        op.placeholder = name->placeholder;
        op.escape = m_escape;
        const qsizetype arguments = words.size() - 1;
        if (name->arguments == 0) {
            if (arguments != 0)
                return fail(QStringLiteral("placeholder %1: %2 takes no arguments").arg(quoted(written), name->name));
            return op;
        }
        if (arguments != name->arguments) {
            return fail(name->placeholder == Placeholder::Random
                            ? QStringLiteral("placeholder %1: random takes two integers (random A B)").arg(quoted(written))
                            : QStringLiteral("placeholder %1: text takes one integer (text N)").arg(quoted(written)));
        }
        qint64 values[2] = {0, 0};
        for (qsizetype i = 0; i < arguments; ++i) {
            const std::optional<qint64> number = integerArgument(words[i + 1]);
            if (!number) {
                return fail(QStringLiteral("placeholder %1: \"%2\" is not an integer")
                                .arg(quoted(written), words[i + 1].left(30).toString()));
            }
            values[i] = *number;
        }
        op.a = values[0];
        op.b = values[1];
        if (op.placeholder == Placeholder::Random && op.a > op.b)
            return fail(QStringLiteral("placeholder %1: A is greater than B").arg(quoted(written)));
        if (op.placeholder == Placeholder::Text && (op.a < 0 || op.a > MessageTemplate::maxTextLength)) {
            return fail(QStringLiteral("placeholder %1: N must be between 0 and %2 (16 MiB)")
                            .arg(quoted(written)).arg(MessageTemplate::maxTextLength));
        }
        return op;
    }

    void json(const QJsonValue &value, const QString &path)
    {
        switch (value.type()) {
        case QJsonValue::Object: {
            const QJsonObject object = value.toObject();
            literal("{");
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                if (it != object.constBegin())
                    literal(",");
                const QString memberPath = path + JsonPath::keyText(it.key());
                // A key is always a JSON string, also when it is one numeric placeholder.
                string(it.key(), memberPath, true, Quoting::Quoted);
                literal(":");
                json(it.value(), memberPath);
            }
            literal("}");
            break;
        }
        case QJsonValue::Array: {
            const QJsonArray array = value.toArray();
            literal("[");
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (i > 0)
                    literal(",");
                json(array.at(i), path + JsonPath::indexText(i));
            }
            literal("]");
            break;
        }
        case QJsonValue::String:
            string(value.toString(), path, false, Quoting::QuotedOrNumber);
            break;
        case QJsonValue::Undefined:
            literal("null");
            break;
        default: {
            // A number, a bool or null: written by Qt's own writer, so a number reads back as
            // the same number (shortest round-trip form, integers exactly).
            const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
            literal(QByteArrayView(text).sliced(1, text.size() - 2));
            break;
        }
        }
    }

    void base64(const QString &encoded, const QString &path)
    {
        const QByteArray latin1 = encoded.toLatin1();
        auto decoded = QByteArray::fromBase64Encoding(latin1, QByteArray::AbortOnBase64DecodingErrors);
        if (decoded) {
            literal(*decoded);
            return;
        }
        qsizetype offset = -1;
        for (qsizetype i = 0; i < encoded.size() && offset < 0; ++i) {
            const QChar c = encoded[i];
            const bool alphabet = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
                || c == u'+' || c == u'/' || c == u'=';
            if (!alphabet)
                offset = i;
        }
        if (offset >= 0 && QStringView(encoded).sliced(offset).startsWith(u"{{")) {
            error(path, false, offset, QStringLiteral("a base64 frame takes no placeholders (it is decoded once, when the scenario is loaded)"));
            return;
        }
        error(path, false, offset, QStringLiteral("invalid base64 (expected A-Z, a-z, 0-9, + and /, with = padding only at the end)"));
    }

    std::optional<MessageTemplate> finish(QList<RuleError> *errors)
    {
        if (!m_errors.isEmpty()) {
            if (errors)
                errors->append(m_errors);
            return std::nullopt;
        }
        m_result.m_fixedSize += m_result.m_literals.size();
        m_result.m_literals.squeeze();
        return std::move(m_result);
    }

private:
    MessageTemplate m_result;
    Escape m_escape;
    QList<RuleError> m_errors;
};

std::optional<MessageTemplate> MessageTemplate::fromJson(const QJsonValue &value, QList<RuleError> *errors)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.size() == 1) {
            const QString key = object.constBegin().key();
            const QJsonValue inner = object.constBegin().value();
            if (key == u"text" && inner.isString()) {
                TemplateCompiler compiler(Kind::Text, Escape::None);
                compiler.string(inner.toString(), QStringLiteral(".text"), false, TemplateCompiler::Quoting::None);
                return compiler.finish(errors);
            }
            if (key == u"base64" && inner.isString()) {
                TemplateCompiler compiler(Kind::Binary, Escape::None);
                compiler.base64(inner.toString(), QStringLiteral(".base64"));
                return compiler.finish(errors);
            }
            if (key == u"json") {
                TemplateCompiler compiler(Kind::Json, Escape::Json);
                compiler.json(inner, QStringLiteral(".json"));
                return compiler.finish(errors);
            }
        }
    }
    TemplateCompiler compiler(Kind::Json, Escape::Json);
    compiler.json(value, QString());
    return compiler.finish(errors);
}

std::optional<MessageTemplate> MessageTemplate::fromText(const QString &text, QList<RuleError> *errors)
{
    TemplateCompiler compiler(Kind::Text, Escape::None);
    compiler.string(text, QString(), false, TemplateCompiler::Quoting::None);
    return compiler.finish(errors);
}

std::optional<MessageTemplate> MessageTemplate::fromUrlText(const QString &text, QList<RuleError> *errors)
{
    TemplateCompiler compiler(Kind::Text, Escape::Url);
    compiler.string(text, QString(), false, TemplateCompiler::Quoting::None);
    return compiler.finish(errors);
}

QByteArray MessageTemplate::render(const TemplateContext &context) const
{
    if (m_ops.isEmpty())
        return m_literals; // shared, not copied: a constant message costs nothing per render

    RenderStrings strings;
    if (uses(Placeholder::Group))
        strings.group = context.group.toUtf8();
    if (uses(Placeholder::Channel))
        strings.channel = context.channel.toUtf8();
    if (uses(Placeholder::Uuid))
        strings.uuid = context.uuid.toUtf8();
    if (uses(Placeholder::LastEventId))
        strings.lastEventId = context.lastEventId.toUtf8();
    qsizetype size = m_fixedSize;
    for (const Op &op : m_ops) {
        if (const QByteArray *bytes = strings.of(op.placeholder))
            size += bytes->size();
    }

    QByteArray out;
    out.reserve(size);
    qsizetype at = 0;
    for (const Op &op : m_ops) {
        out.append(m_literals.constData() + at, op.literalEnd - at);
        at = op.literalEnd;
        switch (op.placeholder) {
        case Placeholder::Client: appendNumber(out, context.client); break;
        case Placeholder::Seq: appendNumber(out, context.seq); break;
        case Placeholder::SentAt: appendNumber(out, context.sentAtUs); break;
        case Placeholder::Now: appendNumber(out, context.nowMs); break;
        case Placeholder::LastSeq: appendNumber(out, context.lastSeq); break;
        case Placeholder::Random: appendNumber(out, drawInclusive(context.random, op.a, op.b)); break;
        case Placeholder::Text: appendFiller(out, op.a); break;
        case Placeholder::Group:
        case Placeholder::Channel:
        case Placeholder::Uuid:
        case Placeholder::LastEventId: {
            const QByteArray &bytes = *strings.of(op.placeholder);
            if (op.escape == Escape::Json)
                appendJsonEscaped(out, bytes);
            else if (op.escape == Escape::Url)
                appendPercentEncoded(out, bytes);
            else
                out.append(bytes);
            break;
        }
        }
    }
    out.append(m_literals.constData() + at, m_literals.size() - at);
    return out;
}
