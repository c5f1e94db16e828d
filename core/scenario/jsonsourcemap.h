#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

// Where each value of a JSON text sits (line and column), by JSON path.
//
// It exists because QJsonDocument keeps no positions: once parsed, a value cannot say which line
// it came from, and QJsonParseError gives only an offset that points at or after the offending
// token depending on the error. Scenario errors must name FILE:LINE:COL (docs/scenarios.md), so the
// loader scans the raw text once more with this small scanner. It also records the order of keys
// (QJsonObject sorts them) and duplicate keys (QJsonDocument silently keeps the last one), and on
// malformed text it says where and what it expected.
//
// Paths are written "$", "$.groups[0].phases.hold", and `$.thresholds["latency.p99"]` for keys
// that are not plain identifiers (see childPath()).
class JsonSourceMap
{
public:
    struct Position
    {
        int line = 0;   // 1-based; 0: unknown
        int column = 0; // 1-based, in characters (code points)
        qsizetype offset = -1; // byte offset
        bool isValid() const { return line > 0; }
    };

    struct SyntaxError
    {
        Position position;
        QString path;     // the innermost value being read
        QString expected; // "',' or '}'"
        QString got;      // "'\"'", "end of file"
    };

    struct DuplicateKey
    {
        QString path;     // of the second occurrence
        QString key;
        Position position; // of the second occurrence's key
    };

    // Scans `json`; stops at the first syntax error (syntaxError() then says where).
    static JsonSourceMap scan(const QByteArray &json);

    // Position of the value at `path`; for a path that is not in the text (a missing key), the
    // position of its nearest ancestor that is.
    Position valuePosition(const QString &path) const;
    // Position of the key of the member at `path` (the opening quote); falls back like valuePosition().
    Position keyPosition(const QString &path) const;
    bool contains(const QString &path) const { return m_values.contains(path); }
    // The keys of the object at `path` in the order they are written.
    QStringList keys(const QString &objectPath) const { return m_keys.value(objectPath); }
    const QList<DuplicateKey> &duplicateKeys() const { return m_duplicates; }
    bool hasSyntaxError() const { return m_syntaxError.position.isValid(); }
    const SyntaxError &syntaxError() const { return m_syntaxError; }

    static Position positionOfOffset(const QByteArray &text, qsizetype offset);
    static QString childPath(const QString &parent, const QString &key);
    static QString indexPath(const QString &parent, qsizetype index);
    static QString parentPath(const QString &path);

private:
    friend class JsonScanner;
    QHash<QString, Position> m_values;
    QHash<QString, Position> m_keyPositions;
    QHash<QString, QStringList> m_keys;
    QList<DuplicateKey> m_duplicates;
    SyntaxError m_syntaxError;
};
