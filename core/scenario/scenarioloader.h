#pragma once

#include "scenario/scenario.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace scenario {

// One thing wrong with a scenario file, where it is and what was expected.
struct LoadError
{
    QString file;     // as given to the loader ("chat.json", ":/scenarios/chat-1k.json")
    int line = 0;     // 1-based; 0 when the file could not be read at all
    int column = 0;
    QString path;     // "$.groups[0].phases.hold"; empty for file and syntax-level errors
    QString message;  // "expected a duration such as \"500ms\", ..., got \"30 seconds\""

    // "FILE:LINE:COL: $.path: message" (docs/scenarios.md)
    QString toString() const;
};

struct LoadResult
{
    std::optional<Scenario> scenario; // set exactly when errors is empty
    QList<LoadError> errors;          // in file order
    bool isOk() const { return scenario.has_value(); }
    QString errorText() const;        // every error's toString(), one per line
};

// Reads scenario files (docs/scenarios.md): JSON syntax, then the embedded JSON Schema
// (resources/scenario.schema.json, validated with valijson), then what a schema cannot check
// (durations, threshold expressions, target URLs, per-protocol and per-action settings). Every
// problem found is reported with its file, line, column and JSON path, not just the first one.
// Stateless; used by `socketscope validate` / `run` and by the GUI's scenario editor.
class ScenarioLoader
{
public:
    static LoadResult loadFile(const QString &path);
    static LoadResult loadJson(const QByteArray &json, const QString &sourceName);

    // The JSON Schema as shipped (":/schema/scenario.schema.json").
    static QByteArray schemaText();
    // Resource paths of the built-in scenarios (":/scenarios/chat-1k.json", ...), sorted.
    static QStringList builtInScenarios();
};

} // namespace scenario
