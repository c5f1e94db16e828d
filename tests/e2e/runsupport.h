#pragma once

#include "metrics/metricssnapshot.h"

#include <QByteArray>
#include <QString>

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

} // namespace RunSupport
