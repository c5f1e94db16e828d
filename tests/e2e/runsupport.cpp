#include "runsupport.h"

#include "metrics/runreport.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"

#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
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

NodeServer::NodeServer(const QString &script, const QStringList &arguments)
    : m_process(std::make_unique<QProcess>())
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        return;
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(node, QStringList{QStringLiteral(SOCKETSCOPE_TEST_SERVERS "/") + script} + arguments);
    if (!m_process->waitForStarted(10000))
        return;
    QByteArray line;
    for (int i = 0; i < 200 && !line.contains('\n') && m_process->state() == QProcess::Running; ++i) {
        m_process->waitForReadyRead(100);
        line += m_process->readAllStandardOutput();
    }
    m_port = quint16(QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object().value(QLatin1String("port")).toInt());
}

NodeServer::~NodeServer()
{
    stop();
}

int NodeServer::stop()
{
    if (m_process->state() == QProcess::NotRunning)
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished();
        return -1;
    }
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

QJsonObject NodeServer::getJson(const QByteArray &path) const
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    if (!socket.waitForConnected(5000))
        return {};
    // HTTP/1.0: the answer comes whole, not chunked, and the connection closes after it.
    socket.write("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(5000))
        response += socket.readAll();
    response += socket.readAll();
    const qsizetype body = response.indexOf("\r\n\r\n");
    return body < 0 ? QJsonObject() : QJsonDocument::fromJson(response.mid(body + 4)).object();
}

qint64 NodeServer::pid() const
{
    return m_process->processId();
}

QByteArray withPort(QByteArray json, quint16 port)
{
    return json.replace("PORT", QByteArray::number(port));
}

quint64 stat(const QJsonObject &stats, const char *key)
{
    return quint64(stats.value(QLatin1String(key)).toInteger(-1));
}

std::unique_ptr<Runner> runAgainst(const NodeServer &server, const QByteArray &json)
{
    auto scenario = load(withPort(json, server.port()));
    if (!scenario)
        return nullptr;
    auto runner = std::make_unique<Runner>(scenario);
    if (!runToEnd(*runner))
        return nullptr;
    return runner;
}

QString describe(const GroupMetrics &g)
{
    return QStringLiteral("%1: sent %2 received %3 lost %4 dup %5 ooo %6 checked %7/%8/%9/%10 expected %11 got %12 outcomes {%13}")
        .arg(g.name)
        .arg(g.total.messagesSent)
        .arg(g.total.messagesReceived)
        .arg(g.total.lost)
        .arg(g.total.duplicated)
        .arg(g.total.outOfOrder)
        .arg(g.total.checkedBySequence)
        .arg(g.total.checkedBySender)
        .arg(g.total.checkedByCorrelation)
        .arg(g.total.checkedByScript)
        .arg(g.reconciledExpected)
        .arg(g.reconciledReceived)
        .arg(RunReport::outcomesText(g.total.outcomes));
}

} // namespace RunSupport
