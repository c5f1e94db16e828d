#pragma once

#include <QString>

#include <chrono>
#include <optional>

// Durations as users write them in scenario files and on the command line: a number and a unit
// ("250us", "500ms", "30s", "2m", "1h"; decimals allowed: "1.5s"). No unit, no duration.
class Duration
{
public:
    static std::optional<std::chrono::microseconds> parse(QStringView text);
    static std::optional<std::chrono::milliseconds> parseMs(QStringView text);
    static QString format(std::chrono::microseconds duration);
    // What parse() accepts, for error messages.
    static QString expectedForm();
};
