#pragma once

#include <QString>

// One problem with a recording, where it is in the HAR file and what was wrong:
//   $.log.entries[3]._webSocketMessages[7].opcode: expected 1 (text) or 2 (binary), got 7
// A value type; HarImporter collects them, `socketscope import-har` prints them.
struct HarError
{
    // JSON path in the HAR file, as ScenarioLoader writes them ("$.log.entries[3].request.url");
    // empty when the problem is the file as a whole (not JSON, too large).
    QString path;
    QString message;

    // "path: message", or the message alone when there is no path.
    QString toString() const;

    friend bool operator==(const HarError &, const HarError &) = default;
};
