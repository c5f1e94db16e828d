#include "scenariodocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>

namespace {

// What a new window starts with: one small group against the embedded server, valid as is.
const QByteArray newScenarioText = QByteArrayLiteral(R"({
  "name": "new-scenario",
  "target": "embedded",
  "groups": [
    {
      "name": "group-1",
      "protocol": "ws",
      "channel": "general",
      "clients": 100,
      "phases": { "rampUp": "5s", "hold": "30s" },
      "send": { "rate": 1, "payloadBytes": 64 }
    }
  ]
}
)");

JsonTextEdit::Path groupPath(int index, const QStringList &keys)
{
    JsonTextEdit::Path path{{QStringLiteral("groups")}, {QString(), index}};
    for (const QString &key : keys)
        path.append({key});
    return path;
}

} // namespace

ScenarioDocument::ScenarioDocument(QObject *parent)
    : QObject(parent)
{
    newScenario();
}

void ScenarioDocument::newScenario()
{
    m_filePath.clear();
    m_text.clear();
    setText(newScenarioText, QStringLiteral("new-scenario.json"));
    m_modified = false;
}

void ScenarioDocument::setText(const QByteArray &json, const QString &sourceName)
{
    if (!sourceName.isEmpty())
        m_sourceName = sourceName;
    if (json == m_text && !m_root.isEmpty())
        return;
    m_text = json;
    m_modified = true;
    reparse();
    Q_EMIT textChanged();
}

void ScenarioDocument::reparse()
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_text, &parseError);
    m_editable = parseError.error == QJsonParseError::NoError && document.isObject();
    // While the text does not parse, the last good values stay readable (the table keeps
    // showing them) but nothing can be set until the text is fixed.
    if (m_editable)
        m_root = document.object();
    m_sourceMap = m_editable ? JsonSourceMap::scan(m_text) : JsonSourceMap();

    scenario::LoadResult result = scenario::ScenarioLoader::loadJson(m_text, m_sourceName);
    m_errors = result.errors;
    if (result.isOk()) {
        if (!m_filePath.isEmpty())
            result.scenario->sourceFile = m_filePath;
        m_scenario = std::make_shared<const scenario::Scenario>(std::move(*result.scenario));
    } else {
        m_scenario.reset();
    }
}

bool ScenarioDocument::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    m_filePath = path.startsWith(QLatin1Char(':')) ? QString() : path;
    m_text.clear(); // a reload of the same text still counts as a new document
    setText(bytes, QFileInfo(path).fileName());
    m_modified = false;
    m_error.clear();
    return true;
}

QList<QPair<QString, QString>> ScenarioDocument::builtInScenarios()
{
    QList<QPair<QString, QString>> result;
    for (const QString &resource : scenario::ScenarioLoader::builtInScenarios())
        result.append({QFileInfo(resource).completeBaseName(), resource});
    return result;
}

bool ScenarioDocument::loadBuiltIn(const QString &name)
{
    for (const auto &[builtInName, resource] : builtInScenarios()) {
        if (name == builtInName || name == resource)
            return loadFile(resource);
    }
    m_error = tr("There is no built-in scenario named \"%1\"").arg(name);
    return false;
}

bool ScenarioDocument::saveFile(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_text) != m_text.size() || !file.commit()) {
        m_error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    m_filePath = path;
    const QString name = QFileInfo(path).fileName();
    if (name != m_sourceName) {
        m_sourceName = name;
        reparse(); // errors name the file they are in
        Q_EMIT textChanged();
    }
    m_modified = false;
    m_error.clear();
    return true;
}

bool ScenarioDocument::applyEdit(const JsonTextEdit &edit, bool ok)
{
    if (!ok) {
        m_error = edit.errorString();
        return false;
    }
    m_error.clear();
    if (edit.text() != m_text)
        setText(edit.text());
    return true;
}

QString ScenarioDocument::name() const
{
    return m_root.value(QLatin1String("name")).toString();
}

bool ScenarioDocument::setName(const QString &name)
{
    if (!m_editable) {
        m_error = tr("Fix the JSON syntax error first");
        return false;
    }
    JsonTextEdit edit(m_text);
    return applyEdit(edit, edit.set({{QStringLiteral("name")}}, name));
}

QString ScenarioDocument::target() const
{
    const QJsonValue target = m_root.value(QLatin1String("target"));
    return target.isUndefined() ? QStringLiteral("embedded") : target.toString();
}

bool ScenarioDocument::setTarget(const QString &target)
{
    if (!m_editable) {
        m_error = tr("Fix the JSON syntax error first");
        return false;
    }
    JsonTextEdit edit(m_text);
    // "embedded" is the default: an absent key stays absent.
    if (target == u"embedded" && !m_root.contains(QLatin1String("target")))
        return true;
    return applyEdit(edit, edit.set({{QStringLiteral("target")}}, target.trimmed()));
}

int ScenarioDocument::groupCount() const
{
    return int(m_root.value(QLatin1String("groups")).toArray().size());
}

QJsonObject ScenarioDocument::group(int index) const
{
    return m_root.value(QLatin1String("groups")).toArray().at(index).toObject();
}

QJsonValue ScenarioDocument::groupValue(int index, const QStringList &keys) const
{
    QJsonValue value = m_root.value(QLatin1String("groups")).toArray().at(index);
    for (const QString &key : keys) {
        if (!value.isObject())
            return QJsonValue(QJsonValue::Undefined);
        value = value.toObject().value(key);
    }
    return value;
}

QByteArray ScenarioDocument::groupValueText(int index, const QStringList &keys) const
{
    if (!m_editable || index < 0 || index >= groupCount())
        return {};
    const QString path = JsonTextEdit::pathString(groupPath(index, keys));
    if (!m_sourceMap.contains(path))
        return {};
    const qsizetype start = m_sourceMap.valuePosition(path).offset;
    if (start < 0 || start >= m_text.size())
        return {};
    return m_text.mid(start, JsonTextEdit::valueEnd(m_text, start) - start);
}

bool ScenarioDocument::setGroupValue(int index, const QStringList &keys, const QJsonValue &value)
{
    if (!m_editable) {
        m_error = tr("Fix the JSON syntax error first");
        return false;
    }
    if (index < 0 || index >= groupCount() || keys.isEmpty()) {
        m_error = tr("There is no group %1").arg(index + 1);
        return false;
    }
    JsonTextEdit edit(m_text);
    const JsonTextEdit::Path path = groupPath(index, keys);
    return applyEdit(edit, value.isUndefined() ? edit.remove(path) : edit.set(path, value));
}

int ScenarioDocument::addGroup()
{
    if (!m_editable) {
        m_error = tr("Fix the JSON syntax error first");
        return -1;
    }
    QSet<QString> names;
    const QJsonArray groups = m_root.value(QLatin1String("groups")).toArray();
    for (const QJsonValue &group : groups)
        names.insert(group.toObject().value(QLatin1String("name")).toString());
    int number = int(groups.size()) + 1;
    while (names.contains(QStringLiteral("group-%1").arg(number)))
        ++number;

    const JsonTextEdit::OrderedObject group{
        {QStringLiteral("name"), QStringLiteral("group-%1").arg(number)},
        {QStringLiteral("protocol"), QStringLiteral("ws")},
        {QStringLiteral("channel"), QStringLiteral("general")},
        {QStringLiteral("clients"), 100},
        {QStringLiteral("phases"), QJsonObject{{QStringLiteral("rampUp"), QStringLiteral("5s")}, {QStringLiteral("hold"), QStringLiteral("30s")}}},
        {QStringLiteral("send"), QJsonObject{{QStringLiteral("rate"), 1}, {QStringLiteral("payloadBytes"), 64}}},
    };
    JsonTextEdit edit(m_text);
    if (!applyEdit(edit, edit.append({{QStringLiteral("groups")}}, group)))
        return -1;
    return groupCount() - 1;
}

bool ScenarioDocument::removeGroup(int index)
{
    if (!m_editable) {
        m_error = tr("Fix the JSON syntax error first");
        return false;
    }
    if (index < 0 || index >= groupCount()) {
        m_error = tr("There is no group %1").arg(index + 1);
        return false;
    }
    JsonTextEdit edit(m_text);
    return applyEdit(edit, edit.remove({{QStringLiteral("groups")}, {QString(), index}}));
}
