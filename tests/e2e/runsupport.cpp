#include "runsupport.h"

#include "metrics/runreport.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"

#include <QProcess>
#include <QSignalSpy>
#include <QtGlobal>

namespace RunSupport {

std::shared_ptr<const scenario::Scenario> load(const QByteArray &json)
{
    const scenario::LoadResult result = scenario::ScenarioLoader::loadJson(json, QStringLiteral("test.json"));
    if (!result.isOk())
        qWarning("%s", qPrintable(result.errorText()));
    return result.isOk() ? std::make_shared<const scenario::Scenario>(*result.scenario) : nullptr;
}

bool runToEnd(Runner &runner, int timeoutMs)
{
    QSignalSpy finished(&runner, &Runner::finished);
    if (!runner.start()) {
        qWarning("runner did not start: %s", qPrintable(runner.errorString()));
        return false;
    }
    return finished.wait(timeoutMs);
}

const GroupMetrics &group(const RunReport &report, const QString &name)
{
    for (const GroupMetrics &metrics : report.finalSnapshot.groups)
        if (metrics.name == name)
            return metrics;
    qFatal("no group %s", qPrintable(name));
}

ProcessOutput runProcess(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace RunSupport
