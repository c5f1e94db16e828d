#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// What an import left out, and why: HarImporter's promise is that no recorded frame disappears
// without a line here. Frames of one kind are counted into one line ("12 Engine.IO ping/pong
// packets: answered by the protocol, not replayed"); frames that each deserve a line ("mutation
// Post at 1.20 s: ...") are listed, at most maxListed per kind and then one line with the rest.
// Every line starts with the prefix given (the group's JSON path).
class ImportNotes
{
public:
    static constexpr qsizetype maxListed = 20;

    explicit ImportNotes(QString prefix = {}) : m_prefix(std::move(prefix)) {}

    // One line as it is.
    void add(const QString &line);
    // One more of a kind: the line is the count and `singular` or `plural` ("12" + " Engine.IO
    // ping/pong packets: ..."); it stands where the kind was first counted. No format string,
    // so recorded names in the text stay as they are.
    void count(const QString &singular, const QString &plural, qsizetype howMany = 1);
    // A line of a kind (`kind` names it, in plural, in the overflow line: "12 more one-shot
    // operations, not listed one by one").
    void list(const QString &kind, const QString &line);

    QStringList lines() const;
    bool isEmpty() const { return m_lines.isEmpty(); }

private:
    struct Line
    {
        QString text;        // a complete line, or the singular form of a counted kind
        QString plural;      // empty for a complete line
        qsizetype count = 0;
    };

    Line &counted(const QString &singular, const QString &plural);

    QString m_prefix;
    QList<Line> m_lines;
    QHash<QString, qsizetype> m_countedAt;   // plural -> index in m_lines
    QHash<QString, qsizetype> m_listed;      // kind -> lines listed
};
