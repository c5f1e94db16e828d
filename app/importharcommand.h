#pragma once

#include <QStringList>

// `socketscope import-har RECORDING.har [-o scenario.json]`: turns a browser recording into a
// scenario (HarImporter) and writes it, indented, to the file or to stdout. On stderr: what was
// imported, the credentials to fill in and everything not replayed. Exits 0 on success, 1 when
// the file could not be read or holds no WebSocket connection, 2 on usage errors.
class ImportHarCommand
{
public:
    static int run(const QStringList &arguments);
};
