#pragma once

#include "metrics/metricssnapshot.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

class Runner;
struct RunReport;
namespace scenario { struct Scenario; }

// What the end-to-end tests share: a scenario from inline JSON (through the real loader), a run
// to its end, and one group's numbers out of the report.
namespace RunSupport {

std::shared_ptr<const scenario::Scenario> load(const QByteArray &json);
bool runToEnd(Runner &runner, int timeoutMs = 30000);
const GroupMetrics &group(const RunReport &report, const QString &name);

// What a finished child process said: its exit code (-1 when it crashed or did not finish in
// time, and was killed) and everything it printed.
struct ProcessOutput
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
ProcessOutput runProcess(const QString &program, const QStringList &arguments, int timeoutMs);

} // namespace RunSupport
