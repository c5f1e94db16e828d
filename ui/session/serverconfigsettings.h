#pragma once

#include "server/serverconfig.h"

class QSettings;

// The window's server settings in QSettings (group "server"), so the embedded server comes back
// as the user left it. Reading never fails: a missing or hand-broken value keeps the default
// and is reported in `problems` (key and what was wrong), which the window shows once.
// The worker event loop is not here: Settings > Worker event loop keeps it (advanced/eventLoop).
// TLS keeps its mode and file names, not a key passphrase; files that no longer load (gone,
// changed, an encrypted key) are reported and the server starts without TLS.
namespace ServerConfigSettings {

void save(QSettings &settings, const ServerConfig &config);
ServerConfig load(QSettings &settings, QStringList *problems = nullptr);

} // namespace ServerConfigSettings
