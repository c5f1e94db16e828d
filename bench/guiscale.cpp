// guiscale: the window and the engine in one process, as a user runs them. The GUI's embedded
// server holds N connections from N simulated WebSocket clients of a Runner in the same process
// (chat traffic in rooms), and this measures whether the GUI thread still keeps up: how late a
// 10 ms timer on it fires (its longest stall), how busy it is (CPU time of the GUI thread over
// the wall time), how regularly snapshots arrive and how long from a snapshot to the window's
// next paint. Prints one JSON object; progress on stderr. Not a test: no pass/fail.
//
//   xvfb-run -a build-bench/bin/guiscale --clients 9900 --duration 60 > guiscale.json
#include "mainwindow.h"
#include "session/embeddedserverhost.h"
#include "metrics/monotonicclock.h"
#include "panels/simulatorpanel.h"
#include "scenario/runner.h"
#include "session/runsession.h"
#include "scenario/scenarioloader.h"
#include "server/server.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <ctime>
#include <vector>

using namespace std::chrono_literals;

namespace {

// CPU time of the calling thread, in ns (called on the GUI thread at the start and end).
qint64 threadCpuNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

qint64 rssBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return 0;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    return values[index];
}

QJsonObject summary(const std::vector<double> &values)
{
    return QJsonObject{{QStringLiteral("count"), qint64(values.size())},
                       {QStringLiteral("p50"), percentile(values, 50)},
                       {QStringLiteral("p99"), percentile(values, 99)},
                       {QStringLiteral("max"), values.empty() ? 0.0 : *std::max_element(values.begin(), values.end())}};
}

// Watches the window's paints: the delay from the newest snapshot to the paint after it.
class PaintProbe : public QObject
{
public:
    qint64 pendingSnapshotNs = 0;
    std::vector<double> snapshotToPaintMs;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && pendingSnapshotNs != 0) {
            snapshotToPaintMs.push_back(double(MonotonicClock::nowNs() - pendingSnapshotNs) / 1e6);
            pendingSnapshotNs = 0;
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

int main(int argc, char **argv)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("guiscale"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The GUI's responsiveness with N simulated clients and N server connections in its process."));
    parser.addHelpOption();
    const QCommandLineOption clientsOption(QStringLiteral("clients"), QStringLiteral("Simulated WebSocket clients (default: 10,000, or what the descriptor limit allows)."), QStringLiteral("N"));
    const QCommandLineOption durationOption(QStringLiteral("duration"), QStringLiteral("Seconds measured after the ramp-up (default 60)."), QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption rampOption(QStringLiteral("ramp"), QStringLiteral("Ramp-up seconds (default 10)."), QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Messages/s per client (default 0.05), in rooms of ~100."), QStringLiteral("R"), QStringLiteral("0.05"));
    const QCommandLineOption loopOption(QStringLiteral("event-loop"), QStringLiteral("Server and client pool event loop: epoll (default) or qt."), QStringLiteral("epoll|qt"), QStringLiteral("epoll"));
    parser.addOptions({clientsOption, durationOption, rampOption, rateOption, loopOption});
    parser.process(app);

    // Each client costs two descriptors here (its socket and the server's); keep a reserve for
    // the listener, pipes, the display connection and files.
    const int reserve = 200;
    const int fitting = int((qint64(limit.rlim_cur) - reserve) / 2);
    const int clients = parser.isSet(clientsOption) ? parser.value(clientsOption).toInt() : std::min(10'000, fitting);
    const double duration = parser.value(durationOption).toDouble();
    const double ramp = parser.value(rampOption).toDouble();
    const double rate = parser.value(rateOption).toDouble();
    const auto eventLoop = ServerConfig::parseEventLoop(parser.value(loopOption));
    if (clients <= 0 || duration <= 0 || ramp < 0 || rate < 0 || !eventLoop) {
        QTextStream(stderr) << "guiscale: bad option (see --help)\n";
        return 2;
    }

    ServerConfig config;
    config.port = 0;
    config.eventLoop = *eventLoop;
    EmbeddedServerHost host;
    if (!host.start(config)) {
        QTextStream(stderr) << "guiscale: " << host.errorString() << '\n';
        return 1;
    }
    Server &server = *host.server();
    MainWindow window(host);
    window.show();
    PaintProbe paints;
    window.installEventFilter(&paints);
    const auto windowChildren = window.findChildren<QWidget *>();
    for (QWidget *child : windowChildren)
        child->installEventFilter(&paints);

    const int rooms = std::max(1, clients / 100);
    const QJsonObject scenarioJson{
        {QStringLiteral("name"), QStringLiteral("guiscale")},
        {QStringLiteral("target"), QStringLiteral("embedded")},
        {QStringLiteral("duration"), QStringLiteral("%1s").arg(ramp + duration + 5)},
        {QStringLiteral("groups"), QJsonArray{QJsonObject{
             {QStringLiteral("name"), QStringLiteral("chatters")},
             {QStringLiteral("protocol"), QStringLiteral("ws")},
             {QStringLiteral("channel"), QStringLiteral("room")},
             {QStringLiteral("channels"), rooms},
             {QStringLiteral("clients"), clients},
             {QStringLiteral("phases"), QJsonObject{{QStringLiteral("rampUp"), QStringLiteral("%1s").arg(ramp)}}},
             {QStringLiteral("send"), QJsonObject{{QStringLiteral("rate"), rate}, {QStringLiteral("payloadBytes"), 64}}},
         }}},
    };
    scenario::LoadResult loaded = scenario::ScenarioLoader::loadJson(QJsonDocument(scenarioJson).toJson(), QStringLiteral("guiscale"));
    if (!loaded.scenario) {
        QTextStream(stderr) << "guiscale: scenario: " << loaded.errors.value(0).message << '\n';
        return 2;
    }
    // The run goes through the window, as a user's would: the simulator panel holds the scenario,
    // Start runs it against the window's server, and the charts and the inspector (sampling all
    // traffic while visible) draw it.
    auto *simulator = window.findChild<SimulatorPanel *>();
    simulator->setScenarioJson(QJsonDocument(scenarioJson).toJson());
    RunSession &runner = window.session();

    // The GUI thread's measurements start after the ramp-up.
    const qint64 rampNs = qint64(ramp * 1e9);
    bool measuring = false;
    qint64 measureStartNs = 0;
    qint64 cpuAtStartNs = 0;
    qint64 measureEndNs = 0;
    qint64 cpuAtEndNs = 0;
    qint64 lastProbeNs = 0;
    std::vector<double> probeLateMs;
    std::vector<double> snapshotGapMs;
    qint64 lastSnapshotNs = 0;
    qint64 openAtStart = 0;
    qint64 openAtEnd = 0;
    qint64 serverOpenAtEnd = 0;
    std::vector<double> processCpu;
    MetricsSnapshot last;

    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    // A 10 ms probe: how late it fires is how long the GUI thread could not handle events.
    probe.setInterval(10ms);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = MonotonicClock::nowNs();
        if (measuring && lastProbeNs != 0)
            probeLateMs.push_back(std::max(0.0, double(now - lastProbeNs) / 1e6 - 10.0));
        lastProbeNs = now;
    });
    probe.start();

    QObject::connect(&runner, &RunSession::snapshotReady, &app, [&](const MetricsSnapshot &snapshot) {
        const qint64 now = MonotonicClock::nowNs();
        last = snapshot;
        // Measured from 2 s after the ramp-up, when every client has had time to connect.
        if (!measuring && measureEndNs == 0 && snapshot.elapsedNs >= rampNs + 2'000'000'000) {
            measuring = true;
            measureStartNs = now;
            cpuAtStartNs = threadCpuNs();
            openAtStart = snapshot.all.total.open();
            QTextStream(stderr) << "guiscale: ramp-up done, " << openAtStart << " clients open; measuring " << duration << " s\n";
        }
        if (measuring) {
            if (lastSnapshotNs != 0)
                snapshotGapMs.push_back(double(now - lastSnapshotNs) / 1e6);
            processCpu.push_back(snapshot.cpuPercent);
            paints.pendingSnapshotNs = now;
        }
        lastSnapshotNs = now;
        if (measuring && now - measureStartNs >= qint64(duration * 1e9)) {
            measuring = false;
            measureEndNs = now;
            cpuAtEndNs = threadCpuNs();
            openAtEnd = snapshot.all.total.open();
            serverOpenAtEnd = server.stats().openWebSocket;
            runner.stop();
        }
    });
    int exitCode = -1;
    QObject::connect(&runner, &RunSession::finished, &app, [&](int code) {
        exitCode = code;
        QApplication::quit();
    });

    QTextStream(stderr) << "guiscale: " << clients << " WebSocket clients into the window's server on port "
                        << server.port() << " (descriptor limit " << qint64(limit.rlim_cur) << ")\n";
    if (!window.startRun()) {
        QTextStream(stderr) << "guiscale: " << window.lastError() << '\n';
        return 1;
    }
    // A hard bound on the whole run.
    QTimer::singleShot(std::chrono::milliseconds(qint64((ramp + duration + 60) * 1000)), &app, [&] {
        QTextStream(stderr) << "guiscale: run did not end in time\n";
        QApplication::exit(1);
    });
    QApplication::exec();
    const qint64 guiCpuNs = cpuAtEndNs - cpuAtStartNs;
    const double measuredS = measureEndNs != 0 ? double(measureEndNs - measureStartNs) / 1e9 : 0.0;

    QJsonObject out;
    out.insert(QStringLiteral("benchmark"), QStringLiteral("guiscale"));
    out.insert(QStringLiteral("qt"), QString::fromLatin1(qVersion()));
    out.insert(QStringLiteral("cores"), QThread::idealThreadCount());
    out.insert(QStringLiteral("platform"), QGuiApplication::platformName());
    out.insert(QStringLiteral("event_loop"), parser.value(loopOption));
    out.insert(QStringLiteral("descriptor_limit"), qint64(limit.rlim_cur));
    out.insert(QStringLiteral("clients"), clients);
    out.insert(QStringLiteral("rooms"), rooms);
    out.insert(QStringLiteral("rate_per_client"), rate);
    out.insert(QStringLiteral("measured_s"), measuredS);
    out.insert(QStringLiteral("clients_open_at_start"), openAtStart);
    out.insert(QStringLiteral("clients_open_at_end"), openAtEnd);
    out.insert(QStringLiteral("server_websockets_open_at_end"), serverOpenAtEnd);
    out.insert(QStringLiteral("messages_received"), qint64(last.all.total.messagesReceived));
    out.insert(QStringLiteral("lost"), qint64(last.all.total.lost));
    out.insert(QStringLiteral("delivery_p99_ms"), double(last.all.latencyTotal.percentileNs(99)) / 1e6);
    out.insert(QStringLiteral("process_cpu_percent"), summary(processCpu));
    out.insert(QStringLiteral("rss_bytes"), rssBytes());
    out.insert(QStringLiteral("gui_thread_busy_percent"), measuredS > 0 ? double(guiCpuNs) / 1e9 / measuredS * 100.0 : 0.0);
    out.insert(QStringLiteral("gui_timer_late_ms"), summary(probeLateMs));
    out.insert(QStringLiteral("snapshot_interval_ms"), summary(snapshotGapMs));
    out.insert(QStringLiteral("snapshot_to_paint_ms"), summary(paints.snapshotToPaintMs));
    out.insert(QStringLiteral("runner_exit_code"), exitCode);
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    server.stopAndWait();
    return exitCode < 0 ? 1 : 0;
}
