// socketscope: the GUI by default; `serve` runs the embedded server headless; `run` runs a
// scenario headless; `validate` checks scenario files; `import-har` makes a scenario of a browser
// recording.
#include "importharcommand.h"
#include "runcommand.h"
#include "servecommand.h"
#include "validatecommand.h"

#include "server/server.h"

#include <QCoreApplication>
#ifdef SOCKETSCOPE_HAS_GUI
#include "mainwindow.h"
#include "appearance.h"
#include "localization.h"
#include "session/embeddedserverhost.h"
#include "session/serverconfigsettings.h"

#include <QApplication>
#include <QSettings>
#include <QTimer>
#endif
#include <QTextStream>

#include <cstdio>
#include <memory>
#include <sys/resource.h>

namespace {

const char *usage =
    "Usage:\n"
    "  socketscope [--scenario NAME|FILE.json] [--start] [--event-loop epoll|qt]\n"
    "                              open the window (embedded server on 127.0.0.1:8080, next free port if taken;\n"
    "                              the worker event loop from Settings, or this flag for this start);\n"
    "                              --scenario loads a built-in scenario (chat-1k, reconnect-storm, ...) or a file,\n"
    "                              --start runs it at once (for demos)\n"
    "  socketscope serve [OPTIONS] run the embedded server headless (socketscope serve --help)\n"
    "  socketscope run SCENARIO.json [--target URL] [--report F.json] [--csv F.csv] [--junit F.xml] [--quiet]\n"
    "                              run a scenario headless (socketscope run --help)\n"
    "  socketscope validate SCENARIO.json\n"
    "                              check a scenario file without running it (socketscope validate --help)\n"
    "  socketscope import-har RECORDING.har [-o SCENARIO.json]\n"
    "                              make a scenario of a browser recording's WebSocket connections (socketscope import-har --help)\n"
    "  socketscope --version | --help\n"
    "\n"
    "Exit codes: 0 success, 1 runtime failure (e.g. port in use), 2 bad input, 99 a threshold failed.\n";

void raiseDescriptorLimit()
{
    // Each connection is a descriptor; take everything the hard limit allows.
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

#ifdef SOCKETSCOPE_HAS_GUI
bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}
#endif

int runGui(int argc, char **argv)
{
#ifndef SOCKETSCOPE_HAS_GUI
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    std::fputs("socketscope: this build has no window (configured with SOCKETSCOPE_BUILD_UI=OFF).\n"
               "  Use socketscope serve, run or validate (socketscope --help).\n", stderr);
    return 1;
#else
    if (!hasDisplay()) {
        std::fputs("socketscope: no display found (DISPLAY and WAYLAND_DISPLAY are empty).\n"
                   "  Run the server headless:   socketscope serve --listen 127.0.0.1:8080\n"
                   "  Or open the window in a virtual display:   xvfb-run -a socketscope\n", stderr);
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("SocketScope"));
    QApplication::setOrganizationName(QStringLiteral("SocketScope"));
    QApplication::setApplicationVersion(QStringLiteral(SOCKETSCOPE_VERSION));
    QSettings settings;
    // Strings are read when widgets are built, so the language is chosen before the window.
    Localization::install(app, settings.value(Localization::settingsKey(), QStringLiteral("system")).toString());
    Appearance::apply(settings.value(Appearance::settingsKey(), QStringLiteral("system")).toString());

    // The window starts the embedded server on 8080, or the next free port, with the worker event
    // loop chosen in Settings (or --event-loop for this start only).
    // The server comes back with the settings it was left with; a broken stored value keeps its
    // default and is named on stderr (and the window's status bar) instead of failing to start.
    QStringList settingProblems;
    ServerConfig config = ServerConfigSettings::load(settings, &settingProblems);
    for (const QString &problem : std::as_const(settingProblems))
        std::fprintf(stderr, "socketscope: %s\n", qPrintable(problem));
    QString eventLoop = settings.value(MainWindow::eventLoopSettingsKey(), QStringLiteral("epoll")).toString();
    const QStringList arguments = QApplication::arguments();
    const qsizetype flag = arguments.indexOf(QStringLiteral("--event-loop"));
    if (flag >= 0) {
        if (flag + 1 >= arguments.size() || !ServerConfig::parseEventLoop(arguments.at(flag + 1))) {
            std::fputs("socketscope: --event-loop expects epoll or qt\n", stderr);
            return 2;
        }
        eventLoop = arguments.at(flag + 1);
    }
    // A hand-edited or stale setting falls back to the default instead of failing to start.
    config.eventLoop = ServerConfig::parseEventLoop(eventLoop).value_or(ServerConfig::EventLoop::Epoll);
    EmbeddedServerHost host;
    // DESIGN section 3: 127.0.0.1:8080, or the next free port when taken.
    if (config.port == 0)
        config.port = 8080;
    if (!host.start(config)) {
        std::fprintf(stderr, "socketscope: %s\n", qPrintable(host.errorString()));
        return 1;
    }
    MainWindow window(host);
    window.show();
    const qsizetype scenarioFlag = arguments.indexOf(QStringLiteral("--scenario"));
    if (scenarioFlag >= 0) {
        const QString wanted = arguments.value(scenarioFlag + 1);
        if (!window.openScenario(wanted)) {
            std::fprintf(stderr, "socketscope: --scenario %s: %s\n", qPrintable(wanted), qPrintable(window.lastError()));
            return 2;
        }
    }
    if (arguments.contains(QStringLiteral("--start")))
        QTimer::singleShot(0, &window, [&window] { window.startRun(); });
    const int code = QApplication::exec();
    host.stop();
    return code;
#endif
}

} // namespace

int main(int argc, char **argv)
{
    raiseDescriptorLimit();
    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (command == u"--version" || command == u"-v") {
        std::printf("socketscope %s\n", SOCKETSCOPE_VERSION);
        return 0;
    }
    if (command == u"--help" || command == u"-h" || command == u"help") {
        std::fputs(usage, stdout);
        return 0;
    }
    if (command == u"serve") {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("socketscope"));
        QStringList arguments;
        for (int i = 2; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
        return ServeCommand::run(arguments);
    }
    if (command == u"run") {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("socketscope"));
        QStringList arguments;
        for (int i = 2; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
        return RunCommand::run(arguments);
    }
    if (command == u"validate") {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("socketscope"));
        QStringList arguments;
        for (int i = 2; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
        return ValidateCommand::run(arguments);
    }
    if (command == u"import-har") {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("socketscope"));
        QStringList arguments;
        for (int i = 2; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
        return ImportHarCommand::run(arguments);
    }
    if (!command.isEmpty() && !command.startsWith(u'-')) {
        std::fprintf(stderr, "socketscope: unknown command '%s'\n\n%s", qPrintable(command), usage);
        return 2;
    }
    return runGui(argc, argv);
}
