// libFuzzer target: HarImporter::importRecording (what `socketscope import-har` runs on a file's
// bytes) on arbitrary bytes. Beyond "no crash":
// - without a scenario there is an error saying why; with one, the groups are the connections,
//   one client each, and every error, fill-in and note line names where it is;
// - nothing a template would read as a placeholder ("{{") reaches the scenario's URLs, headers
//   or templates: an imported scenario must load.
#include "har/harimporter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_harimporter: invariant violated: %s\n", what);
        std::abort();
    }
}

bool hasBraces(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().contains(u"{{");
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(), [](const QJsonValue &element) { return hasBraces(element); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it.key().contains(u"{{") || hasBraces(it.value()))
                return true;
        }
    }
    return false;
}

void checkGroup(const QJsonObject &group)
{
    check(group.value(u"clients").toInt() == 1, "a group without clients: 1");
    check(!group.value(u"name").toString().isEmpty(), "a group without a name");
    check(!group.value(u"url").toString().isEmpty(), "a group without a url");
    const QString protocol = group.value(u"protocol").toString();
    check(protocol == u"ws" || protocol == u"socketio" || protocol == u"graphql-ws", "a group of an unknown protocol");
    // What is rendered as a template: the URL, headers, auth, connectionInit, subscriptions, the
    // send, and the script's sends and emits (its expects are matchers, read as they are).
    for (const char16_t *key : {u"url", u"headers", u"auth", u"connectionInit", u"subscribe", u"send"})
        check(!hasBraces(group.value(QStringView(key))), "\"{{\" in a group's template");
    for (const QJsonValue &step : group.value(u"script").toArray()) {
        const QJsonObject object = step.toObject();
        check(object.value(u"at").toString().endsWith(u"ms"), "a script step without \"at\"");
        check(!hasBraces(object.value(u"send")) && !hasBraces(object.value(u"args")) && !hasBraces(object.value(u"emit")),
              "\"{{\" in a script step's template");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray har(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const HarImport result = HarImporter::importRecording(har, QStringLiteral("fuzz.har"));
    for (const HarError &error : result.errors) {
        check(!error.message.isEmpty(), "an error without a message");
        check(error.path.isEmpty() || error.path.startsWith(u'$'), "an error whose path does not start at $");
    }
    if (!result.isOk()) {
        check(!result.errors.isEmpty(), "nothing imported and no error saying why");
        check(result.connections == 0 && result.toFillIn.isEmpty(), "a failed import with groups or fill-ins");
        return 0;
    }
    const QJsonArray groups = result.scenario.value(u"groups").toArray();
    check(!groups.isEmpty(), "a scenario without groups");
    check(groups.size() == result.connections, "groups and connections differ");
    check(!result.scenario.value(u"name").toString().isEmpty(), "a scenario without a name");
    check(result.scenario.value(u"duration").toString().endsWith(u's'), "a scenario without a duration");
    for (const QJsonValue &group : groups)
        checkGroup(group.toObject());
    for (const QString &line : result.toFillIn)
        check(line.startsWith(u"$.groups[") && line.contains(u"FILL_IN_"), "a fill-in line that does not name its place and marker");
    for (const QString &line : result.notReplayed)
        check(!line.isEmpty(), "an empty note");
    return 0;
}
