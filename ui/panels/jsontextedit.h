#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

// Changes one value of a JSON text in place, leaving every other byte as it was.
//
// The scenario editor keeps the file's text as the source of truth: a table edit must not reorder
// keys (QJsonObject sorts them), reformat the file or drop what the table does not show. So edits
// are splices: the value at a path is located with JsonSourceMap and only its text is replaced;
// a missing key is inserted after the last member of its object in the object's own layout
// (one line or one member per line, with the indentation of its siblings).
// A plain value; every method leaves the text unchanged and says why when it returns false.
class JsonTextEdit
{
public:
    struct Segment
    {
        QString key;          // an object member, or
        qsizetype index = -1; // an array element
    };
    using Path = QList<Segment>;
    // Members in the order they should be written (a QJsonObject would sort them).
    using OrderedObject = QList<QPair<QString, QJsonValue>>;

    explicit JsonTextEdit(QByteArray text);

    const QByteArray &text() const { return m_text; }
    QString errorString() const { return m_error; }

    // Replaces the value at `path`, or inserts it (creating the missing objects on the way; a
    // parent that is not an object is replaced by one).
    bool set(const Path &path, const QJsonValue &value);
    // Removes the member or array element at `path` with its comma; nothing to do when absent.
    bool remove(const Path &path);
    // Appends an object to the array at `arrayPath`, one member per line.
    bool append(const Path &arrayPath, const OrderedObject &object);

    // "$.groups[0].phases.hold", as ScenarioLoader writes paths.
    static QString pathString(const Path &path);
    // A value as one line: scalars as JSON writes them, objects as { "a": 1, "b": "x" }.
    static QByteArray inlineText(const QJsonValue &value);
    // Where the value starting at `start` ends (one past its last byte).
    static qsizetype valueEnd(const QByteArray &text, qsizetype start);

private:
    bool fail(const QString &message);
    bool insertMember(const QString &objectPath, const QString &key, const QByteArray &valueText);
    QByteArray lineIndent(qsizetype offset) const;

    QByteArray m_text;
    QString m_error;
};
