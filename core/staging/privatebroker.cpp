#include "privatebroker.h"

#include "childprocess.h"
#include "loopbackport.h"
#include "portprobe.h"
#include "waitforsignal.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace std::chrono_literals;

namespace {

// Another process may take the port between picking it and the broker binding it.
constexpr int maxPortAttempts = 5;
constexpr auto relaunchDelay = 200ms;

} // namespace

PrivateBroker::PrivateBroker(QObject *parent)
    : QObject(parent)
    , m_process(std::make_unique<ChildProcess>())
    , m_probe(std::make_unique<PortProbe>())
{
    connect(m_process.get(), &ChildProcess::finished, this, &PrivateBroker::onFinished);
    connect(m_probe.get(), &PortProbe::answered, this, [this] {
        if (m_state != State::Starting)
            return;
        m_startTimer.stop();
        m_state = State::Ready;
        emit ready();
    });
    m_startTimer.setSingleShot(true);
    connect(&m_startTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Starting)
            return;
        const QString tail = m_process->outputTail();
        // Failed before stopping, so the child's end is not taken for a bind error to retry.
        m_state = State::Failed;
        m_probe->stop();
        m_process->stop(2s);
        fail(tr("%1 did not answer on 127.0.0.1:%2 within %3 s%4")
                 .arg(m_program).arg(m_port).arg(m_startTimeout.count() / 1000.0)
                 .arg(tail.isEmpty() ? QString() : tr("; its last output:\n%1").arg(tail)));
    });
    m_resumeTimer.setSingleShot(true);
    connect(&m_resumeTimer, &QTimer::timeout, this, [this] {
        if (m_process->isPaused() && m_process->resume())
            emit resumed();
    });
}

PrivateBroker::~PrivateBroker()
{
    stop(2s);
}

QString PrivateBroker::programName(Kind kind)
{
    return kind == Kind::Redis ? QStringLiteral("redis-server") : QStringLiteral("nats-server");
}

bool PrivateBroker::start(Kind kind)
{
    if (m_state == State::Starting || m_state == State::Ready) {
        m_error = tr("the broker is already running");
        return false;
    }
    m_kind = kind;
    const QString name = programName(kind);
    m_program = m_executable.isEmpty() ? ChildProcess::findExecutable(name) : m_executable;
    if (m_program.isEmpty() || !QFileInfo(m_program).isExecutable()) {
        // Debian's package and program have the same name for both brokers.
        m_error = tr("%1 is not installed: apt-get install %1").arg(name);
        if (!m_executable.isEmpty())
            m_error += tr(" (no executable at %1)").arg(m_executable);
        m_state = State::Failed;
        return false;
    }
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        m_error = tr("cannot create a directory for %1: %2").arg(name, m_directory->errorString());
        m_state = State::Failed;
        return false;
    }
    m_keepPort = false;
    m_portAttempts = 0;
    m_port = 0;
    m_state = State::Starting;
    m_startTimer.start(m_startTimeout);
    return launch();
}

QStringList PrivateBroker::arguments() const
{
    const QString port = QString::number(m_port);
    const QString directory = m_directory->path();
    if (m_kind == Kind::Redis) {
        // Bound to loopback only, so protected mode (which refuses non-loopback clients while
        // there is no password) never gets in the way and stays on.
        return {QStringLiteral("--port"), port, QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                QStringLiteral("--dir"), directory, QStringLiteral("--daemonize"), QStringLiteral("no")};
    }
    return {QStringLiteral("-js"), QStringLiteral("-a"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), port,
            QStringLiteral("-sd"), directory};
}

bool PrivateBroker::launch()
{
    if (!m_keepPort) {
        m_port = LoopbackPort::pickFree();
        ++m_portAttempts;
        if (m_port == 0) {
            m_startTimer.stop();
            m_error = tr("no free port on 127.0.0.1 for %1").arg(m_program);
            m_state = State::Failed;
            return false;
        }
    }
    m_process->setProgram(m_program);
    m_process->setArguments(arguments());
    m_process->setWorkingDirectory(m_directory->path());
    if (!m_process->start()) {
        m_startTimer.stop();
        m_error = m_process->errorString();
        m_state = State::Failed;
        return false;
    }
    if (m_kind == Kind::Redis) {
        // RESP inline command; a Redis still loading answers -LOADING instead.
        m_probe->setRequest("PING\r\n");
        m_probe->setExpectedReply("+PONG");
    } else {
        // NATS client protocol: the server sends INFO first, unasked.
        m_probe->setRequest({});
        m_probe->setExpectedReply("INFO ");
    }
    m_probe->start(m_port);
    return true;
}

void PrivateBroker::relaunch()
{
    if (m_state == State::Starting && !launch())
        emit errorOccurred(m_error);
}

void PrivateBroker::stop(std::chrono::milliseconds grace)
{
    m_startTimer.stop();
    m_resumeTimer.stop();
    m_probe->stop();
    if (m_state != State::Idle)
        m_state = State::Stopped;
    m_process->stop(grace);
    m_directory.reset();
}

bool PrivateBroker::waitForReady(std::chrono::milliseconds timeout)
{
    if (m_state == State::Ready)
        return true;
    if (m_state != State::Starting)
        return false;
    waitForSignal(this, &PrivateBroker::ready, &PrivateBroker::errorOccurred, timeout);
    return m_state == State::Ready;
}

bool PrivateBroker::pause(std::chrono::milliseconds duration)
{
    if (m_state != State::Ready)
        return false;
    if (!m_process->isPaused()) {
        if (!m_process->pause())
            return false;
        emit paused();
    }
    // A second pause while paused extends it to end `duration` from now.
    m_resumeTimer.start(duration);
    return true;
}

bool PrivateBroker::isPaused() const
{
    return m_process->isPaused();
}

void PrivateBroker::kill()
{
    m_startTimer.stop();
    m_resumeTimer.stop();
    m_probe->stop();
    if (m_state == State::Starting || m_state == State::Ready)
        m_state = State::Killed;
    m_process->kill();
}

bool PrivateBroker::restart()
{
    if (!m_directory || m_port == 0 || m_state == State::Starting) {
        m_error = tr("the broker was not started, or is starting");
        return false;
    }
    if (m_state == State::Ready)
        kill();
    m_keepPort = true;
    m_state = State::Starting;
    m_startTimer.start(m_startTimeout);
    return launch();
}

bool PrivateBroker::isRunning() const
{
    return m_process->isRunning();
}

QString PrivateBroker::url() const
{
    if (m_port == 0)
        return {};
    return (m_kind == Kind::Redis ? QStringLiteral("redis://127.0.0.1:%1") : QStringLiteral("nats://127.0.0.1:%1")).arg(m_port);
}

qint64 PrivateBroker::pid() const
{
    return m_process->pid();
}

void PrivateBroker::onFinished(int exitCode)
{
    m_probe->stop();
    m_resumeTimer.stop();
    if (m_state == State::Starting) {
        // Redis: "bind: Address already in use"; NATS: "bind: address already in use".
        if (m_process->outputContains("already in use")) {
            if (!m_keepPort && m_portAttempts < maxPortAttempts) {
                QTimer::singleShot(0, this, &PrivateBroker::relaunch);
                return;
            }
            // The same port for restart(): until the start timeout gives up.
            if (m_keepPort) {
                QTimer::singleShot(relaunchDelay, this, &PrivateBroker::relaunch);
                return;
            }
        }
        m_startTimer.stop();
        fail(tr("%1 exited during start (exit code %2); its last output:\n%3")
                 .arg(m_program).arg(exitCode).arg(m_process->outputTail()));
        return;
    }
    if (m_state == State::Ready) {
        fail(tr("%1 on port %2 exited unexpectedly (exit code %3); its last output:\n%4")
                 .arg(m_program).arg(m_port).arg(exitCode).arg(m_process->outputTail()));
    }
}

void PrivateBroker::fail(const QString &message)
{
    m_state = State::Failed;
    m_error = message;
    emit errorOccurred(message);
}
