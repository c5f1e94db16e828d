#include "jsontextedit.h"

#include "scenario/jsonsourcemap.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <cstring>

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

qsizetype skipSpace(const QByteArray &text, qsizetype i)
{
    while (i < text.size() && isSpace(text.at(i)))
        ++i;
    return i;
}

qsizetype stringEnd(const QByteArray &text, qsizetype start)
{
    for (qsizetype i = start + 1; i < text.size(); ++i) {
        if (text.at(i) == '\\')
            ++i;
        else if (text.at(i) == '"')
            return i + 1;
    }
    return text.size();
}

QByteArray quoted(const QString &key)
{
    return JsonTextEdit::inlineText(QJsonValue(key));
}

} // namespace

JsonTextEdit::JsonTextEdit(QByteArray text)
    : m_text(std::move(text))
{
}

bool JsonTextEdit::fail(const QString &message)
{
    m_error = message;
    return false;
}

QString JsonTextEdit::pathString(const Path &path)
{
    QString result = QStringLiteral("$");
    for (const Segment &segment : path)
        result = segment.index >= 0 ? JsonSourceMap::indexPath(result, segment.index) : JsonSourceMap::childPath(result, segment.key);
    return result;
}

QByteArray JsonTextEdit::inlineText(const QJsonValue &value)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty())
            return QByteArrayLiteral("{}");
        // QJsonObject sorts its keys; a key that says what kind of object it is reads best
        // first ({ "session": "fixed", "length": "5s" }), the rest keep that order.
        static const QStringList kindKeys{QStringLiteral("name"), QStringLiteral("protocol"), QStringLiteral("session"), QStringLiteral("action")};
        QStringList keys;
        for (const QString &key : kindKeys) {
            if (object.contains(key))
                keys.append(key);
        }
        for (const QString &key : object.keys()) {
            if (!kindKeys.contains(key))
                keys.append(key);
        }
        QByteArray text = QByteArrayLiteral("{ ");
        for (const QString &key : keys) {
            if (key != keys.first())
                text += ", ";
            text += quoted(key) + ": " + inlineText(object.value(key));
        }
        return text + " }";
    }
    if (value.isArray()) {
        QByteArray text = QByteArrayLiteral("[");
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            text += (i ? ", " : "") + inlineText(array.at(i));
        return text + ']';
    }
    // QJsonDocument writes scalars the way JSON wants them (escapes, shortest round-trip doubles,
    // integral doubles without ".0"); it only writes them inside a container.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

qsizetype JsonTextEdit::valueEnd(const QByteArray &text, qsizetype start)
{
    if (start < 0 || start >= text.size())
        return text.size();
    const char first = text.at(start);
    if (first == '"')
        return stringEnd(text, start);
    if (first == '{' || first == '[') {
        int depth = 0;
        for (qsizetype i = start; i < text.size(); ++i) {
            const char c = text.at(i);
            if (c == '"') {
                i = stringEnd(text, i) - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return text.size();
    }
    qsizetype i = start;
    while (i < text.size() && !isSpace(text.at(i)) && !std::strchr(",}]", text.at(i)))
        ++i;
    return i;
}

QByteArray JsonTextEdit::lineIndent(qsizetype offset) const
{
    qsizetype lineStart = offset;
    while (lineStart > 0 && m_text.at(lineStart - 1) != '\n')
        --lineStart;
    qsizetype end = lineStart;
    while (end < m_text.size() && (m_text.at(end) == ' ' || m_text.at(end) == '\t'))
        ++end;
    return m_text.mid(lineStart, end - lineStart);
}

bool JsonTextEdit::insertMember(const QString &objectPath, const QString &key, const QByteArray &valueText)
{
    const JsonSourceMap map = JsonSourceMap::scan(m_text);
    const qsizetype start = map.valuePosition(objectPath).offset;
    if (!map.contains(objectPath) || start < 0 || m_text.at(start) != '{')
        return fail(QStringLiteral("%1 is not an object").arg(objectPath));
    const qsizetype end = valueEnd(m_text, start); // one past '}'
    const QByteArray member = quoted(key) + ": " + valueText;
    const QStringList keys = map.keys(objectPath);
    if (keys.isEmpty()) {
        m_text.replace(start, end - start, "{ " + member + " }");
        return true;
    }
    const QString last = JsonSourceMap::childPath(objectPath, keys.last());
    const qsizetype lastEnd = valueEnd(m_text, map.valuePosition(last).offset);
    const qsizetype firstKey = map.keyPosition(JsonSourceMap::childPath(objectPath, keys.first())).offset;
    // Follow the object's own layout: one member per line when its first member has a line of its own.
    const bool multiline = m_text.mid(start, firstKey - start).contains('\n');
    if (multiline)
        m_text.insert(lastEnd, ",\n" + lineIndent(map.keyPosition(last).offset) + member);
    else
        m_text.insert(lastEnd, ", " + member);
    return true;
}

bool JsonTextEdit::set(const Path &path, const QJsonValue &value)
{
    const JsonSourceMap map = JsonSourceMap::scan(m_text);
    if (map.hasSyntaxError())
        return fail(QStringLiteral("the JSON text has a syntax error at line %1").arg(map.syntaxError().position.line));
    if (path.isEmpty())
        return fail(QStringLiteral("no path to set"));

    // The longest prefix of `path` that is written in the text.
    qsizetype existing = 0;
    while (existing < path.size() && map.contains(pathString(path.first(existing + 1))))
        ++existing;

    if (existing == path.size()) {
        const qsizetype start = map.valuePosition(pathString(path)).offset;
        m_text.replace(start, valueEnd(m_text, start) - start, inlineText(value));
        return true;
    }
    const Segment &missing = path.at(existing);
    if (missing.index >= 0)
        return fail(QStringLiteral("%1 has no element %2").arg(pathString(path.first(existing))).arg(missing.index));
    // Wrap the value in the objects that are missing below the first missing key.
    QJsonValue nested = value;
    for (qsizetype i = path.size() - 1; i > existing; --i) {
        if (path.at(i).index >= 0)
            return fail(QStringLiteral("%1 does not exist").arg(pathString(path.first(i))));
        nested = QJsonObject{{path.at(i).key, nested}};
    }
    const QString parentPath = pathString(path.first(existing));
    const qsizetype parentStart = map.valuePosition(parentPath).offset;
    if (parentStart >= 0 && m_text.at(parentStart) == '{')
        return insertMember(parentPath, missing.key, inlineText(nested));
    if (existing == 0)
        return fail(QStringLiteral("the scenario must be a JSON object"));
    // e.g. "reconnect": false, and a reconnect setting is being set: it becomes an object.
    m_text.replace(parentStart, valueEnd(m_text, parentStart) - parentStart, inlineText(QJsonObject{{missing.key, nested}}));
    return true;
}

bool JsonTextEdit::remove(const Path &path)
{
    const JsonSourceMap map = JsonSourceMap::scan(m_text);
    if (map.hasSyntaxError())
        return fail(QStringLiteral("the JSON text has a syntax error at line %1").arg(map.syntaxError().position.line));
    const QString itemPath = pathString(path);
    if (path.isEmpty())
        return fail(QStringLiteral("cannot remove the whole document"));
    if (!map.contains(itemPath))
        return true;
    const qsizetype valueStart = map.valuePosition(itemPath).offset;
    const qsizetype itemStart = path.last().index >= 0 ? valueStart : map.keyPosition(itemPath).offset;
    const qsizetype itemEnd = valueEnd(m_text, valueStart);

    const qsizetype after = skipSpace(m_text, itemEnd);
    if (after < m_text.size() && m_text.at(after) == ',') {
        // Not the last item: up to where the next one starts, so its indentation stays.
        m_text.remove(itemStart, skipSpace(m_text, after + 1) - itemStart);
        return true;
    }
    qsizetype before = itemStart;
    while (before > 0 && isSpace(m_text.at(before - 1)))
        --before;
    if (before > 0 && m_text.at(before - 1) == ',') {
        m_text.remove(before - 1, itemEnd - (before - 1));
        return true;
    }
    // The only item: the container becomes empty.
    const qsizetype containerStart = map.valuePosition(JsonSourceMap::parentPath(itemPath)).offset;
    const qsizetype containerEnd = valueEnd(m_text, containerStart);
    m_text.replace(containerStart, containerEnd - containerStart, m_text.at(containerStart) == '{' ? "{}" : "[]");
    return true;
}

bool JsonTextEdit::append(const Path &arrayPath, const OrderedObject &object)
{
    {
        const JsonSourceMap map = JsonSourceMap::scan(m_text);
        if (map.hasSyntaxError())
            return fail(QStringLiteral("the JSON text has a syntax error at line %1").arg(map.syntaxError().position.line));
        const QString path = pathString(arrayPath);
        const qsizetype start = map.contains(path) ? map.valuePosition(path).offset : -1;
        if (start < 0 || m_text.at(start) != '[') {
            if (!set(arrayPath, QJsonArray()))
                return false;
        }
    }
    const JsonSourceMap map = JsonSourceMap::scan(m_text);
    const QString path = pathString(arrayPath);
    const qsizetype arrayStart = map.valuePosition(path).offset;
    const QByteArray arrayIndent = lineIndent(arrayStart);
    qsizetype count = 0;
    while (map.contains(JsonSourceMap::indexPath(path, count)))
        ++count;

    auto render = [&object](const QByteArray &indent, const QByteArray &unit) {
        QByteArray text = "{\n";
        for (qsizetype i = 0; i < object.size(); ++i) {
            text += indent + unit + quoted(object.at(i).first) + ": " + inlineText(object.at(i).second);
            text += i + 1 < object.size() ? ",\n" : "\n";
        }
        return text + indent + '}';
    };

    if (count == 0) {
        const QByteArray unit = "  ";
        const QByteArray indent = arrayIndent + unit;
        m_text.replace(arrayStart, valueEnd(m_text, arrayStart) - arrayStart,
                       "[\n" + indent + render(indent, unit) + '\n' + arrayIndent + ']');
        return true;
    }
    const qsizetype lastStart = map.valuePosition(JsonSourceMap::indexPath(path, count - 1)).offset;
    const QByteArray indent = lineIndent(lastStart);
    QByteArray unit = "  ";
    if (indent.size() > arrayIndent.size() && indent.startsWith(arrayIndent))
        unit = indent.mid(arrayIndent.size());
    m_text.insert(valueEnd(m_text, lastStart), ",\n" + indent + render(indent, unit));
    return true;
}
