#include "importharcommand.h"

#include "har/harimporter.h"
#include "har/harreader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

namespace {

QString counted(qsizetype count, const char *singular, const char *plural)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1StringView(count == 1 ? singular : plural));
}

void printList(QTextStream &err, const char *title, const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    err << title << "\n";
    for (const QString &line : lines)
        err << "  " << line << "\n";
}

} // namespace

int ImportHarCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("import-har",
        "Turn a browser recording (a HAR file exported from Chrome's or Firefox's DevTools, Network panel) into a "
        "scenario that replays its WebSocket connections: one group of one client per connection, with what was "
        "sent when and what came back, as plain WebSocket, Socket.IO or graphql-ws groups. Recorded credentials "
        "are replaced by FILL_IN_<NAME> markers, listed on stderr with everything that is not replayed.\n"
        "Exits 0 on success, 1 when the file cannot be read or holds no WebSocket connection, 2 on usage errors."));
    parser.addHelpOption();
    const QCommandLineOption output(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                    QCoreApplication::translate("import-har", "Write the scenario to FILE instead of stdout."),
                                    QStringLiteral("FILE"));
    parser.addOption(output);
    parser.addPositionalArgument(QStringLiteral("recording"), QCoreApplication::translate("import-har", "The HAR file to import."),
                                 QStringLiteral("RECORDING.har"));
    QStringList args = arguments;
    args.prepend(QStringLiteral("socketscope import-har"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString usage = QStringLiteral("Usage: socketscope import-har RECORDING.har [-o scenario.json]");
    if (!parser.parse(args)) {
        err << "socketscope import-har: " << parser.errorText() << "\n" << usage << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // helpText() names the executable by its full path and without the subcommand.
        QString help = parser.helpText();
        help.replace(0, help.indexOf(QLatin1Char('\n')), usage);
        out << help;
        return 0;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        err << "socketscope import-har: expected one recording, got " << files.size() << "\n" << usage << "\n";
        return 2;
    }
    const QString path = files.first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "socketscope import-har: cannot read " << path << ": " << file.errorString() << "\n";
        return 1;
    }
    // Checked before reading: a recording several GiB large is not read into memory to be refused.
    if (file.size() > HarReader::maxBytes) {
        err << "socketscope import-har: " << path << ": the file is " << file.size() / (1024 * 1024)
            << " MiB; a recording is read up to " << HarReader::maxBytes / (1024 * 1024) << " MiB\n";
        return 1;
    }
    const HarImport imported = HarImporter::importRecording(file.readAll(), path);
    for (const HarError &error : imported.errors)
        err << path << ": " << error.toString() << "\n";
    if (!imported.isOk()) {
        err << "socketscope import-har: nothing imported from " << path << "\n";
        return 1;
    }

    const QByteArray json = QJsonDocument(imported.scenario).toJson(QJsonDocument::Indented);
    const QString target = parser.value(output);
    if (target.isEmpty()) {
        err.flush();
        out << QString::fromUtf8(json);
        out.flush();
    } else {
        QSaveFile saved(target);
        if (!saved.open(QIODevice::WriteOnly) || saved.write(json) != json.size() || !saved.commit()) {
            err << "socketscope import-har: cannot write " << target << ": " << saved.errorString() << "\n";
            return 1;
        }
    }

    QStringList groups;
    for (const QJsonValue &group : imported.scenario.value(u"groups").toArray()) {
        groups.append(QStringLiteral("%1 (%2)").arg(group.toObject().value(u"name").toString(),
                                                    group.toObject().value(u"protocol").toString()));
    }
    err << "socketscope import-har: " << path << ": "
        << counted(imported.connections, "WebSocket connection", "WebSocket connections") << " imported: "
        << groups.join(QStringLiteral(", "));
    if (!target.isEmpty())
        err << "; written to " << target << " (check it with: socketscope validate " << target << ")";
    err << "\n";
    printList(err, "fill in before running:", imported.toFillIn);
    printList(err, "not replayed:", imported.notReplayed);
    return 0;
}
