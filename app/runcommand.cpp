#include "runcommand.h"

#include "signalwatcher.h"

#include "metrics/runreport.h"
#include "metrics/thresholdevaluator.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"
#include "scenario/scenarioscale.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QUrl>

#include <csignal>
#include <optional>
#include <cstdio>
#include <unistd.h>

namespace {

constexpr int exitBadInput = Runner::exitBadInput;

struct Options
{
    QString scenario;
    QString target;
    QString report;
    QString csv;
    QString junit;
    bool quiet = false;
    double clientScale = 1.0;
    double timeScale = 1.0;
    std::optional<ServerConfig::EventLoop> eventLoop;
};

int badInput(const QString &message)
{
    std::fprintf(stderr, "socketscope run: %s\n", qPrintable(message));
    return exitBadInput;
}

// Parses the flags with QCommandLineParser, as `serve` does; returns an error sentence naming the
// flag, or an empty string.
QString parse(const QStringList &arguments, Options &options, bool &helpAsked)
{
    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QString());
    const QCommandLineOption target(QStringLiteral("target"), QString(), QStringLiteral("URL"));
    const QCommandLineOption report(QStringLiteral("report"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption csv(QStringLiteral("csv"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption junit(QStringLiteral("junit"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption clientScale(QStringLiteral("clients-scale"), QString(), QStringLiteral("X"));
    const QCommandLineOption timeScale(QStringLiteral("time-scale"), QString(), QStringLiteral("X"));
    const QCommandLineOption eventLoop(QStringLiteral("event-loop"), QString(), QStringLiteral("epoll|qt"));
    parser.addOptions({help, quiet, target, report, csv, junit, clientScale, timeScale, eventLoop});
    if (!parser.parse(QStringList{QStringLiteral("socketscope run")} + arguments)) {
        if (!parser.unknownOptionNames().isEmpty()) {
            const QString name = parser.unknownOptionNames().first();
            return QStringLiteral("unknown option '%1%2' (socketscope run --help lists them)")
                .arg(name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--"), name);
        }
        return parser.errorText();
    }
    helpAsked = parser.isSet(help);
    options.quiet = parser.isSet(quiet);
    for (const auto &[option, into] : {std::pair{&target, &options.target}, std::pair{&report, &options.report},
                                       std::pair{&csv, &options.csv}, std::pair{&junit, &options.junit}}) {
        if (parser.isSet(*option) && parser.value(*option).isEmpty())
            return QStringLiteral("--%1 needs a value").arg(option->names().first());
        *into = parser.value(*option);
    }
    for (const auto &[option, into] : {std::pair{&clientScale, &options.clientScale}, std::pair{&timeScale, &options.timeScale}}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        *into = parser.value(*option).toDouble(&ok);
        if (!ok || *into <= 0 || *into > 100) {
            return QStringLiteral("--%1: expected a number above 0 and at most 100, got \"%2\"")
                .arg(option->names().first(), parser.value(*option));
        }
    }
    if (parser.isSet(eventLoop)) {
        options.eventLoop = ServerConfig::parseEventLoop(parser.value(eventLoop));
        if (!options.eventLoop)
            return QStringLiteral("--event-loop: expected epoll or qt, got \"%1\"").arg(parser.value(eventLoop));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return QStringLiteral("one scenario file at a time; '%1' is a second one").arg(positional[1]);
    options.scenario = positional.value(0);
    return {};
}

// A scenario path, or the name of a built-in one ("chat-1k").
QString resolveScenario(const QString &name)
{
    if (QFileInfo::exists(name))
        return name;
    const QString builtIn = QStringLiteral(":/scenarios/%1.json").arg(name);
    if (!name.contains(u'/') && QFileInfo::exists(builtIn))
        return builtIn;
    return name;
}

// The most frequent way sessions failed, so a swarm against a dead URL or a wrong token says
// why ("  failed: close 4001 Unauthorized ×406") instead of only counting.
QString failuresText(const GroupMetrics &all)
{
    if (all.total.connectFailures == 0 || all.total.outcomes.isEmpty())
        return {};
    const QString text = RunReport::outcomesText(all.total.outcomes);
    return QStringLiteral("  why: ") + text.section(QStringLiteral(", "), 0, 0);
}

QString statusLine(const Runner &runner, const MetricsSnapshot &snapshot)
{
    const GroupMetrics &all = snapshot.all;
    const double seconds = double(snapshot.elapsedNs) / 1e9;
    const double total = double(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    runner.scenario().effectiveDuration()).count()) / 1000.0;
    return QStringLiteral("%1s/%2s  open %3  conn/s %4  recv/s %5  p99 %6  lost %7  cpu %8%")
        .arg(seconds, 0, 'f', 1)
        .arg(total, 0, 'f', 0)
        .arg(all.total.open())
        .arg(snapshot.perSecond(all.interval.connectsFirst + all.interval.reconnects), 0, 'f', 0)
        .arg(snapshot.perSecond(all.interval.messagesReceived), 0, 'f', 0)
        .arg(all.latencyInterval.count() ? ThresholdEvaluator::formatDurationNs(double(all.latencyInterval.percentileNs(99))) : QStringLiteral("-"))
        .arg(all.total.lost)
        .arg(snapshot.cpuPercent, 0, 'f', 0)
        + failuresText(all);
}

bool writeReports(const Options &options, const RunReport &report)
{
    bool ok = true;
    const auto write = [&](const QString &path, const QByteArray &data) {
        if (path.isEmpty())
            return;
        QString error;
        if (!RunReport::writeFile(path, data, &error)) {
            std::fprintf(stderr, "socketscope run: %s\n", qPrintable(error));
            ok = false;
        }
    };
    write(options.report, report.toJsonBytes());
    write(options.csv, report.toCsv());
    write(options.junit, report.toJUnitXml());
    return ok;
}

} // namespace

namespace RunCommand {

QString help()
{
    return QStringLiteral(
        "Usage: socketscope run SCENARIO [OPTIONS]\n"
        "Runs a scenario file (or a built-in one by name: chat-1k, dashboard-sse-5k, reconnect-storm,\n"
        "long-poll-fallback, slow-consumer, resume-no-loss, multi-instance, auth-expiry) headless.\n"
        "\n"
        "  --target URL           run against this server instead of the scenario's target\n"
        "  --report FILE.json     write the JSON report (summary, per-group, per-second series)\n"
        "  --csv FILE.csv         write the per-second time series\n"
        "  --junit FILE.xml       write one JUnit test case per threshold\n"
        "  --quiet                no live status line and no summary table\n"
        "  --clients-scale X      multiply every group's clients by X (e.g. 0.1 for a quick try)\n"
        "  --time-scale X         multiply every phase, fault time and the duration by X\n"
        "  --event-loop epoll|qt  the client pools' and the embedded server's event loop (default:\n"
        "                         the scenario's server.eventLoop, else epoll; qt is Qt's stock one)\n"
        "\n"
        "Exit codes: 0 all thresholds held, 99 a threshold failed, 2 bad input, 1 runtime failure.\n"
        "SIGINT (Ctrl+C) or SIGTERM ends the run early: the clients stop, the thresholds are evaluated\n"
        "on what was measured so far (exit 0 or 99 as above) and the reports are written whole (each\n"
        "to a temporary file renamed into place; a second signal meanwhile is ignored).\n");
}

int run(const QStringList &arguments)
{
    Options options;
    bool helpAsked = false;
    if (const QString error = parse(arguments, options, helpAsked); !error.isEmpty())
        return badInput(error);
    if (helpAsked) {
        std::fputs(qPrintable(help()), stdout);
        return 0;
    }
    if (options.scenario.isEmpty())
        return badInput(QStringLiteral("which scenario? (socketscope run SCENARIO.json)"));

    const scenario::LoadResult loaded = scenario::ScenarioLoader::loadFile(resolveScenario(options.scenario));
    if (!loaded.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.errorText()));
        return exitBadInput;
    }
    auto scenario = std::make_shared<const scenario::Scenario>(
        scenario::scaled(*loaded.scenario, options.clientScale, options.timeScale));

    Runner runner(scenario);
    if (!options.target.isEmpty()) {
        const QUrl url(options.target, QUrl::StrictMode);
        QString error;
        if (!SimTarget::fromUrl(url, &error).isValid())
            return badInput(QStringLiteral("--target: %1").arg(error));
        runner.setTargetOverride(url);
    }
    if (options.eventLoop)
        runner.setEventLoopOverride(*options.eventLoop);

    const bool live = !options.quiet && ::isatty(STDERR_FILENO);
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &runner, [&runner](int signalNumber) {
        runner.stop(signalNumber == SIGINT ? QStringLiteral("interrupted (SIGINT)") : QStringLiteral("terminated (SIGTERM)"));
    });
    qint64 lastStatusTick = -10;
    QObject::connect(&runner, &Runner::snapshotReady, &runner, [&](const MetricsSnapshot &snapshot) {
        if (!live || snapshot.tick - lastStatusTick < 5) // twice a second is enough for a person
            return;
        lastStatusTick = snapshot.tick;
        std::fprintf(stderr, "\r\033[K%s", qPrintable(statusLine(runner, snapshot)));
        std::fflush(stderr);
    });
    QObject::connect(&runner, &Runner::faultApplied, &runner, [&](const QString &description) {
        if (!options.quiet)
            std::fprintf(stderr, "%sfault at %.1fs: %s\n", live ? "\r\033[K" : "",
                         double(runner.elapsedNs()) / 1e9, qPrintable(description));
    });
    QObject::connect(&runner, &Runner::finished, QCoreApplication::instance(), &QCoreApplication::exit,
                     Qt::QueuedConnection);

    if (!options.quiet)
        std::fprintf(stderr, "socketscope run: %s against %s\n", qPrintable(scenario->name),
                     qPrintable(scenario->target.embedded && options.target.isEmpty() && scenario->usesTarget()
                                    ? QStringLiteral("the embedded server") : runner.targetDescription()));
    if (!runner.start()) {
        std::fprintf(stderr, "socketscope run: %s\n", qPrintable(runner.errorString()));
        return runner.startFailure() == Runner::StartFailure::BadInput ? exitBadInput : Runner::exitRuntimeFailure;
    }
    if (!options.quiet && runner.sourceAddressCount() > 1)
        std::fprintf(stderr, "socketscope run: connections leave from %d source addresses (%s)\n",
                     runner.sourceAddressCount(), qPrintable(runner.sourceAddressRange()));
    int exitCode = QCoreApplication::exec();
    if (live)
        std::fputs("\r\033[K", stderr);
    const RunReport &report = runner.report();
    if (!options.quiet)
        std::fputs(qPrintable(report.summaryTable()), stdout);
    if (!writeReports(options, report) && exitCode == Runner::exitPassed)
        exitCode = Runner::exitRuntimeFailure;
    return exitCode;
}

} // namespace RunCommand
