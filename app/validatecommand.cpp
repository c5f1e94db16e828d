#include "validatecommand.h"

#include "scenario/scenarioloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

QString counted(qsizetype count, const char *singular, const char *plural)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? singular : plural));
}

} // namespace

int ValidateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("validate",
        "Check scenario files without running them: JSON syntax, the scenario schema, durations, "
        "threshold expressions and settings that depend on each other (docs/scenarios.md).\n"
        "Prints \"FILE: ok (...)\" and exits 0, or prints every error as FILE:LINE:COL: $.path: "
        "expected ..., got ... and exits 2."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("scenario"),
                                 QCoreApplication::translate("validate", "Scenario file(s) (JSON) to check."),
                                 QStringLiteral("SCENARIO.json..."));
    QStringList args = arguments;
    args.prepend(QStringLiteral("socketscope validate"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(args)) {
        err << "socketscope validate: " << parser.errorText() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // helpText() names the executable by its full path and without the subcommand.
        QString help = parser.helpText();
        help.replace(0, help.indexOf(QLatin1Char('\n')),
                     QStringLiteral("Usage: socketscope validate [options] SCENARIO.json..."));
        out << help;
        return 0;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "socketscope validate: expected a scenario file\n"
            << "Usage: socketscope validate SCENARIO.json...\n";
        return 2;
    }
    int exitCode = 0;
    for (const QString &file : files) {
        const scenario::LoadResult result = scenario::ScenarioLoader::loadFile(file);
        if (!result.isOk()) {
            for (const scenario::LoadError &error : result.errors)
                err << error.toString() << "\n";
            err.flush();
            exitCode = 2;
            continue;
        }
        const scenario::Scenario &loaded = *result.scenario;
        out << QStringLiteral("%1: ok (%2, %3, %4)")
                   .arg(file, counted(qsizetype(loaded.groups.size()), "group", "groups"),
                        counted(qsizetype(loaded.faults.size()), "fault", "faults"),
                        counted(qsizetype(loaded.thresholds.size()), "threshold", "thresholds"))
            << "\n";
        out.flush();
    }
    return exitCode;
}
