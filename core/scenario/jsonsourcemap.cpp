#include "scenario/jsonsourcemap.h"

#include "message/jsonpath.h"

#include <algorithm>
#include <vector>

namespace {


// Splits a path into its segments' end offsets, so parentPath() can cut after the last-but-one.
std::vector<qsizetype> segmentEnds(const QString &path)
{
    std::vector<qsizetype> ends;
    qsizetype i = path.startsWith(u'$') ? 1 : 0;
    ends.push_back(i);
    while (i < path.size()) {
        if (path[i] == u'.') {
            ++i;
            while (i < path.size() && path[i] != u'.' && path[i] != u'[')
                ++i;
        } else if (path[i] == u'[') {
            ++i;
            if (i < path.size() && path[i] == u'"') {
                ++i;
                while (i < path.size() && path[i] != u'"') {
                    if (path[i] == u'\\')
                        ++i;
                    ++i;
                }
                ++i; // closing quote
            }
            while (i < path.size() && path[i] != u']')
                ++i;
            ++i;
        } else {
            ++i;
        }
        ends.push_back(std::min(i, path.size()));
    }
    return ends;
}

} // namespace

// A recursive-descent reader of RFC 8259 JSON that records positions instead of building values.
// It is as lenient as QJsonDocument where Qt is lenient (any escaped character is taken), so that
// both agree on which files are valid.
class JsonScanner
{
public:
    JsonScanner(const QByteArray &text, JsonSourceMap &map) : m_text(text), m_map(map) {}

    void run()
    {
        skipSpace();
        if (!parseValue(QStringLiteral("$"), 0))
            return;
        skipSpace();
        if (m_pos < m_text.size())
            fail(QStringLiteral("$"), QStringLiteral("end of file after the top-level value"));
    }

private:
    static constexpr int maxDepth = 1024; // QJsonDocument's limit

    // The position of m_pos, counted on from the last one asked for (the scan only moves forward).
    JsonSourceMap::Position here()
    {
        for (; m_counted < m_pos; ++m_counted) {
            const unsigned char c = static_cast<unsigned char>(m_text[m_counted]);
            if (c == '\n') {
                ++m_line;
                m_column = 1;
            } else if ((c & 0xC0) != 0x80) { // UTF-8 continuation bytes do not start a character
                ++m_column;
            }
        }
        return {m_line, m_column, m_pos};
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    void skipSpace()
    {
        // RFC 8259 2: insignificant whitespace is space, tab, line feed, carriage return.
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }

    QString describeHere() const
    {
        if (atEnd())
            return QStringLiteral("end of file");
        const unsigned char c = static_cast<unsigned char>(peek());
        if (c >= 0x20 && c < 0x7f)
            return QStringLiteral("'%1'").arg(QChar(c));
        if (c < 0x20)
            return QStringLiteral("control character U+%1").arg(int(c), 4, 16, QLatin1Char('0'));
        // A multi-byte UTF-8 sequence: show the character.
        qsizetype end = m_pos + 1;
        while (end < m_text.size() && (static_cast<unsigned char>(m_text[end]) & 0xC0) == 0x80)
            ++end;
        return QStringLiteral("'%1'").arg(QString::fromUtf8(m_text.mid(m_pos, end - m_pos)));
    }

    bool fail(const QString &path, const QString &expected)
    {
        if (!m_map.m_syntaxError.position.isValid()) {
            m_map.m_syntaxError.position = here();
            m_map.m_syntaxError.path = path;
            m_map.m_syntaxError.expected = expected;
            m_map.m_syntaxError.got = describeHere();
        }
        return false;
    }

    bool parseValue(const QString &path, int depth)
    {
        m_map.m_values.insert(path, here());
        if (depth > maxDepth)
            return fail(path, QStringLiteral("at most %1 levels of nesting").arg(maxDepth));
        switch (peek()) {
        case '{':
            return parseObject(path, depth);
        case '[':
            return parseArray(path, depth);
        case '"': {
            QString ignored;
            return parseString(path, &ignored);
        }
        case 't':
            return parseLiteral(path, "true");
        case 'f':
            return parseLiteral(path, "false");
        case 'n':
            return parseLiteral(path, "null");
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return parseNumber(path);
            return fail(path, QStringLiteral("a value (object, array, string, number, true, false or null)"));
        }
    }

    bool parseLiteral(const QString &path, const char *word)
    {
        const qsizetype length = qsizetype(qstrlen(word));
        if (m_text.mid(m_pos, length) != word)
            return fail(path, QStringLiteral("a value (object, array, string, number, true, false or null)"));
        m_pos += length;
        return true;
    }

    bool parseNumber(const QString &path)
    {
        // RFC 8259 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        auto digits = [this] {
            const qsizetype start = m_pos;
            while (!atEnd() && peek() >= '0' && peek() <= '9')
                ++m_pos;
            return m_pos - start;
        };
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (digits() == 0) {
            return fail(path, QStringLiteral("a digit"));
        }
        if (peek() == '.') {
            ++m_pos;
            if (digits() == 0)
                return fail(path, QStringLiteral("a digit after the decimal point"));
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (digits() == 0)
                return fail(path, QStringLiteral("a digit in the exponent"));
        }
        return true;
    }

    bool parseString(const QString &path, QString *out)
    {
        ++m_pos; // opening quote
        QByteArray utf8;
        while (true) {
            if (atEnd())
                return fail(path, QStringLiteral("'\"' closing the string"));
            const char c = peek();
            if (c == '"') {
                ++m_pos;
                *out = QString::fromUtf8(utf8);
                return true;
            }
            // RFC 8259 7 wants control characters escaped; QJsonDocument takes them raw, so we do too.
            if (c != '\\') {
                utf8.append(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (atEnd())
                return fail(path, QStringLiteral("an escape sequence"));
            const char escaped = peek();
            ++m_pos;
            switch (escaped) {
            case 'b': utf8.append('\b'); break;
            case 'f': utf8.append('\f'); break;
            case 'n': utf8.append('\n'); break;
            case 'r': utf8.append('\r'); break;
            case 't': utf8.append('\t'); break;
            case 'u': {
                auto hex4 = [this](char32_t *value) {
                    if (m_pos + 4 > m_text.size())
                        return false;
                    bool ok = false;
                    *value = char32_t(m_text.mid(m_pos, 4).toUInt(&ok, 16));
                    if (ok)
                        m_pos += 4;
                    return ok;
                };
                char32_t unit = 0;
                if (!hex4(&unit))
                    return fail(path, QStringLiteral("four hexadecimal digits after \\u"));
                // A high surrogate followed by \uDC00-\uDFFF is one code point.
                if (unit >= 0xD800 && unit < 0xDC00 && m_text.mid(m_pos, 2) == "\\u") {
                    m_pos += 2;
                    char32_t low = 0;
                    if (!hex4(&low))
                        return fail(path, QStringLiteral("four hexadecimal digits after \\u"));
                    if (low >= 0xDC00 && low < 0xE000)
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                }
                utf8.append(QString::fromUcs4(&unit, 1).toUtf8());
                break;
            }
            default:
                // '"', '\\', '/' per RFC 8259 7; anything else Qt takes literally, and so do we.
                utf8.append(escaped);
                break;
            }
        }
    }

    bool parseObject(const QString &path, int depth)
    {
        // Keys are collected here and stored at the end: nested objects insert into m_keys too,
        // which would invalidate a reference into it.
        QStringList keys;
        const bool ok = parseMembers(path, depth, keys);
        m_map.m_keys.insert(path, keys);
        return ok;
    }

    bool parseMembers(const QString &path, int depth, QStringList &keys)
    {
        ++m_pos; // '{'
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return true;
        }
        while (true) {
            if (peek() != '"')
                return fail(path, QStringLiteral("'\"' starting a key"));
            const JsonSourceMap::Position keyPosition = here();
            QString key;
            if (!parseString(path, &key))
                return false;
            const QString child = JsonSourceMap::childPath(path, key);
            if (keys.contains(key))
                m_map.m_duplicates.append({child, key, keyPosition});
            else
                keys.append(key);
            m_map.m_keyPositions.insert(child, keyPosition);
            skipSpace();
            if (peek() != ':')
                return fail(path, QStringLiteral("':' after the key \"%1\"").arg(key));
            ++m_pos;
            skipSpace();
            if (!parseValue(child, depth + 1))
                return false;
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                skipSpace();
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return true;
            }
            return fail(path, QStringLiteral("',' or '}'"));
        }
    }

    bool parseArray(const QString &path, int depth)
    {
        ++m_pos; // '['
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return true;
        }
        for (qsizetype index = 0;; ++index) {
            if (!parseValue(JsonSourceMap::indexPath(path, index), depth + 1))
                return false;
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                skipSpace();
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return true;
            }
            return fail(path, QStringLiteral("',' or ']'"));
        }
    }

    const QByteArray &m_text;
    JsonSourceMap &m_map;
    qsizetype m_pos = 0;
    qsizetype m_counted = 0;
    int m_line = 1;
    int m_column = 1;
};

JsonSourceMap JsonSourceMap::scan(const QByteArray &json)
{
    JsonSourceMap map;
    JsonScanner(json, map).run();
    return map;
}

JsonSourceMap::Position JsonSourceMap::valuePosition(const QString &path) const
{
    for (QString current = path; !current.isEmpty(); current = parentPath(current)) {
        const auto found = m_values.constFind(current);
        if (found != m_values.cend())
            return *found;
        if (current == u"$")
            break;
    }
    return {};
}

JsonSourceMap::Position JsonSourceMap::keyPosition(const QString &path) const
{
    const auto found = m_keyPositions.constFind(path);
    if (found != m_keyPositions.cend())
        return *found;
    return valuePosition(path);
}

JsonSourceMap::Position JsonSourceMap::positionOfOffset(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    Position position;
    position.offset = offset;
    position.line = 1;
    position.column = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((c & 0xC0) != 0x80) { // UTF-8 continuation bytes do not start a character
            ++position.column;
        }
    }
    return position;
}

// One notation for paths in scenario errors and in receive rules: JsonPath writes both.
QString JsonSourceMap::childPath(const QString &parent, const QString &key)
{
    return parent + JsonPath::keyText(key);
}

QString JsonSourceMap::indexPath(const QString &parent, qsizetype index)
{
    return parent + JsonPath::indexText(index);
}

QString JsonSourceMap::parentPath(const QString &path)
{
    const std::vector<qsizetype> ends = segmentEnds(path);
    if (ends.size() < 2)
        return {};
    return path.first(ends[ends.size() - 2]);
}
