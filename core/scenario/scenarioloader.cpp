#include "scenario/scenarioloader.h"

#include "broker/brokerurl.h"
#include "auth/jwtkey.h"
#include "presence/presencedirectory.h"
#include "protocol/redaction.h"
#include "scenario/duration.h"
#include "scenario/jsonsourcemap.h"
#include "server/tlsidentity.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <exception>
#include <memory>
#include <tuple>

using namespace std::chrono_literals;

namespace scenario {

namespace {

const QString schemaResource = QStringLiteral(":/schema/scenario.schema.json");

// ---------------------------------------------------------------------------------------------
// The schema, parsed once: as JSON (to describe what a node expects), as a source map (for the
// order of its properties, which QJsonObject loses) and compiled for valijson.
struct CompiledSchema
{
    QJsonObject root;
    JsonSourceMap map;
    valijson::Schema schema;
};

const CompiledSchema &compiledSchema()
{
    static const std::unique_ptr<CompiledSchema> compiled = [] {
        auto result = std::make_unique<CompiledSchema>();
        const QByteArray text = ScenarioLoader::schemaText();
        result->root = QJsonDocument::fromJson(text).object();
        result->map = JsonSourceMap::scan(text);
        Q_ASSERT_X(!result->root.isEmpty(), "ScenarioLoader", "the scenario schema resource is missing or invalid");
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::QtJsonAdapter adapter(result->root);
        parser.populateSchema(adapter, result->schema);
        return result;
    }();
    return *compiled;
}

// A schema object and where it is written in the schema file ("$.definitions.group").
struct SchemaNode
{
    QJsonObject node;
    QString schemaPath;
    bool isNull() const { return schemaPath.isEmpty(); }
};

SchemaNode resolve(SchemaNode node)
{
    const CompiledSchema &compiled = compiledSchema();
    // Our schema only uses local references: "#/definitions/NAME".
    for (int hops = 0; hops < 8 && node.node.contains(QLatin1String("$ref")); ++hops) {
        const QString ref = node.node.value(QLatin1String("$ref")).toString();
        const QString name = ref.section(QLatin1Char('/'), -1);
        node = {compiled.root.value(QLatin1String("definitions")).toObject().value(name).toObject(),
                QStringLiteral("$.definitions.") + name};
    }
    return node;
}

bool valueHasType(const QJsonValue &value, const QString &type)
{
    if (type == u"object")
        return value.isObject();
    if (type == u"array")
        return value.isArray();
    if (type == u"string")
        return value.isString();
    if (type == u"boolean")
        return value.isBool();
    if (type == u"number")
        return value.isDouble();
    if (type == u"integer")
        return value.isDouble() && value.toDouble() == double(qint64(value.toDouble()));
    return type == u"null" && value.isNull();
}

// At an anyOf/oneOf node, the branch the value was meant for: the one whose type it has.
SchemaNode branchFor(SchemaNode node, const QJsonValue &value)
{
    node = resolve(node);
    for (const QLatin1String keyword : {QLatin1String("anyOf"), QLatin1String("oneOf")}) {
        const QJsonArray branches = node.node.value(keyword).toArray();
        for (qsizetype i = 0; i < branches.size(); ++i) {
            const SchemaNode branch = resolve({branches[i].toObject(),
                                               node.schemaPath + QLatin1Char('.') + keyword + QLatin1Char('[') + QString::number(i) + QLatin1Char(']')});
            const QJsonValue type = branch.node.value(QLatin1String("type"));
            if ((type.isString() && valueHasType(value, type.toString()))
                || (branch.node.contains(QLatin1String("const")) && branch.node.value(QLatin1String("const")) == value))
                return branch;
        }
    }
    return node;
}

// One step of a JSON path: a key or an array index.
struct Segment
{
    QString key;
    qsizetype index = -1;
};

// The schema for the value at `segments`, walking the document alongside to pick anyOf branches.
// The last node is returned unresolved-by-branch, so an anyOf is described as a whole.
SchemaNode schemaAt(const QList<Segment> &segments, const QJsonValue &document)
{
    SchemaNode node{compiledSchema().root, QStringLiteral("$")};
    QJsonValue value = document;
    for (const Segment &segment : segments) {
        node = branchFor(node, value);
        if (segment.index >= 0) {
            node = {node.node.value(QLatin1String("items")).toObject(), node.schemaPath + QLatin1String(".items")};
            value = value.toArray().at(segment.index);
        } else {
            const QJsonObject properties = node.node.value(QLatin1String("properties")).toObject();
            if (properties.contains(segment.key)) {
                node = {properties.value(segment.key).toObject(),
                        JsonSourceMap::childPath(node.schemaPath + QLatin1String(".properties"), segment.key)};
            } else if (node.node.value(QLatin1String("additionalProperties")).isObject()) {
                node = {node.node.value(QLatin1String("additionalProperties")).toObject(),
                        node.schemaPath + QLatin1String(".additionalProperties")};
            } else {
                return {};
            }
            value = value.toObject().value(segment.key);
        }
    }
    return resolve(node);
}

QString jsonText(const QJsonValue &value)
{
    QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

QString numberText(double number)
{
    return QString::number(number, 'g', 15);
}

// What a schema node accepts, as the X of "expected X".
QString describeSchema(SchemaNode node)
{
    node = resolve(node);
    const QJsonObject &s = node.node;
    if (s.contains(QLatin1String("description")))
        return s.value(QLatin1String("description")).toString();
    if (s.contains(QLatin1String("enum"))) {
        QStringList values;
        for (const QJsonValue &value : s.value(QLatin1String("enum")).toArray())
            values.append(jsonText(value));
        return values.size() == 1 ? values.first() : QStringLiteral("one of ") + values.join(QStringLiteral(", "));
    }
    if (s.contains(QLatin1String("const")))
        return jsonText(s.value(QLatin1String("const")));
    for (const QLatin1String keyword : {QLatin1String("anyOf"), QLatin1String("oneOf")}) {
        if (s.contains(keyword)) {
            QStringList alternatives;
            for (const QJsonValue &branch : s.value(keyword).toArray())
                alternatives.append(describeSchema({branch.toObject(), node.schemaPath}));
            return alternatives.join(QStringLiteral(" or "));
        }
    }
    const QString type = s.value(QLatin1String("type")).toString();
    if (type == u"integer" || type == u"number") {
        const QString noun = type == u"integer" ? QStringLiteral("an integer") : QStringLiteral("a number");
        const bool hasMin = s.contains(QLatin1String("minimum"));
        const bool hasMax = s.contains(QLatin1String("maximum"));
        const QString min = numberText(s.value(QLatin1String("minimum")).toDouble());
        const QString max = numberText(s.value(QLatin1String("maximum")).toDouble());
        if (hasMin && hasMax)
            return QStringLiteral("%1 from %2 to %3").arg(noun, min, max);
        if (s.contains(QLatin1String("exclusiveMinimum")))
            return QStringLiteral("%1 > %2").arg(noun, numberText(s.value(QLatin1String("exclusiveMinimum")).toDouble()));
        if (hasMin)
            return QStringLiteral("%1 >= %2").arg(noun, min);
        if (hasMax)
            return QStringLiteral("%1 <= %2").arg(noun, max);
        return noun;
    }
    if (type == u"string")
        return s.value(QLatin1String("minLength")).toInt() > 0 ? QStringLiteral("a non-empty string") : QStringLiteral("a string");
    if (type == u"boolean")
        return QStringLiteral("true or false");
    if (type == u"object")
        return QStringLiteral("an object");
    if (type == u"array")
        return QStringLiteral("an array");
    return QStringLiteral("a valid value");
}

// What the user wrote, as the Y of "got Y".
QString describeValue(const QJsonValue &value)
{
    if (value.isObject())
        return value.toObject().isEmpty() ? QStringLiteral("{}") : QStringLiteral("an object");
    if (value.isArray())
        return value.toArray().isEmpty() ? QStringLiteral("[]") : QStringLiteral("an array");
    if (value.isUndefined())
        return QStringLiteral("nothing");
    if (value.isDouble())
        return numberText(value.toDouble());
    return jsonText(value);
}

bool isUnder(const QString &path, const QString &ancestor)
{
    return path.size() > ancestor.size() && path.startsWith(ancestor)
        && (path[ancestor.size()] == u'.' || path[ancestor.size()] == u'[');
}

QString durationExpected()
{
    return describeSchema({{{QStringLiteral("$ref"), QStringLiteral("#/definitions/duration")}}, QStringLiteral("$")});
}

// ---------------------------------------------------------------------------------------------
// Collects errors with their positions; one error per path (the first found is the most precise).
class Reporter
{
public:
    Reporter(QString file, const JsonSourceMap &map) : m_file(std::move(file)), m_map(map) {}

    // An error about a value: positioned at the value.
    void value(const QString &path, const QString &message)
    {
        add(path, m_map.valuePosition(path), message);
    }
    void expected(const QString &path, const QString &expected, const QJsonValue &got)
    {
        value(path, QStringLiteral("expected %1, got %2").arg(expected, describeValue(got)));
    }
    // An error about a key (unknown, duplicate): positioned at the key.
    void key(const QString &path, const QString &message)
    {
        add(path, m_map.keyPosition(path), message);
    }
    // An error inside a string value (a placeholder in a template, a step of a JSON path):
    // positioned at `offset` characters into the string. Several may share one path.
    void inString(const QString &path, bool atKey, qsizetype offset, const QString &message)
    {
        JsonSourceMap::Position position = atKey ? m_map.keyPosition(path) : m_map.valuePosition(path);
        if (position.isValid() && offset >= 0 && m_map.contains(path))
            position.column += int(offset) + 1; // past the opening quote (exact when nothing before it is escaped)
        add(path + QStringLiteral("@%1").arg(offset), position, message, path);
    }
    bool hasErrorAtOrUnder(const QString &path) const
    {
        return std::any_of(m_paths.cbegin(), m_paths.cend(),
                           [&path](const QString &other) { return other == path || isUnder(other, path); });
    }
    bool isEmpty() const { return m_errors.isEmpty(); }

    QList<LoadError> take()
    {
        std::stable_sort(m_errors.begin(), m_errors.end(), [](const LoadError &a, const LoadError &b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        return std::move(m_errors);
    }

private:
    void add(const QString &key, JsonSourceMap::Position position, const QString &message, const QString &path = {})
    {
        if (m_paths.contains(key))
            return;
        m_paths.insert(key);
        m_errors.append({m_file, position.line, position.column, path.isEmpty() ? key : path, message});
    }

    QString m_file;
    const JsonSourceMap &m_map;
    QSet<QString> m_paths;
    QList<LoadError> m_errors;
};

// ---------------------------------------------------------------------------------------------
// Schema validation: valijson reports every failed constraint up the tree ("Failed to validate
// item #0 in array."), with anyOf branches mixed in. Keep the failures that say something about
// one value, and word them from the schema itself.

QStringList schemaPropertyOrder(const SchemaNode &node)
{
    QStringList keys = compiledSchema().map.keys(node.schemaPath + QLatin1String(".properties"));
    if (keys.isEmpty())
        keys = node.node.value(QLatin1String("properties")).toObject().keys();
    return keys;
}

QString quotedKeyAfter(const std::string &description, const char *prefix)
{
    const QString text = QString::fromStdString(description).mid(qsizetype(qstrlen(prefix)));
    const qsizetype end = text.lastIndexOf(QLatin1Char('\''));
    return end < 0 ? text : text.first(end);
}

void validateAgainstSchema(const QJsonObject &document, const JsonSourceMap &map, Reporter &reporter)
{
    const CompiledSchema &compiled = compiledSchema();
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::QtJsonAdapter adapter(document);
    try {
        if (validator.validate(compiled.schema, adapter, &results))
            return;
    } catch (const std::exception &e) {
        reporter.value(QStringLiteral("$"), QStringLiteral("could not be checked against the schema: %1").arg(QString::fromUtf8(e.what())));
        return;
    }

    struct Failure
    {
        QString path;
        QList<Segment> segments;
        enum Kind { Value, UnknownKey, MissingKey } kind;
        QString key;
    };
    QList<Failure> failures;
    for (const valijson::ValidationResults::Error &error : results) {
        Failure failure{QStringLiteral("$"), {}, Failure::Value, {}};
        QJsonValue value = document;
        for (size_t i = 1; i < error.context.size(); ++i) { // [0] is "<root>"
            QString part = QString::fromStdString(error.context[i]);
            if (part.startsWith(u'[') && part.endsWith(u']'))
                part = part.mid(1, part.size() - 2);
            bool isIndex = false;
            const qsizetype index = part.toLongLong(&isIndex);
            if (value.isArray() && isIndex) {
                failure.segments.append({{}, index});
                failure.path = JsonSourceMap::indexPath(failure.path, index);
                value = value.toArray().at(index);
            } else {
                failure.segments.append({part, -1});
                failure.path = JsonSourceMap::childPath(failure.path, part);
                value = value.toObject().value(part);
            }
        }
        const std::string &description = error.description;
        auto startsWith = [&description](const char *prefix) { return description.rfind(prefix, 0) == 0; };
        if (startsWith("Object contains a property that could not be validated")) {
            failure.kind = Failure::UnknownKey;
        } else if (startsWith("Missing required property '")) {
            failure.kind = Failure::MissingKey;
            failure.key = quotedKeyAfter(description, "Missing required property '");
        } else if (startsWith("Failed to validate against schema associated with property name")
                   || startsWith("Failed to validate item #") || startsWith("Failed to validate against child schema")
                   || startsWith("Failed to validate against additional properties schema")
                   || startsWith("Failed to validate against schema associated with pattern")
                   || startsWith("Failed to validate against any schemas allowed by anyOf")
                   || startsWith("Failed to validate against any child schemas allowed by oneOf")) {
            // Says only that something below failed; that something is reported itself. (An anyOf
            // whose branches all failed at this very value is worded from the schema below.)
            if (!startsWith("Failed to validate against any"))
                continue;
        }
        failures.append(failure);
    }

    // A value failure means "this value is wrong" only when nothing more precise was found at or
    // below it: with anyOf, the branch the value was not meant for fails at the value itself
    // ({"const": false} for a reconnect object) while the real problem sits deeper.
    auto morePreciseExists = [&failures](const QString &path) {
        for (const Failure &other : failures) {
            if (isUnder(other.path, path) || (other.path == path && other.kind != Failure::Value))
                return true;
        }
        return false;
    };

    QSet<QString> done;
    for (const Failure &failure : failures) {
        const QJsonValue value = [&] {
            QJsonValue current = document;
            for (const Segment &segment : failure.segments)
                current = segment.index >= 0 ? current.toArray().at(segment.index) : current.toObject().value(segment.key);
            return current;
        }();
        switch (failure.kind) {
        case Failure::UnknownKey: {
            if (done.contains(QStringLiteral("unknown ") + failure.path))
                break;
            done.insert(QStringLiteral("unknown ") + failure.path);
            const SchemaNode node = branchFor(schemaAt(failure.segments, document), value);
            const QStringList allowed = schemaPropertyOrder(node);
            const bool isThresholds = failure.path == u"$.thresholds";
            QStringList written = map.keys(failure.path);
            if (written.isEmpty())
                written = value.toObject().keys();
            for (const QString &key : std::as_const(written)) {
                if (!allowed.contains(key)) {
                    reporter.key(JsonSourceMap::childPath(failure.path, key),
                                 QStringLiteral("unknown %1 \"%2\" (expected one of: %3)")
                                     .arg(isThresholds ? QStringLiteral("metric") : QStringLiteral("key"), key,
                                          allowed.join(QStringLiteral(", "))));
                }
            }
            break;
        }
        case Failure::MissingKey:
            reporter.value(JsonSourceMap::childPath(failure.path, failure.key),
                           QStringLiteral("missing required key \"%1\"").arg(failure.key));
            break;
        case Failure::Value:
            if (done.contains(failure.path) || morePreciseExists(failure.path))
                break;
            done.insert(failure.path);
            reporter.expected(failure.path, describeSchema(schemaAt(failure.segments, document)), value);
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// From the (schema-checked) document to the model, checking what the schema cannot. Reads
// defensively: with schema errors present it still runs, so all problems are reported at once,
// but it skips values of the wrong type (already reported).
class Builder
{
public:
    Builder(Reporter &reporter) : m_reporter(reporter) {}
    // Where relative file names in the scenario (TLS certificate and key) are looked up.
    void setBaseDirectory(const QString &directory) { m_baseDirectory = directory; }

    Scenario build(const QJsonObject &root)
    {
        Scenario result;
        result.name = root.value(QLatin1String("name")).toString();
        result.description = root.value(QLatin1String("description")).toString();
        readTarget(root, result);
        result.target.token = root.value(QLatin1String("token")).toString();
        result.target.headers = headers(root, QStringLiteral("$"));
        splitHeaderTemplates(result.target.headers, result.target.headerTemplates, QStringLiteral("$"));
        result.target.acceptSelfSignedCertificates = root.value(QLatin1String("insecure")).toBool(false);
        readSourceAddresses(root, result.target);
        result.duration = duration(root, QStringLiteral("$"), QStringLiteral("duration"));
        result.workers = root.value(QLatin1String("workers")).toInt(0);
        result.seed = quint64(std::max<qint64>(0, root.value(QLatin1String("seed")).toInteger(1)));

        result.server.address = QHostAddress::LocalHost;
        result.server.port = 0;
        if (root.contains(QLatin1String("server"))) {
            if (!result.target.embedded) {
                m_reporter.value(QStringLiteral("$.server"),
                                 QStringLiteral("expected no \"server\" settings with a URL target (they configure the embedded server), got target \"%1\"")
                                     .arg(Redaction::url(result.target.url)));
            } else {
                readServer(root.value(QLatin1String("server")).toObject(), result.server);
                readStaging(root.value(QLatin1String("server")).toObject(), result.server, result.staging);
            }
        }
        // The embedded server's token is what its own clients must send, unless the file says otherwise.
        if (result.target.embedded && result.target.token.isEmpty())
            result.target.token = result.server.token;
        if (root.value(QLatin1String("jwt")).isObject())
            readJwt(root.value(QLatin1String("jwt")).toObject(), result);

        const QJsonArray groups = root.value(QLatin1String("groups")).toArray();
        for (qsizetype i = 0; i < groups.size(); ++i) {
            if (groups[i].isObject())
                result.groups.push_back(readGroup(groups[i].toObject(), i));
        }
        checkUniqueNames(groups, result.groups);

        const QJsonArray faults = root.value(QLatin1String("faults")).toArray();
        if (!faults.isEmpty() && result.target.embedded && !result.groups.empty() && !result.usesTarget()) {
            m_reporter.value(QStringLiteral("$.faults"),
                             QStringLiteral("expected no faults when every group has its own \"url\" (faults act on the embedded server, which no group uses)"));
        } else if (!faults.isEmpty() && !result.target.embedded) {
            m_reporter.value(QStringLiteral("$.faults"),
                             QStringLiteral("expected no faults with a URL target (faults need the embedded server), got target \"%1\"")
                                 .arg(Redaction::url(result.target.url)));
        } else {
            for (qsizetype i = 0; i < faults.size(); ++i) {
                if (faults[i].isObject())
                    readFault(faults[i].toObject(), JsonSourceMap::indexPath(QStringLiteral("$.faults"), i), result.faults);
            }
            checkFaultsFitStaging(result.faults, result.staging);
        }

        readThresholds(root.value(QLatin1String("thresholds")).toObject(), result.thresholds);
        return result;
    }

    void setKeyOrder(const JsonSourceMap *map) { m_map = map; }

private:
    QStringList keysInOrder(const QJsonObject &object, const QString &path) const
    {
        QStringList keys = m_map ? m_map->keys(path) : QStringList();
        if (keys.isEmpty())
            keys = object.keys();
        return keys;
    }

    std::optional<milliseconds> duration(const QJsonObject &object, const QString &objectPath, const QString &key)
    {
        const QJsonValue value = object.value(key);
        if (!value.isString())
            return std::nullopt;
        const std::optional<milliseconds> parsed = Duration::parseMs(value.toString());
        if (!parsed)
            m_reporter.expected(JsonSourceMap::childPath(objectPath, key), durationExpected(), value);
        return parsed;
    }

    // A duration that must be at least `minimum` (a server interval, a session length).
    void atLeast(const QJsonObject &object, const QString &objectPath, const QString &key, milliseconds value,
                 milliseconds minimum, bool strictly = false)
    {
        if (!object.value(key).isString())
            return;
        if (value < minimum || (strictly && value == minimum)) {
            m_reporter.expected(JsonSourceMap::childPath(objectPath, key),
                                QStringLiteral("a duration %1 %2").arg(strictly ? QStringLiteral(">") : QStringLiteral(">="),
                                                                       Duration::format(minimum)),
                                object.value(key));
        }
    }

    QList<QPair<QByteArray, QByteArray>> headers(const QJsonObject &owner, const QString &ownerPath)
    {
        QList<QPair<QByteArray, QByteArray>> result;
        const QString path = JsonSourceMap::childPath(ownerPath, QStringLiteral("headers"));
        const QJsonObject object = owner.value(QLatin1String("headers")).toObject();
        for (const QString &name : keysInOrder(object, path)) {
            const QJsonValue value = object.value(name);
            if (!value.isString())
                continue;
            // RFC 9110 5.1: a field name is a token; 5.5: values have no CR, LF or NUL.
            static const QString tokenChars = QStringLiteral("!#$%&'*+-.^_`|~");
            const bool nameOk = !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](QChar c) {
                return c.unicode() < 128 && (c.isLetterOrNumber() || tokenChars.contains(c));
            });
            const QString text = value.toString();
            const QString childPath = JsonSourceMap::childPath(path, name);
            if (!nameOk) {
                m_reporter.key(childPath, QStringLiteral("expected a header name (letters, digits and !#$%&'*+-.^_`|~), got \"%1\"").arg(name));
            } else if (text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n')) || text.contains(QChar(0))) {
                m_reporter.expected(childPath, QStringLiteral("a header value without line breaks"), value);
            } else {
                result.append({name.toLatin1(), text.toUtf8()});
            }
        }
        return result;
    }

    void readTarget(const QJsonObject &root, Scenario &result)
    {
        const QJsonValue value = root.value(QLatin1String("target"));
        if (!value.isString() || value.toString() == u"embedded")
            return;
        const QUrl url(value.toString(), QUrl::StrictMode);
        static const QStringList schemes{QStringLiteral("ws"), QStringLiteral("wss"), QStringLiteral("http"), QStringLiteral("https")};
        if (!url.isValid() || !schemes.contains(url.scheme()) || url.host().isEmpty()) {
            m_reporter.expected(QStringLiteral("$.target"),
                                QStringLiteral("\"embedded\" or a ws://, wss://, http:// or https:// URL"), value);
            return;
        }
        result.target.embedded = false;
        result.target.url = url;
    }

    void readSourceAddresses(const QJsonObject &root, Target &target)
    {
        const QJsonValue value = root.value(QLatin1String("sourceAddresses"));
        if (!value.isDouble())
            return; // absent, or the wrong type: the schema said so
        target.sourceAddresses = value.toInt();
        if (target.embedded)
            return;
        // Connections can only leave from 127.0.0.x for a target on the loopback interface.
        const QHostAddress host(target.url.host());
        const bool loopback = host.protocol() == QAbstractSocket::IPv4Protocol && host.isLoopback();
        const QString scheme = target.url.scheme();
        if (!loopback) {
            m_reporter.value(QStringLiteral("$.sourceAddresses"),
                             QStringLiteral("expected no \"sourceAddresses\" with target \"%1\" (connections are spread over 127.0.0.1 ... 127.0.0.N only for an IPv4 loopback target such as ws://127.0.0.1:8080/)")
                                 .arg(Redaction::url(target.url)));
        } else if (scheme == u"wss" || scheme == u"https") {
            m_reporter.value(QStringLiteral("$.sourceAddresses"),
                             QStringLiteral("expected no \"sourceAddresses\" with a TLS target (\"%1\"): only plain ws:// and http:// connections are spread over source addresses")
                                 .arg(Redaction::url(target.url)));
        }
    }

    void readServer(const QJsonObject &object, ServerConfig &config)
    {
        const QString path = QStringLiteral("$.server");
        config.workers = object.value(QLatin1String("workers")).toInt(config.workers);
        config.replaySize = object.value(QLatin1String("replay")).toInt(config.replaySize);
        config.token = object.value(QLatin1String("token")).toString(config.token);
        config.maxMessageBytes = object.value(QLatin1String("maxMessageBytes")).toInteger(config.maxMessageBytes);
        config.maxConnectionsPerAddress = object.value(QLatin1String("maxConnectionsPerAddress")).toInt(config.maxConnectionsPerAddress);
        config.maxConnectionsPerUser = object.value(QLatin1String("maxConnectionsPerUser")).toInt(config.maxConnectionsPerUser);
        config.maxChannels = object.value(QLatin1String("maxChannels")).toInt(config.maxChannels);
        if (const QJsonValue types = object.value(QLatin1String("ephemeralTypes")); types.isArray()) {
            config.ephemeralTypes.clear();
            for (const QJsonValue &type : types.toArray())
                config.ephemeralTypes.append(type.toString());
        }
        if (const auto value = duration(object, path, QStringLiteral("channelIdleTimeout"))) {
            config.channelIdleTimeout = *value;
            if (value->count() != 0)
                atLeast(object, path, QStringLiteral("channelIdleTimeout"), *value, 1s);
        }
        config.messagesPerSecond = object.value(QLatin1String("rate")).toDouble(config.messagesPerSecond);
        config.messageBurst = object.value(QLatin1String("burst")).toDouble(config.messageBurst);
        config.slowConsumerBytes = object.value(QLatin1String("slowConsumerBytes")).toInteger(config.slowConsumerBytes);
        if (const auto value = duration(object, path, QStringLiteral("pingInterval"))) {
            config.pingInterval = *value;
            atLeast(object, path, QStringLiteral("pingInterval"), *value, 100ms);
        }
        if (const auto value = duration(object, path, QStringLiteral("sseHeartbeat"))) {
            config.sseHeartbeat = *value;
            atLeast(object, path, QStringLiteral("sseHeartbeat"), *value, 100ms);
        }
        if (const auto value = duration(object, path, QStringLiteral("sseRetry")))
            config.sseRetry = *value;
        if (const auto loop = ServerConfig::parseEventLoop(object.value(QLatin1String("eventLoop")).toString()))
            config.eventLoop = *loop;
        if (object.value(QLatin1String("tls")).isObject())
            readServerTls(object.value(QLatin1String("tls")).toObject(), config);
        const QString problem = config.validate();
        // The schema and the checks above name the key; this catches what they do not know about.
        if (!problem.isEmpty() && !m_reporter.hasErrorAtOrUnder(path))
            m_reporter.value(path, QStringLiteral("expected valid server settings, got: %1").arg(problem));
    }

    // "instances", "broker", "proxy" (docs/scenarios.md, "Several instances").
    void readStaging(const QJsonObject &object, ServerConfig &config, Staging &staging)
    {
        const QString path = QStringLiteral("$.server");
        staging.instances = object.value(QLatin1String("instances")).toInt(1);
        staging.broker = object.value(QLatin1String("broker")).toString();
        if (!staging.broker.isEmpty() && !staging.startsOwnBroker()) {
            QString error;
            if (!BrokerUrl::parse(staging.broker, &error))
                m_reporter.value(JsonSourceMap::childPath(path, QStringLiteral("broker")),
                                 QStringLiteral("expected \"redis\", \"nats\" or a broker URL, got: %1").arg(error));
        }
        const QJsonObject proxy = object.value(QLatin1String("proxy")).toObject();
        if (object.value(QLatin1String("proxy")).isObject()) {
            const QString proxyPath = JsonSourceMap::childPath(path, QStringLiteral("proxy"));
            staging.proxy = true;
            const QString balance = proxy.value(QLatin1String("balance")).toString(QStringLiteral("round_robin"));
            staging.balance = balance == u"ip_hash" ? Staging::Balance::IpHash
                            : balance == u"least_conn" ? Staging::Balance::LeastConn : Staging::Balance::RoundRobin;
            if (const auto value = duration(proxy, proxyPath, QStringLiteral("readTimeout"))) {
                staging.proxyReadTimeout = *value;
                atLeast(proxy, proxyPath, QStringLiteral("readTimeout"), *value, 1000ms);
            }
            staging.sseBuffering = proxy.value(QLatin1String("sseBuffering")).toBool(false);
            staging.proxyBufferBytes = proxy.value(QLatin1String("bufferBytes")).toInt(0);
        }
        if (!staging.isStaged())
            return;
        // The instances are other processes: what lives only in this one cannot reach them.
        if (config.usesTls())
            m_reporter.value(JsonSourceMap::childPath(path, QStringLiteral("tls")),
                             QStringLiteral("expected no \"tls\" with \"instances\", \"broker\" or \"proxy\": staged instances serve plain ws:// and http:// (put TLS in front of them)"));
        // With a broker URL of the user's, the instances join it; `broker` in the ServerConfig
        // is filled in by the run once a private broker has its port.
        if (!staging.broker.isEmpty() && !staging.startsOwnBroker())
            config.broker = staging.broker;
    }

    void checkFaultsFitStaging(const std::vector<FaultStep> &faults, const Staging &staging)
    {
        for (const FaultStep &step : faults) {
            const bool instanceFault = step.action == FaultAction::KillInstance || step.action == FaultAction::PartitionInstance
                                    || step.action == FaultAction::BrokerDown;
            if (!instanceFault && staging.isStaged()) {
                m_reporter.value(JsonSourceMap::childPath(step.jsonPath, QStringLiteral("action")),
                                 QStringLiteral("expected killInstance, brokerDown or partitionInstance with several instances: this fault acts on the one embedded server in this process"));
            } else if (instanceFault && !staging.isStaged()) {
                m_reporter.value(JsonSourceMap::childPath(step.jsonPath, QStringLiteral("action")),
                                 QStringLiteral("expected \"server\": {\"instances\": N, \"broker\": ...} for this fault: it acts on staged instances"));
            } else if ((step.action == FaultAction::KillInstance || step.action == FaultAction::PartitionInstance)
                       && step.instance >= staging.instances) {
                m_reporter.value(JsonSourceMap::childPath(step.jsonPath, QStringLiteral("instance")),
                                 QStringLiteral("expected an instance from 0 to %1, got %2").arg(staging.instances - 1).arg(step.instance));
            } else if (step.action == FaultAction::PartitionInstance && staging.broker.isEmpty()) {
                m_reporter.value(JsonSourceMap::childPath(step.jsonPath, QStringLiteral("action")),
                                 QStringLiteral("expected a \"broker\" in \"server\": partitionInstance cuts an instance off from it"));
            } else if (step.action == FaultAction::BrokerDown && !staging.startsOwnBroker()) {
                m_reporter.value(JsonSourceMap::childPath(step.jsonPath, QStringLiteral("action")),
                                 QStringLiteral("expected \"broker\": \"redis\" or \"nats\": brokerDown acts on the broker the run starts, not on one of yours"));
            }
        }
    }

    // "tls": {"selfSigned": true} or {"certificate": FILE, "key": FILE}; relative paths are
    // relative to the scenario file. The files are read now, so `validate` reports a bad one.
    void readServerTls(const QJsonObject &object, ServerConfig &config)
    {
        const QString path = QStringLiteral("$.server.tls");
        const QJsonValue certificate = object.value(QLatin1String("certificate"));
        const QJsonValue key = object.value(QLatin1String("key"));
        config.tlsSelfSigned = object.value(QLatin1String("selfSigned")).toBool(false);
        if (certificate.isString())
            config.tlsCertificateFile = QDir(m_baseDirectory).filePath(certificate.toString());
        if (key.isString())
            config.tlsKeyFile = QDir(m_baseDirectory).filePath(key.toString());
        if (m_reporter.hasErrorAtOrUnder(path))
            return; // the schema already said what is wrong
        if (config.tlsSelfSigned && (certificate.isString() || key.isString())) {
            m_reporter.value(path, QStringLiteral("expected either \"selfSigned\": true or \"certificate\" and \"key\", not both"));
        } else if (certificate.isString() != key.isString()) {
            m_reporter.value(path, certificate.isString() ? QStringLiteral("expected a \"key\" file with the \"certificate\"")
                                                          : QStringLiteral("expected a \"certificate\" file with the \"key\""));
        } else if (certificate.isString()) {
            QString error;
            if (TlsIdentity::fromPemFiles(config.tlsCertificateFile, config.tlsKeyFile, {}, &error).isNull())
                m_reporter.value(path, QStringLiteral("expected a usable certificate and key, got: %1").arg(error));
        }
    }

    void readJwt(const QJsonObject &object, Scenario &scenario)
    {
        const QString path = QStringLiteral("$.jwt");
        JwtTokens &jwt = scenario.jwt;
        jwt.algorithm = object.value(QLatin1String("algorithm")).toString();
        jwt.secret = object.value(QLatin1String("secret")).toString().toUtf8();
        if (object.value(QLatin1String("privateKeyFile")).isString())
            jwt.privateKeyFile = QDir(m_baseDirectory).filePath(object.value(QLatin1String("privateKeyFile")).toString());
        if (object.value(QLatin1String("publicKeyFile")).isString())
            jwt.publicKeyFile = QDir(m_baseDirectory).filePath(object.value(QLatin1String("publicKeyFile")).toString());
        jwt.claims = object.contains(QLatin1String("claims")) ? object.value(QLatin1String("claims")).toObject()
                                                              : QJsonObject{{QLatin1String("sub"), QStringLiteral("{{group}}-{{client}}")}};
        if (const auto lifetime = duration(object, path, QStringLiteral("lifetime"))) {
            jwt.lifetime = *lifetime;
            atLeast(object, path, QStringLiteral("lifetime"), *lifetime, 1s);
        }
        if (m_reporter.hasErrorAtOrUnder(path))
            return; // the schema already said what is wrong
        QString error;
        if (!JwtKey::load(jwt.algorithm, jwt.secret, jwt.privateKeyFile, JwtKey::Use::Sign, &error)) {
            m_reporter.value(path, QStringLiteral("expected a usable signing key, got: %1").arg(error));
            return;
        }
        if (!scenario.target.token.isEmpty() || !scenario.server.token.isEmpty()) {
            m_reporter.value(path, QStringLiteral("expected either \"jwt\" or a \"token\", not both"));
            return;
        }
        if (!scenario.target.embedded)
            return; // the user's server verifies them
        if (scenario.staging.instances > 1) {
            m_reporter.value(path, QStringLiteral("expected no \"jwt\" with several instances (staged instances do not take tokens yet)"));
            return;
        }
        // The embedded server verifies what its clients sign: the same secret, or the public key.
        scenario.server.jwtAlgorithm = jwt.algorithm;
        if (JwtKey::usesSecret(jwt.algorithm)) {
            scenario.server.jwtSecret = jwt.secret;
        } else if (jwt.publicKeyFile.isEmpty()) {
            m_reporter.value(path, QStringLiteral("expected a \"publicKeyFile\" for the embedded server to verify %1 tokens with").arg(jwt.algorithm));
        } else if (!JwtKey::load(jwt.algorithm, {}, jwt.publicKeyFile, JwtKey::Use::Verify, &error)) {
            m_reporter.value(path, QStringLiteral("expected a usable public key, got: %1").arg(error));
        } else {
            scenario.server.jwtPublicKeyFile = jwt.publicKeyFile;
        }
    }

    Group readGroup(const QJsonObject &object, qsizetype index)
    {
        Group group;
        const QString path = JsonSourceMap::indexPath(QStringLiteral("$.groups"), index);
        group.jsonPath = path;
        group.name = object.value(QLatin1String("name")).toString(QStringLiteral("group-%1").arg(index + 1));
        const QString protocol = object.value(QLatin1String("protocol")).toString();
        if (protocol == u"sse")
            group.protocol = Protocol::Sse;
        else if (protocol == u"poll")
            group.protocol = Protocol::Poll;
        else if (protocol == u"publish")
            group.protocol = Protocol::Publish;
        else if (protocol == u"socketio")
            group.protocol = Protocol::SocketIo;
        else if (protocol == u"graphql-ws")
            group.protocol = Protocol::GraphQlWs;
        else
            group.protocol = Protocol::WebSocket;
        group.channel = object.value(QLatin1String("channel")).toString(group.channel);
        group.channels = object.value(QLatin1String("channels")).toInt(group.channels);
        group.clients = object.value(QLatin1String("clients")).toInt(group.clients);
        if (object.value(QLatin1String("arrivalRate")).isDouble())
            group.arrivalsPerSecond = object.value(QLatin1String("arrivalRate")).toDouble();

        const QJsonObject phases = object.value(QLatin1String("phases")).toObject();
        const QString phasesPath = path + QLatin1String(".phases");
        group.phases.delay = duration(phases, phasesPath, QStringLiteral("delay")).value_or(0ms);
        group.phases.rampUp = duration(phases, phasesPath, QStringLiteral("rampUp")).value_or(0ms);
        group.phases.hold = duration(phases, phasesPath, QStringLiteral("hold")).value_or(0ms);
        group.phases.rampDown = duration(phases, phasesPath, QStringLiteral("rampDown")).value_or(0ms);

        if (object.value(QLatin1String("send")).isObject()) {
            const QJsonObject send = object.value(QLatin1String("send")).toObject();
            group.send.ratePerClient = send.value(QLatin1String("rate")).toDouble(0);
            group.send.payloadBytes = send.value(QLatin1String("payloadBytes")).toInt(group.send.payloadBytes);
            group.send.type = send.value(QLatin1String("type")).toString(group.send.type);
            if (send.value(QLatin1String("mode")).toString() == u"echo") {
                if (group.protocol != Protocol::WebSocket) {
                    m_reporter.expected(path + QLatin1String(".send.mode"),
                                        QStringLiteral("\"publish\" for a %1 group (echo is WebSocket only)").arg(protocol),
                                        send.value(QLatin1String("mode")));
                }
                group.send.mode = SendSettings::Mode::Echo;
            }
        }

        if (object.value(QLatin1String("churn")).isObject())
            readChurn(object.value(QLatin1String("churn")).toObject(), path + QLatin1String(".churn"), group.churn);

        const QJsonValue reconnect = object.value(QLatin1String("reconnect"));
        if (reconnect.isBool() && !reconnect.toBool()) {
            group.reconnect.enabled = false;
        } else if (reconnect.isObject()) {
            const QJsonObject settings = reconnect.toObject();
            const QString reconnectPath = path + QLatin1String(".reconnect");
            group.reconnect.initialDelay = duration(settings, reconnectPath, QStringLiteral("initialDelay")).value_or(group.reconnect.initialDelay);
            group.reconnect.maxDelay = duration(settings, reconnectPath, QStringLiteral("maxDelay")).value_or(group.reconnect.maxDelay);
            group.reconnect.multiplier = settings.value(QLatin1String("multiplier")).toDouble(group.reconnect.multiplier);
            group.reconnect.maxAttempts = settings.value(QLatin1String("maxAttempts")).toInt(group.reconnect.maxAttempts);
            group.reconnect.minSession = duration(settings, reconnectPath, QStringLiteral("minSession")).value_or(group.reconnect.minSession);
            const QString jitter = settings.value(QLatin1String("jitter")).toString();
            if (jitter == u"none")
                group.reconnect.jitter = ReconnectSettings::Jitter::None;
            else if (jitter == u"equal")
                group.reconnect.jitter = ReconnectSettings::Jitter::Equal;
            if (group.reconnect.maxDelay < group.reconnect.initialDelay)
                atLeast(settings, reconnectPath, QStringLiteral("maxDelay"), group.reconnect.maxDelay, group.reconnect.initialDelay);
        }

        group.resume = object.value(QLatin1String("resume")).toBool(group.resume);
        group.readPaused = object.value(QLatin1String("readPaused")).toBool(false);
        if (group.readPaused && (group.protocol == Protocol::Poll || group.protocol == Protocol::Publish)) {
            m_reporter.expected(path + QLatin1String(".readPaused"),
                                QStringLiteral("false for a %1 group (only ws and sse clients hold a stream to stop reading)").arg(protocol),
                                object.value(QLatin1String("readPaused")));
        }
        group.pollTimeout = duration(object, path, QStringLiteral("pollTimeout")).value_or(group.pollTimeout);
        group.user = object.value(QLatin1String("user")).toString();
        if (object.contains(QLatin1String("user"))) {
            // What is left without the placeholders must be a valid user (docs/server.md, "Presence").
            const QString bare = group.userFor(0);
            if (group.protocol != Protocol::WebSocket || object.contains(QLatin1String("url"))) {
                m_reporter.value(path + QLatin1String(".user"),
                                 QStringLiteral("expected \"user\" only on a ws group of the embedded server (it becomes ?user=); a group with \"url\" puts it in its URL"));
            } else if (bare.contains(QLatin1String("{{"))) {
                m_reporter.expected(path + QLatin1String(".user"), QStringLiteral("only the placeholders {{client}} and {{group}}"),
                                    object.value(QLatin1String("user")));
            } else if (!PresenceDirectory::isValidUser(bare)) {
                m_reporter.expected(path + QLatin1String(".user"),
                                    PresenceDirectory::validUserForm() + QStringLiteral(" with {{client}} or {{group}} anywhere"),
                                    object.value(QLatin1String("user")));
            }
        }
        group.path = object.value(QLatin1String("path")).toString();
        group.headers = headers(object, path);
        splitHeaderTemplates(group.headers, group.headerTemplates, path);
        readUserServerKeys(object, path, protocol, group);
        // SocketScope adds no resume parameter to a user's URL, so by default nothing is expected
        // to be replayed across a reconnect (docs/scenarios.md, "Reconnects and resume").
        if (!object.contains(QLatin1String("resume")) && (group.usesUrl() || group.receive.enabled))
            group.resume = false;
        return group;
    }

    // A template, an extractor or a matcher compiled from the scenario, its errors reported at
    // the line and column of the placeholder or path step that is wrong.
    template <typename Parsed, typename Parse>
    std::optional<Parsed> compile(const QJsonValue &value, const QString &path, Parse parse)
    {
        QList<RuleError> errors;
        std::optional<Parsed> parsed = parse(value, &errors);
        for (const RuleError &error : std::as_const(errors))
            m_reporter.inString(path + error.path, error.inKey, error.offset, error.message);
        if (!errors.isEmpty())
            return std::nullopt;
        return parsed;
    }

    // Header values with {{...}} are rendered per connection; the rest stay plain.
    void splitHeaderTemplates(QList<QPair<QByteArray, QByteArray>> &plain,
                              QList<QPair<QByteArray, MessageTemplate>> &templated, const QString &ownerPath)
    {
        for (qsizetype i = plain.size() - 1; i >= 0; --i) {
            const QString value = QString::fromUtf8(plain[i].second);
            if (!value.contains(QLatin1String("{{")))
                continue;
            const QString valuePath = JsonSourceMap::childPath(ownerPath + QLatin1String(".headers"), QString::fromLatin1(plain[i].first));
            if (auto compiled = compile<MessageTemplate>(QJsonValue(value), valuePath, [](const QJsonValue &v, QList<RuleError> *e) {
                    return MessageTemplate::fromText(v.toString(), e);
                }))
                templated.prepend({plain[i].first, *compiled});
            plain.removeAt(i);
        }
    }

    // docs/scenarios.md, "Testing your own server": url, subprotocols, method, body, send.template,
    // onOpen and receive, each checked against the protocol it is given for.
    void readUserServerKeys(const QJsonObject &object, const QString &path, const QString &protocol, Group &group)
    {
        const auto childPath = [&path](const QString &key) { return JsonSourceMap::childPath(path, key); };
        const bool ws = group.protocol == Protocol::WebSocket;
        const bool sse = group.protocol == Protocol::Sse;
        const bool publish = group.protocol == Protocol::Publish;
        const bool socketIo = group.protocol == Protocol::SocketIo;
        const bool graphQl = group.protocol == Protocol::GraphQlWs;
        const bool overWebSocket = ws || socketIo || graphQl;
        const auto onlyFor = [&](const QString &key, bool allowed, const QString &groups) {
            if (object.contains(key) && !allowed)
                m_reporter.key(childPath(key), QStringLiteral("\"%1\" is for %2 groups, not %3").arg(key, groups, protocol));
            return object.contains(key) && allowed;
        };

        if (object.value(QLatin1String("url")).isString()) {
            group.urlText = object.value(QLatin1String("url")).toString();
            // Socket.IO starts over HTTP (long-polling) or WebSocket, and takes either form of URL.
            QStringList schemes;
            if (ws || graphQl || socketIo)
                schemes << QStringLiteral("ws://") << QStringLiteral("wss://");
            if (!ws && !graphQl)
                schemes << QStringLiteral("http://") << QStringLiteral("https://");
            if (!std::any_of(schemes.cbegin(), schemes.cend(), [&](const QString &scheme) { return group.urlText.startsWith(scheme, Qt::CaseInsensitive); })) {
                const QString last = schemes.takeLast();
                m_reporter.expected(childPath(QStringLiteral("url")),
                                    QStringLiteral("a %1 or %2 URL for a %3 group").arg(schemes.join(QLatin1String(", ")), last, protocol),
                                    object.value(QLatin1String("url")));
            } else {
                group.url = compile<MessageTemplate>(object.value(QLatin1String("url")), childPath(QStringLiteral("url")),
                                                     [](const QJsonValue &v, QList<RuleError> *e) { return MessageTemplate::fromUrlText(v.toString(), e); });
            }
            if (object.contains(QLatin1String("path")) && !socketIo)
                m_reporter.key(childPath(QStringLiteral("path")), QStringLiteral("expected either \"url\" or \"path\", got both (with \"url\", write the path into it)"));
            if (group.protocol == Protocol::Poll)
                m_reporter.key(childPath(QStringLiteral("url")), QStringLiteral("\"url\" is for ws, sse and publish groups (poll speaks the embedded server's long-poll protocol)"));
        }

        if ((socketIo || graphQl) && !group.usesUrl() && !m_reporter.hasErrorAtOrUnder(childPath(QStringLiteral("url"))))
            m_reporter.value(path, QStringLiteral("missing required key \"url\": a %1 group connects to your server's URL").arg(protocol));

        if (onlyFor(QStringLiteral("subprotocols"), ws, QStringLiteral("ws"))) {
            const QJsonArray list = object.value(QLatin1String("subprotocols")).toArray();
            for (const QJsonValue &name : list)
                if (name.isString() && !group.subprotocols.contains(name.toString()))
                    group.subprotocols.append(name.toString());
        }

        if (onlyFor(QStringLiteral("method"), sse || publish, QStringLiteral("sse and publish"))) {
            group.method = object.value(QLatin1String("method")).toString().toLatin1();
            if (sse && group.method != "GET" && group.method != "POST")
                m_reporter.expected(childPath(QStringLiteral("method")), QStringLiteral("\"GET\" or \"POST\" for an sse group"), object.value(QLatin1String("method")));
        }
        if (group.method.isEmpty())
            group.method = publish ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
        if (onlyFor(QStringLiteral("body"), sse || publish, QStringLiteral("sse and publish"))) {
            group.body = compile<MessageTemplate>(object.value(QLatin1String("body")), childPath(QStringLiteral("body")),
                                                  [](const QJsonValue &v, QList<RuleError> *e) { return MessageTemplate::fromJson(v, e); });
            if (group.method == "GET")
                m_reporter.key(childPath(QStringLiteral("body")), QStringLiteral("a GET request has no body: set \"method\": \"POST\""));
        }

        const QJsonObject send = object.value(QLatin1String("send")).toObject();
        if (send.contains(QLatin1String("template"))) {
            const QString templatePath = path + QLatin1String(".send.template");
            if (!ws) {
                m_reporter.key(templatePath, publish ? QStringLiteral("a publish group sends its \"body\" (a template); send.template is for ws groups")
                                           : socketIo ? QStringLiteral("a socketio group emits events: use send.event and send.args")
                                           : graphQl  ? QStringLiteral("a graphql-ws group sends operations: use send.query and send.variables")
                                                      : QStringLiteral("send.template is for ws groups"));
            } else {
                group.send.message = compile<MessageTemplate>(send.value(QLatin1String("template")), templatePath,
                                                              [](const QJsonValue &v, QList<RuleError> *e) { return MessageTemplate::fromJson(v, e); });
            }
            for (const QLatin1String key : {QLatin1String("payloadBytes"), QLatin1String("type"), QLatin1String("mode")}) {
                if (send.contains(key))
                    m_reporter.key(path + QLatin1String(".send.") + key,
                                   QStringLiteral("\"%1\" shapes SocketScope's own envelope; with \"template\" the template is the whole message").arg(key));
            }
        }

        if (socketIo)
            readSocketIo(object, path, group);
        else if (graphQl)
            readGraphQl(object, path, group);
        else
            rejectProtocolKeys(object, path, protocol);
        const QString streaming = QStringLiteral("ws, sse, socketio and graphql-ws");
        if (onlyFor(QStringLiteral("onOpen"), overWebSocket || sse, streaming))
            readOnOpen(object.value(QLatin1String("onOpen")).toArray(), childPath(QStringLiteral("onOpen")), group, group.onOpen);
        if (onlyFor(QStringLiteral("script"), overWebSocket, QStringLiteral("ws, socketio and graphql-ws")))
            readScript(object.value(QLatin1String("script")).toArray(), childPath(QStringLiteral("script")), group);
        if (onlyFor(QStringLiteral("receive"), overWebSocket || sse, streaming))
            readReceive(object.value(QLatin1String("receive")).toObject(), childPath(QStringLiteral("receive")), group);
    }

    // The keys of one protocol are an error in a group of another.
    void rejectProtocolKeys(const QJsonObject &object, const QString &path, const QString &protocol)
    {
        static const QStringList socketIoKeys{QStringLiteral("transport"), QStringLiteral("namespace"), QStringLiteral("auth")};
        static const QStringList graphQlKeys{QStringLiteral("connectionInit"), QStringLiteral("connectionAckTimeout"),
                                             QStringLiteral("keepAlive"), QStringLiteral("subscribe")};
        for (const QString &key : socketIoKeys)
            if (object.contains(key))
                m_reporter.key(JsonSourceMap::childPath(path, key), QStringLiteral("\"%1\" is for socketio groups, not %2").arg(key, protocol));
        for (const QString &key : graphQlKeys)
            if (object.contains(key))
                m_reporter.key(JsonSourceMap::childPath(path, key), QStringLiteral("\"%1\" is for graphql-ws groups, not %2").arg(key, protocol));
        const QJsonObject send = object.value(QLatin1String("send")).toObject();
        for (const QLatin1String key : {QLatin1String("event"), QLatin1String("args"), QLatin1String("ack")})
            if (send.contains(key))
                m_reporter.key(path + QLatin1String(".send.") + key, QStringLiteral("send.%1 is for socketio groups, not %2").arg(key, protocol));
        for (const QLatin1String key : {QLatin1String("query"), QLatin1String("variables"), QLatin1String("operationName")})
            if (send.contains(key))
                m_reporter.key(path + QLatin1String(".send.") + key, QStringLiteral("send.%1 is for graphql-ws groups, not %2").arg(key, protocol));
    }

    // An emit as the template of one JSON array ["event", args...], so that a send renders the
    // whole event at once and the client only frames it (docs/scenarios.md, "Socket.IO").
    std::optional<MessageTemplate> emitTemplate(const QJsonObject &object, const QString &eventKey, const QString &path)
    {
        const QJsonValue event = object.value(eventKey);
        if (!event.isString() || event.toString().isEmpty()) {
            m_reporter.expected(JsonSourceMap::childPath(path, eventKey), QStringLiteral("an event name (a non-empty string)"), event);
            return std::nullopt;
        }
        QJsonArray array{event};
        const QJsonValue args = object.value(QLatin1String("args"));
        if (!args.isUndefined() && !args.isArray()) {
            m_reporter.expected(JsonSourceMap::childPath(path, QStringLiteral("args")), QStringLiteral("an array of arguments (templates)"), args);
            return std::nullopt;
        }
        for (const QJsonValue &arg : args.toArray())
            array.append(arg);
        // Errors inside an argument are reported at args[i]: the array's element i + 1.
        QList<RuleError> errors;
        std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(QJsonValue(array), &errors);
        for (const RuleError &error : std::as_const(errors)) {
            QString where = error.path;
            static const QRegularExpression firstIndex(QStringLiteral("^\\[(\\d+)\\]"));
            const QRegularExpressionMatch index = firstIndex.match(where);
            if (index.hasMatch() && index.captured(1).toInt() > 0)
                where = QStringLiteral(".args[%1]").arg(index.captured(1).toInt() - 1) + where.mid(index.capturedLength());
            else if (index.hasMatch())
                where = QLatin1Char('.') + eventKey + where.mid(index.capturedLength());
            m_reporter.inString(path + where, error.inKey, error.offset, error.message);
        }
        if (!errors.isEmpty())
            return std::nullopt;
        return compiled;
    }

    void readSocketIo(const QJsonObject &object, const QString &path, Group &group)
    {
        SocketIoSettings &settings = group.socketIo.emplace();
        const QString transport = object.value(QLatin1String("transport")).toString();
        if (transport == u"websocket")
            settings.transport = SocketIoSettings::Transport::WebSocket;
        else if (transport == u"polling")
            settings.transport = SocketIoSettings::Transport::Polling;
        settings.path = object.value(QLatin1String("path")).toString();
        settings.nameSpace = object.value(QLatin1String("namespace")).toString(settings.nameSpace);
        if (!settings.nameSpace.startsWith(u'/'))
            m_reporter.expected(JsonSourceMap::childPath(path, QStringLiteral("namespace")), QStringLiteral("a namespace starting with \"/\""),
                                object.value(QLatin1String("namespace")));
        if (object.contains(QLatin1String("auth"))) {
            if (!object.value(QLatin1String("auth")).isObject())
                m_reporter.expected(JsonSourceMap::childPath(path, QStringLiteral("auth")), QStringLiteral("an object (a template)"), object.value(QLatin1String("auth")));
            else
                settings.auth = compile<MessageTemplate>(object.value(QLatin1String("auth")), JsonSourceMap::childPath(path, QStringLiteral("auth")),
                                                         [](const QJsonValue &v, QList<RuleError> *e) { return MessageTemplate::fromJson(v, e); });
        }
        for (const QString &key : {QStringLiteral("connectionInit"), QStringLiteral("connectionAckTimeout"), QStringLiteral("keepAlive"), QStringLiteral("subscribe")})
            if (object.contains(key))
                m_reporter.key(JsonSourceMap::childPath(path, key), QStringLiteral("\"%1\" is for graphql-ws groups, not socketio").arg(key));
        const QJsonObject send = object.value(QLatin1String("send")).toObject();
        const QString sendPath = path + QLatin1String(".send");
        for (const QLatin1String key : {QLatin1String("payloadBytes"), QLatin1String("type"), QLatin1String("mode"), QLatin1String("query"),
                                        QLatin1String("variables"), QLatin1String("operationName")})
            if (send.contains(key))
                m_reporter.key(sendPath + QLatin1Char('.') + key, QStringLiteral("a socketio group emits events: send.%1 does not apply (use send.event, send.args, send.ack)").arg(key));
        if (send.contains(QLatin1String("event")) || send.contains(QLatin1String("args"))) {
            group.send.message = emitTemplate(send, QStringLiteral("event"), sendPath);
            group.send.expectsAnswer = send.value(QLatin1String("ack")).toBool(false);
        } else if (group.send.ratePerClient > 0 && !m_reporter.hasErrorAtOrUnder(sendPath)) {
            m_reporter.value(sendPath, QStringLiteral("missing required key \"event\": a socketio group's sends are events (send.event, send.args)"));
        }
    }

    void readGraphQl(const QJsonObject &object, const QString &path, Group &group)
    {
        GraphQlSettings &settings = group.graphQl.emplace();
        const auto childPath = [&path](const QString &key) { return JsonSourceMap::childPath(path, key); };
        if (object.contains(QLatin1String("connectionInit")))
            settings.connectionInit = compile<MessageTemplate>(object.value(QLatin1String("connectionInit")), childPath(QStringLiteral("connectionInit")),
                                                               [](const QJsonValue &v, QList<RuleError> *e) { return MessageTemplate::fromJson(v, e); });
        if (settings.connectionInit && settings.connectionInit->kind() != MessageTemplate::Kind::Json)
            m_reporter.value(childPath(QStringLiteral("connectionInit")), QStringLiteral("expected a JSON object: connection_init's payload"));
        settings.ackTimeout = duration(object, path, QStringLiteral("connectionAckTimeout")).value_or(settings.ackTimeout);
        settings.keepAlive = duration(object, path, QStringLiteral("keepAlive")).value_or(settings.keepAlive);
        for (const QString &key : {QStringLiteral("transport"), QStringLiteral("namespace"), QStringLiteral("auth")})
            if (object.contains(key))
                m_reporter.key(childPath(key), QStringLiteral("\"%1\" is for socketio groups, not graphql-ws").arg(key));
        const QJsonArray subscriptions = object.value(QLatin1String("subscribe")).toArray();
        for (qsizetype i = 0; i < subscriptions.size(); ++i) {
            const QString operationPath = JsonSourceMap::indexPath(childPath(QStringLiteral("subscribe")), i);
            if (std::optional<GraphQlSettings::Operation> operation = graphQlOperation(subscriptions[i].toObject(), operationPath)) {
                if (operation->name.isEmpty())
                    operation->name = QStringLiteral("subscription %1").arg(i + 1);
                settings.subscriptions.push_back(std::move(*operation));
            }
        }
        const QJsonObject send = object.value(QLatin1String("send")).toObject();
        const QString sendPath = path + QLatin1String(".send");
        for (const QLatin1String key : {QLatin1String("payloadBytes"), QLatin1String("type"), QLatin1String("mode"), QLatin1String("event"),
                                        QLatin1String("args"), QLatin1String("ack")})
            if (send.contains(key))
                m_reporter.key(sendPath + QLatin1Char('.') + key, QStringLiteral("a graphql-ws group sends operations: send.%1 does not apply (use send.query, send.variables, send.operationName)").arg(key));
        if (send.contains(QLatin1String("query"))) {
            if (std::optional<GraphQlSettings::Operation> operation = graphQlOperation(send, sendPath)) {
                group.send.message = std::move(operation->payload);
                group.send.expectsAnswer = true; // every operation has a result
            }
        } else if (group.send.ratePerClient > 0 && !m_reporter.hasErrorAtOrUnder(sendPath)) {
            m_reporter.value(sendPath, QStringLiteral("missing required key \"query\": a graphql-ws group's sends are operations (send.query, send.variables)"));
        }
    }

    // {"query": TEXT, "variables": TEMPLATE, "operationName": NAME}: the payload of a subscribe
    // message (graphql-ws PROTOCOL.md, "Subscribe"), compiled as one template.
    std::optional<GraphQlSettings::Operation> graphQlOperation(const QJsonObject &object, const QString &path)
    {
        const QJsonValue query = object.value(QLatin1String("query"));
        if (!query.isString() || query.toString().trimmed().isEmpty()) {
            m_reporter.expected(JsonSourceMap::childPath(path, QStringLiteral("query")), QStringLiteral("a GraphQL document (a non-empty string)"), query);
            return std::nullopt;
        }
        QJsonObject payload{{QStringLiteral("query"), query}};
        const QJsonValue variables = object.value(QLatin1String("variables"));
        if (!variables.isUndefined()) {
            if (!variables.isObject()) {
                m_reporter.expected(JsonSourceMap::childPath(path, QStringLiteral("variables")), QStringLiteral("an object (a template)"), variables);
                return std::nullopt;
            }
            payload.insert(QStringLiteral("variables"), variables);
        }
        GraphQlSettings::Operation operation;
        const QJsonValue name = object.value(QLatin1String("operationName"));
        if (name.isString()) {
            payload.insert(QStringLiteral("operationName"), name);
            operation.name = name.toString();
        }
        // The query itself is text, not a template: GraphQL's own {} must not be read as ours.
        std::optional<MessageTemplate> compiled = compile<MessageTemplate>(QJsonValue(payload), path,
                                                                          [](const QJsonValue &v, QList<RuleError> *e) { return MessageTemplate::fromJson(v, e); });
        if (!compiled)
            return std::nullopt;
        operation.payload = std::move(*compiled);
        return operation;
    }

    // A send step's message: {"send": TEMPLATE} (ws, and graphql-ws as a raw frame) or, for
    // socketio, {"emit": NAME, "args": [...], "ack": bool}.
    bool readStepMessage(const QJsonObject &object, const QString &stepPath, const Group &group, std::optional<MessageTemplate> &message, bool *ack)
    {
        const bool socketIo = group.protocol == Protocol::SocketIo;
        if (object.contains(QLatin1String("emit"))) {
            if (!socketIo) {
                m_reporter.key(stepPath + QLatin1String(".emit"), QStringLiteral("\"emit\" is for socketio groups (use \"send\")"));
                return true;
            }
            message = emitTemplate(object, QStringLiteral("emit"), stepPath);
            if (ack)
                *ack = object.value(QLatin1String("ack")).toBool(false);
            return true;
        }
        if (!object.contains(QLatin1String("send")))
            return false;
        if (socketIo)
            m_reporter.key(stepPath + QLatin1String(".send"), QStringLiteral("a socketio client emits events: use {\"emit\": NAME, \"args\": [...]}"));
        else if (group.protocol == Protocol::Sse)
            m_reporter.key(stepPath + QLatin1String(".send"), QStringLiteral("an sse client cannot send on its stream"));
        message = compile<MessageTemplate>(object.value(QLatin1String("send")), stepPath + QLatin1String(".send"),
                                           [](const QJsonValue &v, QList<RuleError> *e) { return MessageTemplate::fromJson(v, e); });
        return true;
    }

    void readOnOpen(const QJsonArray &steps, const QString &path, const Group &group, std::vector<OnOpenStep> &into)
    {
        for (qsizetype i = 0; i < steps.size(); ++i) {
            const QJsonObject object = steps[i].toObject();
            const QString stepPath = JsonSourceMap::indexPath(path, i);
            const int kinds = int(object.contains(QLatin1String("send"))) + int(object.contains(QLatin1String("emit")))
                + int(object.contains(QLatin1String("wait"))) + int(object.contains(QLatin1String("expect")));
            if (kinds != 1) {
                m_reporter.value(stepPath, QStringLiteral("expected one of {\"send\": TEMPLATE}, {\"emit\": NAME, \"args\": [...]}, {\"wait\": DURATION} or {\"expect\": MATCH, \"timeout\": DURATION}, got %1")
                                               .arg(kinds == 0 ? QStringLiteral("none of them") : QStringLiteral("more than one")));
                continue;
            }
            OnOpenStep step;
            const bool awaits = object.value(QLatin1String("ack")).toBool(false);
            if (readStepMessage(object, stepPath, group, step.message, &step.awaitsAnswer)) {
                step.kind = OnOpenStep::Kind::Send;
                step.timeout = duration(object, stepPath, QStringLiteral("timeout")).value_or(step.timeout);
            } else if (object.contains(QLatin1String("wait"))) {
                step.kind = OnOpenStep::Kind::Wait;
                step.wait = duration(object, stepPath, QStringLiteral("wait")).value_or(0ms);
            } else {
                step.kind = OnOpenStep::Kind::Expect;
                step.expect = compile<MessageMatcher>(object.value(QLatin1String("expect")), stepPath + QLatin1String(".expect"),
                                                      [](const QJsonValue &v, QList<RuleError> *e) { return MessageMatcher::fromJson(v, e); });
                step.timeout = duration(object, stepPath, QStringLiteral("timeout")).value_or(step.timeout);
            }
            if (step.kind != OnOpenStep::Kind::Expect && !awaits && object.contains(QLatin1String("timeout")))
                m_reporter.key(stepPath + QLatin1String(".timeout"), QStringLiteral("\"timeout\" belongs to an \"expect\" step (or an \"emit\" with \"ack\": true)"));
            for (const QLatin1String key : {QLatin1String("args"), QLatin1String("ack")})
                if (object.contains(key) && !object.contains(QLatin1String("emit")))
                    m_reporter.key(stepPath + QLatin1Char('.') + key, QStringLiteral("\"%1\" belongs to an \"emit\" step").arg(key));
            into.push_back(std::move(step));
        }
    }

    // docs/scenarios.md, "script": timed sends and counted expects, as an imported recording has.
    void readScript(const QJsonArray &steps, const QString &path, Group &group)
    {
        milliseconds previous{0};
        for (qsizetype i = 0; i < steps.size(); ++i) {
            const QJsonObject object = steps[i].toObject();
            const QString stepPath = JsonSourceMap::indexPath(path, i);
            const int kinds = int(object.contains(QLatin1String("send"))) + int(object.contains(QLatin1String("emit")))
                + int(object.contains(QLatin1String("expect")));
            if (kinds != 1) {
                m_reporter.value(stepPath, QStringLiteral("expected one of {\"at\": DURATION, \"send\": TEMPLATE}, {\"at\", \"emit\": NAME, \"args\": [...]} or {\"at\", \"expect\": MATCH, \"timeout\": DURATION}, got %1")
                                               .arg(kinds == 0 ? QStringLiteral("none of them") : QStringLiteral("more than one")));
                continue;
            }
            ScriptStep step;
            step.at = duration(object, stepPath, QStringLiteral("at")).value_or(previous);
            previous = step.at;
            if (readStepMessage(object, stepPath, group, step.message, &step.awaitsAnswer)) {
                step.kind = ScriptStep::Kind::Send;
                if (object.contains(QLatin1String("ack")) && !object.contains(QLatin1String("emit")))
                    m_reporter.key(stepPath + QLatin1String(".ack"), QStringLiteral("\"ack\" belongs to an \"emit\" step"));
                if (object.contains(QLatin1String("timeout")))
                    m_reporter.key(stepPath + QLatin1String(".timeout"), QStringLiteral("\"timeout\" belongs to an \"expect\" step"));
            } else {
                step.kind = ScriptStep::Kind::Expect;
                step.expect = compile<MessageMatcher>(object.value(QLatin1String("expect")), stepPath + QLatin1String(".expect"),
                                                      [](const QJsonValue &v, QList<RuleError> *e) { return MessageMatcher::fromJson(v, e); });
                step.timeout = duration(object, stepPath, QStringLiteral("timeout")).value_or(step.timeout);
            }
            group.script.push_back(std::move(step));
        }
    }

    void readReceive(const QJsonObject &object, const QString &path, Group &group)
    {
        ReceiveSettings &receive = group.receive;
        receive.enabled = true;
        const auto childPath = [&path](const QString &key) { return JsonSourceMap::childPath(path, key); };
        if (object.contains(QLatin1String("match")))
            receive.match = compile<MessageMatcher>(object.value(QLatin1String("match")), childPath(QStringLiteral("match")),
                                                    [](const QJsonValue &v, QList<RuleError> *e) { return MessageMatcher::fromJson(v, e); });
        const std::pair<const char *, std::optional<FieldExtractor> ReceiveSettings::*> extractors[] = {
            {"sentAt", &ReceiveSettings::sentAt}, {"sender", &ReceiveSettings::sender}, {"seq", &ReceiveSettings::seq},
            {"correlate", &ReceiveSettings::correlate}, {"serverTime", &ReceiveSettings::serverTime},
        };
        for (const auto &[key, member] : extractors) {
            const QString name = QString::fromLatin1(key);
            if (object.contains(name))
                receive.*member = compile<FieldExtractor>(object.value(name), childPath(name),
                                                          [](const QJsonValue &v, QList<RuleError> *e) { return FieldExtractor::fromJson(v, e); });
        }
        if (object.contains(QLatin1String("sender")) != object.contains(QLatin1String("seq"))) {
            const QString missing = object.contains(QLatin1String("sender")) ? QStringLiteral("seq") : QStringLiteral("sender");
            m_reporter.value(childPath(missing), QStringLiteral("missing required key \"%1\": per-sender accounting needs both \"sender\" and \"seq\"").arg(missing));
        }
        const QString expect = object.value(QLatin1String("expect")).toString(QStringLiteral("all"));
        receive.expect = expect == u"others" ? ReceiveSettings::Expect::Others
            : expect == u"none"              ? ReceiveSettings::Expect::None
                                             : ReceiveSettings::Expect::All;
        if (object.contains(QLatin1String("expect")) && !object.contains(QLatin1String("sender")))
            m_reporter.key(childPath(QStringLiteral("expect")), QStringLiteral("\"expect\" says whose messages each receiver should get, by \"sender\" and \"seq\": add both"));
        receive.grace = duration(object, path, QStringLiteral("grace")).value_or(receive.grace);
        receive.timeout = duration(object, path, QStringLiteral("timeout")).value_or(receive.timeout);
        if (object.contains(QLatin1String("timeout")))
            atLeast(object, path, QStringLiteral("timeout"), receive.timeout, 0ms, true);
        if (receive.correlate) {
            const bool correlatable = group.send.message
                && (group.send.message->uses(MessageTemplate::Placeholder::Uuid) || group.send.message->uses(MessageTemplate::Placeholder::Seq));
            if (!correlatable)
                m_reporter.value(childPath(QStringLiteral("correlate")),
                                 QStringLiteral("expected a send.template with {{uuid}} or {{seq}} for the server to echo (the requests are matched by it)"));
        }
    }

    void readChurn(const QJsonObject &churn, const QString &path, ChurnSettings &settings)
    {
        const bool hasRate = churn.contains(QLatin1String("rate"));
        const bool hasSession = churn.contains(QLatin1String("session"));
        if (hasRate == hasSession) {
            m_reporter.value(path, hasRate ? QStringLiteral("expected either \"rate\" or \"session\", got both")
                                           : QStringLiteral("expected \"rate\" (disconnects per second) or \"session\" (\"exponential\", \"fixed\" or \"uniform\"), got neither"));
            return;
        }
        QStringList shape;
        QString shapeName;
        const QString session = churn.value(QLatin1String("session")).toString();
        if (hasRate) {
            settings.kind = ChurnSettings::Kind::Rate;
            settings.disconnectsPerSecond = churn.value(QLatin1String("rate")).toDouble();
            shape = {QStringLiteral("rate")};
            shapeName = QStringLiteral("\"rate\" churn");
        } else if (session == u"exponential") {
            settings.kind = ChurnSettings::Kind::Exponential;
            shape = {QStringLiteral("session"), QStringLiteral("mean")};
        } else if (session == u"fixed") {
            settings.kind = ChurnSettings::Kind::Fixed;
            shape = {QStringLiteral("session"), QStringLiteral("length")};
        } else if (session == u"uniform") {
            settings.kind = ChurnSettings::Kind::Uniform;
            shape = {QStringLiteral("session"), QStringLiteral("min"), QStringLiteral("max")};
        } else {
            return; // not one of the enum: the schema said so
        }
        if (shapeName.isEmpty())
            shapeName = QStringLiteral("session \"%1\"").arg(session);
        for (const QString &key : keysInOrder(churn, path)) {
            if (!shape.contains(key)) {
                m_reporter.key(JsonSourceMap::childPath(path, key),
                               QStringLiteral("unknown key \"%1\" for %2 (expected one of: %3)").arg(key, shapeName, shape.join(QStringLiteral(", "))));
            }
        }
        for (const QString &key : std::as_const(shape)) {
            if (!churn.contains(key))
                m_reporter.value(JsonSourceMap::childPath(path, key), QStringLiteral("missing required key \"%1\" for %2").arg(key, shapeName));
        }
        auto length = [&](const QString &key) {
            const std::optional<milliseconds> value = duration(churn, path, key);
            if (value)
                atLeast(churn, path, key, *value, 0ms, true);
            return value.value_or(0ms);
        };
        switch (settings.kind) {
        case ChurnSettings::Kind::Exponential:
            settings.sessionLength = length(QStringLiteral("mean"));
            break;
        case ChurnSettings::Kind::Fixed:
            settings.sessionLength = length(QStringLiteral("length"));
            break;
        case ChurnSettings::Kind::Uniform:
            settings.sessionMin = length(QStringLiteral("min"));
            settings.sessionMax = length(QStringLiteral("max"));
            if (settings.sessionMax < settings.sessionMin)
                atLeast(churn, path, QStringLiteral("max"), settings.sessionMax, settings.sessionMin);
            break;
        default:
            break;
        }
    }

    void readFault(const QJsonObject &object, const QString &path, std::vector<FaultStep> &faults)
    {
        struct ActionShape
        {
            const char *name;
            FaultAction action;
            QStringList keys;      // besides "at" and "action"
            QStringList required;
        };
        static const QList<ActionShape> shapes{
            {"restart", FaultAction::Restart, {QStringLiteral("downtime")}, {}},
            {"dropConnections", FaultAction::DropConnections, {QStringLiteral("percent")}, {QStringLiteral("percent")}},
            {"latency", FaultAction::Latency, {QStringLiteral("latency"), QStringLiteral("jitter"), QStringLiteral("duration")}, {QStringLiteral("latency")}},
            {"dropMessages", FaultAction::DropMessages, {QStringLiteral("percent"), QStringLiteral("duration")}, {QStringLiteral("percent")}},
            {"ignorePings", FaultAction::IgnorePings, {QStringLiteral("duration")}, {}},
            {"stopReading", FaultAction::StopReading, {QStringLiteral("duration")}, {}},
            {"refuseConnections", FaultAction::RefuseConnections, {QStringLiteral("duration")}, {QStringLiteral("duration")}},
            {"killInstance", FaultAction::KillInstance, {QStringLiteral("instance"), QStringLiteral("downtime")}, {QStringLiteral("instance")}},
            {"brokerDown", FaultAction::BrokerDown, {QStringLiteral("duration"), QStringLiteral("mode")}, {QStringLiteral("duration")}},
            {"partitionInstance", FaultAction::PartitionInstance, {QStringLiteral("instance"), QStringLiteral("duration")}, {QStringLiteral("instance"), QStringLiteral("duration")}},
        };
        const QString actionName = object.value(QLatin1String("action")).toString();
        const auto shape = std::find_if(shapes.cbegin(), shapes.cend(), [&](const ActionShape &s) { return actionName == QLatin1String(s.name); });
        if (shape == shapes.cend())
            return; // missing or not in the enum: the schema said so

        FaultStep step;
        step.jsonPath = path;
        step.action = shape->action;
        const QStringList allowed = QStringList{QStringLiteral("at"), QStringLiteral("action")} + shape->keys;
        for (const QString &key : keysInOrder(object, path)) {
            if (!allowed.contains(key)) {
                m_reporter.key(JsonSourceMap::childPath(path, key),
                               QStringLiteral("unknown key \"%1\" for action \"%2\" (expected one of: %3)").arg(key, actionName, allowed.join(QStringLiteral(", "))));
            }
        }
        for (const QString &key : shape->required) {
            if (!object.contains(key))
                m_reporter.value(JsonSourceMap::childPath(path, key), QStringLiteral("missing required key \"%1\" for action \"%2\"").arg(key, actionName));
        }
        step.at = duration(object, path, QStringLiteral("at")).value_or(0ms);
        step.percent = object.value(QLatin1String("percent")).toDouble(0);
        step.instance = object.value(QLatin1String("instance")).toInt(0);
        step.brokerPaused = object.value(QLatin1String("mode")).toString(QStringLiteral("pause")) == u"pause";
        step.latency = duration(object, path, QStringLiteral("latency")).value_or(0ms);
        step.jitter = duration(object, path, QStringLiteral("jitter")).value_or(0ms);
        if (step.action == FaultAction::Restart || step.action == FaultAction::KillInstance) {
            step.duration = duration(object, path, QStringLiteral("downtime")).value_or(1000ms);
        } else {
            step.duration = duration(object, path, QStringLiteral("duration")).value_or(0ms);
            if (step.action == FaultAction::RefuseConnections && object.contains(QLatin1String("duration")))
                atLeast(object, path, QStringLiteral("duration"), step.duration, 0ms, true);
        }
        faults.push_back(step);
    }

    void readThresholds(const QJsonObject &object, std::vector<Threshold> &thresholds)
    {
        const QString path = QStringLiteral("$.thresholds");
        const QStringList known = Threshold::metricNames();
        for (const QString &metric : keysInOrder(object, path)) {
            if (!known.contains(metric))
                continue; // an unknown metric: the schema said so
            const QString metricPath = JsonSourceMap::childPath(path, metric);
            const QJsonValue value = object.value(metric);
            QJsonValue condition = value;
            QString conditionPath = metricPath;
            if (value.isObject()) {
                condition = value.toObject().value(QLatin1String("condition"));
                conditionPath = metricPath + QLatin1String(".condition");
            }
            if (!condition.isString())
                continue;
            QString expected;
            std::optional<Threshold> threshold = Threshold::parse(metric, condition.toString(), &expected);
            if (!threshold) {
                m_reporter.expected(conditionPath, expected, condition);
                continue;
            }
            threshold->jsonPath = metricPath;
            if (value.isObject()) {
                const QJsonObject settings = value.toObject();
                threshold->abortOnFail = settings.value(QLatin1String("abortOnFail")).toBool(false);
                threshold->delayAbortEval = duration(settings, metricPath, QStringLiteral("delayAbortEval")).value_or(0ms);
            }
            thresholds.push_back(*threshold);
        }
    }

    void checkUniqueNames(const QJsonArray &groups, const std::vector<Group> &built)
    {
        QHash<QString, QString> firstPath;
        for (const Group &group : built) {
            const auto found = firstPath.constFind(group.name);
            if (found == firstPath.cend()) {
                firstPath.insert(group.name, group.jsonPath);
                continue;
            }
            const qsizetype index = group.jsonPath.mid(9, group.jsonPath.size() - 10).toLongLong(); // "$.groups[N]"
            const bool explicitName = groups.at(index).toObject().contains(QLatin1String("name"));
            const QString namePath = explicitName ? group.jsonPath + QLatin1String(".name") : group.jsonPath;
            m_reporter.value(namePath, QStringLiteral("expected a unique group name, got \"%1\" (also the name of %2)").arg(group.name, *found));
        }
    }

    Reporter &m_reporter;
    QString m_baseDirectory;
    const JsonSourceMap *m_map = nullptr;
};

QString syntaxErrorMessage(const QJsonParseError &error)
{
    // What QJsonParseError's codes mean in "expected" terms, for when our scanner disagrees.
    switch (error.error) {
    case QJsonParseError::UnterminatedObject: return QStringLiteral("expected ',' or '}'");
    case QJsonParseError::MissingNameSeparator: return QStringLiteral("expected ':'");
    case QJsonParseError::UnterminatedArray: return QStringLiteral("expected ',' or ']'");
    case QJsonParseError::MissingValueSeparator: return QStringLiteral("expected ','");
    case QJsonParseError::IllegalValue: return QStringLiteral("expected a value");
    case QJsonParseError::TerminationByNumber: return QStringLiteral("expected more after the number");
    case QJsonParseError::IllegalNumber: return QStringLiteral("expected a number");
    case QJsonParseError::IllegalEscapeSequence: return QStringLiteral("expected a valid escape sequence");
    case QJsonParseError::IllegalUTF8String: return QStringLiteral("expected UTF-8 text");
    case QJsonParseError::UnterminatedString: return QStringLiteral("expected '\"' closing the string");
    case QJsonParseError::MissingObject: return QStringLiteral("expected an object");
    case QJsonParseError::DeepNesting: return QStringLiteral("expected less deeply nested values");
    case QJsonParseError::DocumentTooLarge: return QStringLiteral("expected a smaller document");
    case QJsonParseError::GarbageAtEnd: return QStringLiteral("expected end of file after the top-level value");
    default: return QStringLiteral("expected JSON (%1)").arg(error.errorString());
    }
}

} // namespace

QString LoadError::toString() const
{
    QString text = file;
    if (line > 0)
        text += QStringLiteral(":%1:%2").arg(line).arg(column);
    text += QStringLiteral(": ");
    if (!path.isEmpty())
        text += path + QStringLiteral(": ");
    return text + message;
}

QString LoadResult::errorText() const
{
    QStringList lines;
    for (const LoadError &error : errors)
        lines.append(error.toString());
    return lines.join(QLatin1Char('\n'));
}

LoadResult ScenarioLoader::loadFile(const QString &path)
{
    QFile file(path);
    LoadResult result;
    if (QFileInfo(path).isDir()) {
        result.errors.append({path, 0, 0, {}, QStringLiteral("expected a scenario file, got a directory")});
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.errors.append({path, 0, 0, {}, QStringLiteral("cannot read the file: %1").arg(file.errorString())});
        return result;
    }
    return loadJson(file.readAll(), path);
}

LoadResult ScenarioLoader::loadJson(const QByteArray &json, const QString &sourceName)
{
    LoadResult result;
    const JsonSourceMap map = JsonSourceMap::scan(json);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonParseError's offset points at or just after the offending token depending on the
        // error; our scanner knows the exact spot and what it expected there.
        if (map.hasSyntaxError()) {
            const JsonSourceMap::SyntaxError &error = map.syntaxError();
            result.errors.append({sourceName, error.position.line, error.position.column, {},
                                  QStringLiteral("JSON syntax error: expected %1, got %2").arg(error.expected, error.got)});
        } else {
            const JsonSourceMap::Position position = JsonSourceMap::positionOfOffset(json, parseError.offset);
            result.errors.append({sourceName, position.line, position.column, {},
                                  QStringLiteral("JSON syntax error: ") + syntaxErrorMessage(parseError)});
        }
        return result;
    }
    Reporter reporter(sourceName, map);
    if (!document.isObject()) {
        reporter.expected(QStringLiteral("$"), describeSchema({compiledSchema().root, QStringLiteral("$")}),
                          document.isArray() ? QJsonValue(document.array()) : QJsonValue());
        result.errors = reporter.take();
        return result;
    }
    const QJsonObject root = document.object();
    for (const JsonSourceMap::DuplicateKey &duplicate : map.duplicateKeys())
        reporter.key(duplicate.path, QStringLiteral("duplicate key \"%1\" (JSON keeps only the last one)").arg(duplicate.key));

    validateAgainstSchema(root, map, reporter);
    Builder builder(reporter);
    builder.setKeyOrder(&map);
    builder.setBaseDirectory(sourceName.startsWith(QLatin1Char(':')) ? QDir::currentPath() : QFileInfo(sourceName).absolutePath());
    Scenario built = builder.build(root);
    if (!reporter.isEmpty()) {
        result.errors = reporter.take();
        return result;
    }
    built.source = root;
    built.sourceFile = sourceName;
    result.scenario = std::move(built);
    return result;
}

QByteArray ScenarioLoader::schemaText()
{
    QFile file(schemaResource);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList ScenarioLoader::builtInScenarios()
{
    QStringList paths;
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        paths.append(dir.filePath(name));
    return paths;
}

} // namespace scenario
