#include "importnotes.h"

void ImportNotes::add(const QString &line)
{
    m_lines.append({line, {}, 0});
}

ImportNotes::Line &ImportNotes::counted(const QString &singular, const QString &plural)
{
    auto it = m_countedAt.constFind(plural);
    if (it == m_countedAt.constEnd()) {
        it = m_countedAt.insert(plural, m_lines.size());
        m_lines.append({singular, plural, 0});
    }
    return m_lines[*it];
}

void ImportNotes::count(const QString &singular, const QString &plural, qsizetype howMany)
{
    if (howMany > 0)
        counted(singular, plural).count += howMany;
}

void ImportNotes::list(const QString &kind, const QString &line)
{
    if (++m_listed[kind] <= maxListed)
        add(line);
    else
        count(QStringLiteral("more ") + kind + QStringLiteral(", not listed one by one"),
              QStringLiteral("more ") + kind + QStringLiteral(", not listed one by one"));
}

QStringList ImportNotes::lines() const
{
    QStringList result;
    result.reserve(m_lines.size());
    for (const Line &line : m_lines) {
        const QString text = line.plural.isEmpty()
            ? line.text
            : QString::number(line.count) + u' ' + (line.count == 1 ? line.text : line.plural);
        result.append(m_prefix.isEmpty() ? text : m_prefix + QStringLiteral(": ") + text);
    }
    return result;
}
