#include "graphqloperation.h"

#include <QList>

namespace {

bool isNameStart(QChar c)
{
    return c == u'_' || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

// Walks the document's tokens at the top level.
class Scanner
{
public:
    explicit Scanner(QStringView text) : m_text(text) {}

    bool atEnd()
    {
        skipIgnored();
        return m_pos >= m_text.size();
    }

    QChar peek()
    {
        skipIgnored();
        return m_pos < m_text.size() ? m_text[m_pos] : QChar();
    }

    // A Name token, or an empty view (nothing consumed) when the next token is not one.
    QStringView name()
    {
        skipIgnored();
        const qsizetype start = m_pos;
        if (m_pos < m_text.size() && isNameStart(m_text[m_pos])) {
            while (m_pos < m_text.size() && isNameChar(m_text[m_pos]))
                ++m_pos;
        }
        return m_text.sliced(start, m_pos - start);
    }

    // Skips to the end of the next top-level selection set (or other braced block), passing
    // over parentheses (variable defaults may hold objects), strings and comments. False when
    // the document ends first.
    bool skipDefinitionBody()
    {
        int parens = 0;
        while (true) {
            skipIgnored();
            if (m_pos >= m_text.size())
                return false;
            const QChar c = m_text[m_pos];
            if (c == u'"') {
                if (!skipString())
                    return false;
                continue;
            }
            ++m_pos;
            if (c == u'(')
                ++parens;
            else if (c == u')')
                --parens;
            else if (c == u'{' && parens <= 0)
                return skipBlock();
        }
    }

private:
    // 2.1.7 Ignored tokens: white space, line terminators, commas, comments, the BOM.
    void skipIgnored()
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u',' || c == QChar(0xFEFF)) {
                ++m_pos;
            } else if (c == u'#') {
                while (m_pos < m_text.size() && m_text[m_pos] != u'\n' && m_text[m_pos] != u'\r')
                    ++m_pos;
            } else {
                return;
            }
        }
    }

    // 2.9.4 StringValue: "..." with escapes, or a """block string""".
    bool skipString()
    {
        if (m_text.sliced(m_pos).startsWith(u"\"\"\"")) {
            m_pos += 3;
            while (m_pos < m_text.size()) {
                if (m_text.sliced(m_pos).startsWith(u"\\\"\"\"")) {
                    m_pos += 4;
                } else if (m_text.sliced(m_pos).startsWith(u"\"\"\"")) {
                    m_pos += 3;
                    return true;
                } else {
                    ++m_pos;
                }
            }
            return false;
        }
        ++m_pos;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos++];
            if (c == u'\\')
                ++m_pos;
            else if (c == u'"')
                return true;
        }
        return false;
    }

    // After an opening brace: to its matching closing one.
    bool skipBlock()
    {
        int depth = 1;
        while (depth > 0) {
            skipIgnored();
            if (m_pos >= m_text.size())
                return false;
            const QChar c = m_text[m_pos];
            if (c == u'"') {
                if (!skipString())
                    return false;
                continue;
            }
            ++m_pos;
            if (c == u'{')
                ++depth;
            else if (c == u'}')
                --depth;
        }
        return true;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
};

} // namespace

QString GraphQlOperation::toString() const
{
    QString text;
    switch (kind) {
    case Kind::Query:
        text = QStringLiteral("query");
        break;
    case Kind::Mutation:
        text = QStringLiteral("mutation");
        break;
    case Kind::Subscription:
        text = QStringLiteral("subscription");
        break;
    case Kind::Unknown:
        text = QStringLiteral("operation");
        break;
    }
    return name.isEmpty() ? text : text + u' ' + name;
}

GraphQlOperation GraphQlOperation::find(QStringView document, QStringView operationName)
{
    QList<GraphQlOperation> operations;
    Scanner scanner(document);
    while (!scanner.atEnd()) {
        GraphQlOperation operation;
        // 2.3 Operations: the query shorthand is a bare selection set.
        if (scanner.peek() == u'{') {
            operation.kind = Kind::Query;
        } else {
            const QStringView keyword = scanner.name();
            if (keyword.isEmpty())
                return {}; // not a definition: a document this reader does not understand
            if (keyword == u"query")
                operation.kind = Kind::Query;
            else if (keyword == u"mutation")
                operation.kind = Kind::Mutation;
            else if (keyword == u"subscription")
                operation.kind = Kind::Subscription;
            // fragment and type system definitions are skipped like operations but not kept.
            if (operation.kind != Kind::Unknown)
                operation.name = scanner.name().toString();
        }
        if (!scanner.skipDefinitionBody())
            return {};
        if (operation.kind != Kind::Unknown)
            operations.append(operation);
    }
    if (operations.isEmpty())
        return {};
    if (operationName.isEmpty())
        return operations.first();
    for (const GraphQlOperation &operation : std::as_const(operations)) {
        if (operation.name == operationName)
            return operation;
    }
    return {};
}
