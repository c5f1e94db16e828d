#include "jsonpath.h"

#include "receivedmessage.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

const QLatin1StringView eventPath("$event");

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_'
        || c == u'$' || c == u'-';
}

// What toString() may write as `.name`: narrower than what parse() accepts after a dot, so the
// text reads like the paths in scenario errors (JsonSourceMap's notation).
bool isIdentifier(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key[i];
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
        if (!letter && !(i > 0 && c >= u'0' && c <= u'9'))
            return false;
    }
    return true;
}

// Reads one path; the members say where it stopped and why.
class PathReader
{
public:
    explicit PathReader(QStringView text) : m_text(text) {}

    bool fail(qsizetype offset, const QString &message)
    {
        m_errorOffset = offset;
        m_error = message;
        return false;
    }

    QChar peek(qsizetype at) const { return at < m_text.size() ? m_text[at] : QChar(); }

    bool readName(QString *name)
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && isNameChar(m_text[m_pos]))
            ++m_pos;
        if (m_pos == start)
            return fail(start, QStringLiteral("expected a name after '.' (letters, digits, _, $ or -; use [\"...\"] for other names)"));
        *name = m_text.sliced(start, m_pos - start).toString();
        return true;
    }

    // After `[` and the opening quote.
    bool readQuoted(QChar quote, qsizetype bracket, QString *name)
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == quote) {
                ++m_pos;
                if (peek(m_pos) != u']')
                    return fail(m_pos, QStringLiteral("expected ']' after the quoted name"));
                ++m_pos;
                return true;
            }
            if (c == u'\\') {
                const QChar next = peek(m_pos + 1);
                if (next != u'"' && next != u'\'' && next != u'\\')
                    return fail(m_pos, QStringLiteral("unknown escape in a quoted name (only \\\", \\' and \\\\)"));
                name->append(next);
                m_pos += 2;
                continue;
            }
            name->append(c);
            ++m_pos;
        }
        return fail(bracket, QStringLiteral("unterminated quoted name (no closing %1])").arg(quote));
    }

    // After `[`.
    bool readIndex(qint64 *index)
    {
        const qsizetype start = m_pos;
        if (peek(m_pos) == u'-')
            ++m_pos;
        const qsizetype digits = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'9')
            ++m_pos;
        if (m_pos == digits)
            return fail(start, QStringLiteral("expected an index or a quoted name after '['"));
        bool ok = false;
        *index = m_text.sliced(start, m_pos - start).toLongLong(&ok, 10);
        if (!ok)
            return fail(start, QStringLiteral("index out of range"));
        if (peek(m_pos) != u']')
            return fail(m_pos, QStringLiteral("expected ']' after the index"));
        ++m_pos;
        return true;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
    QString m_error;
    qsizetype m_errorOffset = -1;
};

} // namespace

std::optional<JsonPath> JsonPath::parse(QStringView text, QString *error, qsizetype *errorOffset)
{
    JsonPath path;
    PathReader reader(text);
    const auto failed = [&]() -> std::optional<JsonPath> {
        if (error)
            *error = reader.m_error;
        if (errorOffset)
            *errorOffset = reader.m_errorOffset;
        return std::nullopt;
    };

    if (text == eventPath) {
        path.m_event = true;
        return path;
    }
    if (!text.startsWith(u'$')) {
        reader.fail(0, QStringLiteral("a JSON path starts with $ (e.g. $.payload.seq)"));
        return failed();
    }
    if (text.startsWith(eventPath) && text.size() > eventPath.size()
        && (text[eventPath.size()] == u'.' || text[eventPath.size()] == u'[')) {
        reader.fail(eventPath.size(), QStringLiteral("$event (the SSE event type) is a string with no members"));
        return failed();
    }
    reader.m_pos = 1;
    while (reader.m_pos < text.size()) {
        const QChar c = text[reader.m_pos];
        Step step;
        bool ok = false;
        if (c == u'.') {
            ++reader.m_pos;
            ok = reader.readName(&step.key);
        } else if (c == u'[') {
            const qsizetype bracket = reader.m_pos++;
            const QChar next = reader.peek(reader.m_pos);
            if (next == u'"' || next == u'\'') {
                ++reader.m_pos;
                ok = reader.readQuoted(next, bracket, &step.key);
            } else {
                step.isIndex = true;
                ok = reader.readIndex(&step.index);
            }
        } else {
            reader.fail(reader.m_pos, QStringLiteral("expected '.' or '[' (a path continues with .name, [\"name\"] or [index])"));
        }
        if (!ok)
            return failed();
        path.m_steps.append(std::move(step));
    }
    return path;
}

std::optional<QJsonValue> JsonPath::evaluate(const QJsonValue &root) const
{
    if (m_event)
        return std::nullopt;
    QJsonValue value = root;
    for (const Step &step : m_steps) {
        if (step.isIndex) {
            if (!value.isArray())
                return std::nullopt;
            const QJsonArray array = value.toArray();
            const qint64 at = step.index < 0 ? array.size() + step.index : step.index;
            if (at < 0 || at >= array.size())
                return std::nullopt;
            value = array.at(at);
        } else {
            if (!value.isObject())
                return std::nullopt;
            const QJsonObject object = value.toObject();
            const auto member = object.constFind(step.key);
            if (member == object.constEnd())
                return std::nullopt;
            value = *member;
        }
    }
    return value;
}

std::optional<QJsonValue> JsonPath::evaluate(const ReceivedMessage &message) const
{
    if (m_event)
        return QJsonValue(message.event);
    return evaluate(message.root);
}

QString JsonPath::toString() const
{
    if (m_event)
        return eventPath;
    QString text = QStringLiteral("$");
    for (const Step &step : m_steps)
        text += step.isIndex ? indexText(step.index) : keyText(step.key);
    return text;
}

QString JsonPath::keyText(const QString &key)
{
    if (isIdentifier(key))
        return QLatin1Char('.') + key;
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

QString JsonPath::indexText(qsizetype index)
{
    return QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}
