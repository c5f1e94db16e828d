#pragma once

#include <QStringList>

// `socketscope run SCENARIO.json [--target URL] [--report F.json] [--csv F.csv] [--junit F.xml]
// [--quiet] [--clients-scale X] [--time-scale X]` (DESIGN section 3): runs a scenario headless,
// shows a live status line on a terminal, writes the reports and prints a summary table.
// Exit codes: 0 all thresholds held, 99 a threshold failed, 2 bad input, 1 runtime failure.
namespace RunCommand {

int run(const QStringList &arguments);
QString help();

} // namespace RunCommand
