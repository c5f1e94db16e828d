#pragma once

#include "metrics/metricssnapshot.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

class QProcess;
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

// A Node server of tests/external/servers, started for one test: it prints {"port":N} once it
// listens on 127.0.0.1, and is stopped with SIGTERM (killed if it does not end) when this goes.
class NodeServer
{
public:
    NodeServer(const QString &script, const QStringList &arguments = {});
    ~NodeServer();
    NodeServer(const NodeServer &) = delete;
    NodeServer &operator=(const NodeServer &) = delete;

    // 0 when node or the npm packages are missing, or the server did not start.
    quint16 port() const { return m_port; }
    // GET `path` on the server's port, parsed as a JSON object (empty on failure): its /stats.
    QJsonObject getJson(const QByteArray &path) const;
    // Stops it now; returns the exit code (-1 if it had to be killed).
    int stop();
    // The server's process id, to pause it (SIGSTOP) the way a stalled server stalls.
    qint64 pid() const;

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

// The scenario text with PORT replaced by `port`.
QByteArray withPort(QByteArray json, quint16 port);
// A counter of a server's /stats (-1 as unsigned when it is missing).
quint64 stat(const QJsonObject &stats, const char *key);
// Runs `json` (PORT replaced by the server's port) to its end; null when it did not load, start
// or finish in time (the reason is in the test's log).
std::unique_ptr<Runner> runAgainst(const NodeServer &server, const QByteArray &json);
// One group's numbers on one line, for the test's log.
QString describe(const GroupMetrics &group);

} // namespace RunSupport
