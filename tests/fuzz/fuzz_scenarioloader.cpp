// libFuzzer target: ScenarioLoader::loadJson (what `socketscope validate` and `run` call on a
// file's bytes) on arbitrary bytes. Beyond "no crash":
// - a rejected file has at least one error, and every error names a place in the file (line and
//   column inside the input, a JSON path starting at "$" or none) and says what was wrong;
// - an accepted file has no errors, and the scenario's own JSON (Scenario::source, which reports
//   embed) loads again, to the same scenario.
#include "scenario/scenarioloader.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_scenarioloader: invariant violated: %s\n", what);
        std::abort();
    }
}

const QString sourceName = QStringLiteral("fuzz.json");

void checkErrors(const scenario::LoadResult &result, const QByteArray &json)
{
    check(!result.scenario.has_value(), "a scenario together with errors");
    check(!result.errors.isEmpty(), "rejected without an error");
    // Positions are 1-based and inside the input (a column may point just past the last byte of
    // a line: "expected }, got end of file").
    const qsizetype lines = json.count('\n') + 1;
    for (const scenario::LoadError &error : result.errors) {
        if (error.file != sourceName || error.line < 1 || error.line > lines || error.column < 1
            || error.message.isEmpty() || !(error.path.isEmpty() || error.path.startsWith(u'$'))) {
            std::fprintf(stderr, "error: %s (line %d of %lld, column %d)\n", qPrintable(error.toString()),
                         error.line, (long long)lines, error.column);
        }
        check(error.file == sourceName, "an error that does not name the file");
        check(error.line >= 1 && error.line <= lines, "an error whose line is not in the file");
        check(error.column >= 1, "an error without a column");
        check(!error.message.isEmpty(), "an error without a message");
        check(error.path.isEmpty() || error.path.startsWith(u'$'), "an error whose path does not start at $");
        check(!error.toString().isEmpty(), "an error with an empty toString()");
    }
}

void checkReload(const scenario::Scenario &loaded)
{
    const QByteArray again = QJsonDocument(loaded.source).toJson(QJsonDocument::Compact);
    const scenario::LoadResult reloaded = scenario::ScenarioLoader::loadJson(again, sourceName);
    if (!reloaded.isOk())
        std::fprintf(stderr, "source: %s\nerrors:\n%s\n", again.constData(), qPrintable(reloaded.errorText()));
    check(reloaded.isOk(), "the source of a loaded scenario does not load again");
    const scenario::Scenario &second = *reloaded.scenario;
    check(second.name == loaded.name, "reload changed the name");
    check(second.target.embedded == loaded.target.embedded && second.target.url == loaded.target.url,
          "reload changed the target");
    check(second.server == loaded.server, "reload changed the server settings");
    check(second.groups.size() == loaded.groups.size(), "reload changed the number of groups");
    for (size_t i = 0; i < loaded.groups.size(); ++i) {
        check(second.groups[i].clients == loaded.groups[i].clients, "reload changed a group's clients");
        check(second.groups[i].phases.total() == loaded.groups[i].phases.total(), "reload changed a group's phases");
    }
    check(second.faults.size() == loaded.faults.size(), "reload changed the number of faults");
    check(second.thresholds.size() == loaded.thresholds.size(), "reload changed the number of thresholds");
    check(second.effectiveDuration() == loaded.effectiveDuration(), "reload changed the duration");
    check(second.peakClients() == loaded.peakClients(), "reload changed the peak client count");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const scenario::LoadResult result = scenario::ScenarioLoader::loadJson(json, sourceName);
    if (result.isOk()) {
        check(result.errors.isEmpty(), "a scenario together with errors");
        check(result.errorText().isEmpty(), "an accepted scenario with an error text");
        const scenario::Scenario &loaded = *result.scenario;
        check(!loaded.groups.empty(), "a scenario without groups");
        check(loaded.effectiveDuration().count() >= 0, "a negative duration");
        check(loaded.peakClients() >= 0, "a negative peak client count");
        checkReload(loaded);
    } else {
        checkErrors(result, json);
    }
    return 0;
}
