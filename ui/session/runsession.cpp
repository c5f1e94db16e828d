#include "runsession.h"

#include "embeddedserverhost.h"
#include "inspect/frametap.h"
#include "metrics/monotonicclock.h"
#include "metrics/runreport.h"
#include "scenario/runner.h"
#include "server/server.h"

#include <algorithm>

namespace {

// The scenario's server settings that matter to a run: everything but where it listens, its
// thread count and which event loop the window chose.
bool sameServerSettings(ServerConfig a, const ServerConfig &b)
{
    a.address = b.address;
    a.port = b.port;
    a.eventLoop = b.eventLoop;
    a.workers = b.workers;
    return a == b;
}

} // namespace

RunSession::RunSession(EmbeddedServerHost &host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
}

RunSession::~RunSession()
{
    m_runner.reset();
}

qint64 RunSession::elapsedNs() const
{
    return m_runner ? m_runner->elapsedNs() : 0;
}

bool RunSession::start(std::shared_ptr<const scenario::Scenario> scenario)
{
    if (isRunning() || !scenario)
        return false;
    qDeleteAll(m_phaseTimers);
    m_phaseTimers.clear();
    m_markers.clear();
    m_last = MetricsSnapshot();
    m_runner.reset();

    // Several instances (docs/scenarios.md, "Several instances"): the run stages its own servers
    // as child processes; the window's server is left as it is.
    const bool staged = scenario->target.embedded && scenario->staging.isStaged();
    if (scenario->target.embedded && !staged) {
        // The run's server settings (replay size, limits, token ...) go to the window's server;
        // a restart is needed only when they differ. The window's bind address, port, workers
        // and event loop stay.
        ServerConfig wanted = scenario->server;
        const ServerConfig current = m_host.config();
        if (!m_host.isRunning() || !sameServerSettings(wanted, current)) {
            wanted.address = current.address;
            wanted.port = current.port;
            wanted.eventLoop = current.eventLoop;
            wanted.workers = current.workers;
            if (!m_host.applyConfig(wanted)) {
                Q_EMIT startFailed(tr("The embedded server did not start with the scenario's settings: %1").arg(m_host.errorString()));
                return false;
            }
        }
    }

    m_runner = std::make_unique<Runner>(scenario);
    if (scenario->target.embedded && !staged)
        m_runner->useServer(m_host.server());
    m_runner->setEventLoopOverride(m_host.config().eventLoop);
    if (m_frameTap)
        m_runner->setFrameTap(m_frameTap);
    connect(m_runner.get(), &Runner::snapshotReady, this, [this](const MetricsSnapshot &snapshot) {
        m_last = snapshot;
        Q_EMIT snapshotReady(snapshot);
    });
    connect(m_runner.get(), &Runner::faultApplied, this, [this](const QString &description) {
        addMarker(TimelineMarker::Kind::Fault, description, elapsedNs());
    });
    connect(m_runner.get(), &Runner::finished, this, [this](int exitCode) {
        qDeleteAll(m_phaseTimers);
        m_phaseTimers.clear();
        setState(State::Finished);
        Q_EMIT finished(exitCode);
    });
    if (!m_runner->start()) {
        const QString error = m_runner->errorString();
        m_runner.reset();
        setState(State::Idle);
        Q_EMIT startFailed(error);
        return false;
    }
    setState(State::Running);
    schedulePhaseMarkers(*scenario);
    Q_EMIT started(scenario->name);
    return true;
}

void RunSession::schedulePhaseMarkers(const scenario::Scenario &scenario)
{
    using std::chrono::milliseconds;
    const auto at = [this](milliseconds when, const QString &label) {
        if (when <= milliseconds(0)) {
            addMarker(TimelineMarker::Kind::Phase, label, 0);
            return;
        }
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, label] {
            addMarker(TimelineMarker::Kind::Phase, label, elapsedNs());
        });
        timer->start(when);
        m_phaseTimers.push_back(timer);
    };
    for (const scenario::Group &group : scenario.groups) {
        const scenario::Phases &phases = group.phases;
        if (phases.rampUp.count() > 0)
            at(phases.delay, tr("%1: ramp-up").arg(group.name));
        if (phases.hold.count() > 0)
            at(phases.delay + phases.rampUp, tr("%1: hold").arg(group.name));
        if (phases.rampDown.count() > 0)
            at(phases.delay + phases.rampUp + phases.hold, tr("%1: ramp-down").arg(group.name));
    }
}

void RunSession::stop()
{
    if (m_state != State::Running || !m_runner)
        return;
    setState(State::Stopping);
    m_runner->stop(tr("stopped from the window"));
}

QString RunSession::outcomesText(int most, qsizetype maxChars) const
{
    return outcomesText(m_last.all.total.outcomes, most, maxChars);
}

QString RunSession::outcomesText(const QMap<QString, quint64> &outcomes, int most, qsizetype maxChars)
{
    // Most frequent first, ties in key order: the order RunReport::outcomesText() writes.
    QList<QPair<QString, quint64>> sorted;
    for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it)
        sorted.append({it.key(), it.value()});
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    if (most <= 0) {
        QStringList lines;
        for (const auto &[outcome, count] : std::as_const(sorted))
            lines.append(RunReport::outcomesText({{outcome, count}}));
        return lines.join(QLatin1Char('\n'));
    }
    QMap<QString, quint64> shown;
    for (qsizetype i = 0; i < std::min<qsizetype>(most, sorted.size()); ++i) {
        QString outcome = sorted.at(i).first;
        // A server's close reason may run to 123 bytes (RFC 6455 5.5); the status line stays one line.
        if (maxChars > 1 && outcome.size() > maxChars)
            outcome = outcome.left(maxChars - 1) + QChar(0x2026);
        shown[outcome] += sorted.at(i).second;
    }
    QString text = RunReport::outcomesText(shown);
    if (sorted.size() > most)
        text += QLatin1Char(' ') + tr("+%1 more").arg(sorted.size() - most);
    return text;
}

void RunSession::noteFault(const QString &description)
{
    if (isRunning())
        addMarker(TimelineMarker::Kind::Fault, description, elapsedNs());
}

void RunSession::addMarker(TimelineMarker::Kind kind, const QString &label, qint64 elapsedNs)
{
    TimelineMarker marker{elapsedNs, kind, label};
    m_markers.push_back(marker);
    Q_EMIT markerAdded(marker);
}

void RunSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
