#include "instancefleet.h"

#include "childprocess.h"
#include "waitforsignal.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QRegularExpression>

using namespace std::chrono_literals;

namespace {

// app/servecommand.cpp prints "SocketScope <version> listening on <host>:<port> with N workers
// (...)" on stdout, the host being "[...]" for IPv6; only the port is needed. Anchored on the
// product name so that stderr's "listening again after the restart" or a URL line never match.
const QRegularExpression listeningLine(QStringLiteral(R"(^SocketScope \S+ listening on (?:\[[^\]]*\]|[^\s:]+):(\d{1,5})\b)"));

// Relaunching on the same port: how long "address in use" is retried, and how often.
constexpr auto samePortRetryFor = 10s;
constexpr auto samePortRetryDelay = 250ms;

} // namespace

struct InstanceFleet::Instance
{
    std::unique_ptr<ChildProcess> process;
    QTimer downtimeTimer;
    QDeadlineTimer retryDeadline;
    // Counts killInstance() calls, so a restart's timeout does not judge a later restart.
    quint64 restarts = 0;
    State state = State::Starting;
    quint16 port = 0;
};

InstanceFleet::InstanceFleet(QObject *parent)
    : QObject(parent)
{
    m_startTimer.setSingleShot(true);
    connect(&m_startTimer, &QTimer::timeout, this, [this] {
        if (m_announced)
            return;
        QStringList late;
        QString tail;
        for (int i = 0; i < count(); ++i) {
            if (m_instances[i]->state != State::Listening) {
                late.append(QString::number(i));
                if (tail.isEmpty())
                    tail = m_instances[i]->process->outputTail();
            }
        }
        const QString message = tr("instance(s) %1 did not start listening within %2 s; the output of instance %3:\n%4")
                                    .arg(late.join(QStringLiteral(", "))).arg(m_startTimeout.count() / 1000.0)
                                    .arg(late.value(0), tail);
        stop(2s);
        fail(message);
    });
}

InstanceFleet::~InstanceFleet()
{
    stop(2s);
}

QString InstanceFleet::executable() const
{
    return m_executable.isEmpty() ? QCoreApplication::applicationFilePath() : m_executable;
}

bool InstanceFleet::start(int count)
{
    for (const auto &instance : m_instances) {
        if (instance->process->isRunning()) {
            m_error = tr("the instances are already running");
            return false;
        }
    }
    if (count < 1) {
        m_error = tr("at least one instance is needed, got %1").arg(count);
        return false;
    }
    clear();
    m_program = executable();
    m_error.clear();
    m_announced = false;
    for (int i = 0; i < count; ++i) {
        auto instance = std::make_unique<Instance>();
        instance->process = std::make_unique<ChildProcess>();
        instance->downtimeTimer.setSingleShot(true);
        connect(&instance->downtimeTimer, &QTimer::timeout, this, [this, i] { relaunch(i); });
        connect(instance->process.get(), &ChildProcess::lineRead, this, [this, i](QProcess::ProcessChannel channel, const QByteArray &line) {
            if (channel == QProcess::StandardOutput)
                onLine(i, line);
        });
        connect(instance->process.get(), &ChildProcess::finished, this, [this, i](int exitCode) { onFinished(i, exitCode); });
        m_instances.push_back(std::move(instance));
    }
    m_startTimer.start(m_startTimeout);
    for (int i = 0; i < count; ++i) {
        if (!launch(i)) {
            m_startTimer.stop();
            stop(2s);
            return false;
        }
    }
    return true;
}

bool InstanceFleet::launch(int index)
{
    Instance &instance = *m_instances[index];
    instance.process->setProgram(m_program);
    instance.process->setArguments(QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                               QStringLiteral("127.0.0.1:%1").arg(instance.port)}
                                   + m_extraArguments);
    if (!instance.process->start()) {
        instance.state = State::Failed;
        m_error = tr("instance %1: %2").arg(index).arg(instance.process->errorString());
        return false;
    }
    return true;
}

void InstanceFleet::relaunch(int index)
{
    Instance &instance = *m_instances[index];
    if (instance.state != State::Down && instance.state != State::Restarting)
        return;
    if (instance.state == State::Down) {
        instance.retryDeadline.setRemainingTime(samePortRetryFor);
        // A relaunched instance that runs but never listens (stuck, or printing something else)
        // must not leave its slot down without a word.
        // In the context of the child, so that a new start() (which drops it) cancels this.
        QTimer::singleShot(m_startTimeout, instance.process.get(), [this, index, restart = instance.restarts] {
            Instance &late = *m_instances[index];
            if (late.state != State::Restarting || late.restarts != restart)
                return;
            late.state = State::Failed;
            const QString tail = late.process->outputTail();
            late.process->stop(2s);
            fail(tr("instance %1 did not listen again on port %2 within %3 s; its last output:\n%4")
                     .arg(index).arg(late.port).arg(m_startTimeout.count() / 1000.0).arg(tail));
        });
    }
    instance.state = State::Restarting;
    if (!launch(index))
        fail(m_error);
}

void InstanceFleet::onLine(int index, const QByteArray &line)
{
    Instance &instance = *m_instances[index];
    if (instance.state != State::Starting && instance.state != State::Restarting)
        return;
    const QRegularExpressionMatch match = listeningLine.match(QString::fromUtf8(line));
    if (!match.hasMatch())
        return;
    const bool restarted = instance.state == State::Restarting;
    instance.port = quint16(match.captured(1).toUInt());
    instance.state = State::Listening;
    if (restarted) {
        emit instanceUp(index);
        return;
    }
    if (!m_announced && isAllListening()) {
        m_announced = true;
        m_startTimer.stop();
        emit allListening();
    }
}

void InstanceFleet::onFinished(int index, int exitCode)
{
    Instance &instance = *m_instances[index];
    switch (instance.state) {
    case State::Down:
    case State::Stopped:
    case State::Failed:
        return;
    case State::Restarting:
        // Listener's message is "the port is already in use"; something took the port during
        // the downtime (a client's ephemeral port, another program) and may let go of it.
        if (instance.process->outputContains("already in use") && !instance.retryDeadline.hasExpired()) {
            QTimer::singleShot(samePortRetryDelay, instance.process.get(), [this, index] { relaunch(index); });
            return;
        }
        instance.state = State::Failed;
        fail(tr("instance %1 could not listen again on port %2 (exit code %3); its last output:\n%4")
                 .arg(index).arg(instance.port).arg(exitCode).arg(instance.process->outputTail()));
        return;
    case State::Starting: {
        instance.state = State::Failed;
        const QString message = tr("instance %1 exited before listening (exit code %2); its last output:\n%3")
                                    .arg(index).arg(exitCode).arg(instance.process->outputTail());
        m_startTimer.stop();
        stop(2s);
        fail(message);
        return;
    }
    case State::Listening:
        instance.state = State::Failed;
        emit instanceDown(index);
        fail(tr("instance %1 on port %2 exited unexpectedly (exit code %3); its last output:\n%4")
                 .arg(index).arg(instance.port).arg(exitCode).arg(instance.process->outputTail()));
        return;
    }
}

void InstanceFleet::stop(std::chrono::milliseconds grace)
{
    m_startTimer.stop();
    for (const auto &instance : m_instances) {
        instance->downtimeTimer.stop();
        if (instance->state != State::Failed)
            instance->state = State::Stopped;
        instance->process->terminate();
    }
    // One deadline for all: they shut down in parallel.
    const QDeadlineTimer deadline(grace);
    for (const auto &instance : m_instances) {
        if (!instance->process->waitForFinished(std::chrono::milliseconds(deadline.remainingTime())))
            instance->process->kill();
    }
}

bool InstanceFleet::waitForListening(std::chrono::milliseconds timeout)
{
    if (m_announced)
        return isAllListening();
    if (m_instances.empty() || !m_startTimer.isActive())
        return false;
    waitForSignal(this, &InstanceFleet::allListening, &InstanceFleet::errorOccurred, timeout);
    return m_announced && isAllListening();
}

bool InstanceFleet::killInstance(int index, std::chrono::milliseconds downtime)
{
    if (!isListening(index))
        return false;
    Instance &instance = *m_instances[index];
    instance.state = State::Down;
    ++instance.restarts;
    instance.process->kill();
    emit instanceDown(index);
    instance.downtimeTimer.start(downtime);
    return true;
}

bool InstanceFleet::writeCommand(int index, const QByteArray &line)
{
    if (index < 0 || index >= count())
        return false;
    return m_instances[index]->process->write(line.endsWith('\n') ? line : line + '\n');
}

bool InstanceFleet::isListening(int index) const
{
    return index >= 0 && index < count() && m_instances[index]->state == State::Listening;
}

bool InstanceFleet::isAllListening() const
{
    if (m_instances.empty())
        return false;
    for (const auto &instance : m_instances) {
        if (instance->state != State::Listening)
            return false;
    }
    return true;
}

QList<quint16> InstanceFleet::ports() const
{
    QList<quint16> ports;
    for (const auto &instance : m_instances)
        ports.append(instance->port);
    return ports;
}

QList<qint64> InstanceFleet::pids() const
{
    QList<qint64> pids;
    for (const auto &instance : m_instances)
        pids.append(instance->process->isRunning() ? instance->process->pid() : 0);
    return pids;
}

void InstanceFleet::fail(const QString &message)
{
    m_error = message;
    emit errorOccurred(message);
}

void InstanceFleet::clear()
{
    // Handlers may still be on the stack of a child's signal (start() called from a handler of
    // errorOccurred()): the old children are deleted later, not here.
    for (auto &instance : m_instances) {
        instance->process->disconnect(this);
        instance->process.release()->deleteLater();
    }
    m_instances.clear();
}
