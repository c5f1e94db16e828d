#include "graphqlwsrecordingimport.h"

#include "credentialscrubber.h"
#include "graphqloperation.h"
#include "harrecording.h"
#include "importnotes.h"
#include "scriptclock.h"
#include "templatetext.h"
#include "urltext.h"
#include "message/jsonpath.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace {

// A subscribe message the client sent: what it ran and when.
struct Operation
{
    QString id;
    double time = 0;
    QString query;
    QJsonValue variables;     // Undefined when not sent
    QString operationName;
    GraphQlOperation operation;
    qsizetype responses = 0;  // next / error / complete received for its id
};

QStringList offeredSubprotocols(const HarConnection &connection)
{
    QStringList names;
    for (const QString &name : connection.header(u"Sec-WebSocket-Protocol").split(u','))
        names.append(name.trimmed());
    return names;
}

QString messageType(const HarFrame &frame, QJsonObject *message)
{
    if (frame.kind != HarFrame::Kind::Text)
        return {};
    const QJsonDocument document = QJsonDocument::fromJson(frame.data);
    *message = document.object();
    return message->value(u"type").toString();
}

// Every gap within half to twice the median: a client polling on a timer, not a user clicking.
bool isSteady(const QList<double> &gaps, double median)
{
    return median > 0 && std::all_of(gaps.cbegin(), gaps.cend(), [median](double gap) { return gap >= median / 2 && gap <= median * 2; });
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

} // namespace

GraphQlWsRecordingImport::GraphQlWsRecordingImport(const HarConnection &connection, QString groupPath, CredentialScrubber *scrubber,
                                                   ImportNotes *notes)
    : m_connection(connection), m_path(std::move(groupPath)), m_scrubber(scrubber), m_notes(notes)
{
}

bool GraphQlWsRecordingImport::isSubscriptionsTransportWs(const HarConnection &connection)
{
    if (offeredSubprotocols(connection).contains(QStringLiteral("graphql-ws")))
        return true;
    // Its own message types: start/stop from the client, data/ka from the server.
    for (const HarFrame &frame : connection.frames) {
        QJsonObject message;
        const QString type = messageType(frame, &message);
        if ((frame.isSent() && (type == u"start" || type == u"stop")) || (!frame.isSent() && (type == u"ka" || type == u"data")))
            return true;
    }
    return false;
}

bool GraphQlWsRecordingImport::isGraphQlWs(const HarConnection &connection)
{
    if (offeredSubprotocols(connection).contains(QStringLiteral("graphql-transport-ws")))
        return true;
    for (const HarFrame &frame : connection.frames) {
        if (!frame.isSent())
            continue;
        QJsonObject message;
        return messageType(frame, &message) == u"connection_init" && !isSubscriptionsTransportWs(connection);
    }
    return false;
}

QJsonObject GraphQlWsRecordingImport::group()
{
    QJsonObject group;
    group.insert(QStringLiteral("protocol"), QStringLiteral("graphql-ws"));
    group.insert(QStringLiteral("url"), m_scrubber->url(UrlText::withWebSocketScheme(m_connection.url), m_path + QStringLiteral(".url")));

    const ScriptClock clock(m_connection.origin());
    QList<Operation> operations;
    QHash<QString, qsizetype> byId; // the latest operation of each id
    double ackTime = std::numeric_limits<double>::quiet_NaN();
    bool initSeen = false;

    for (const HarFrame &frame : m_connection.frames) {
        if (frame.kind == HarFrame::Kind::Control) {
            m_notes->count(QStringLiteral("control frame (close, ping or pong): made by the WebSocket layer, not replayed"),
                           QStringLiteral("control frames (close, ping or pong): made by the WebSocket layer, not replayed"));
            continue;
        }
        QJsonObject message;
        const QString type = messageType(frame, &message);
        if (type.isEmpty()) {
            m_notes->count(QStringLiteral("frame that is not a graphql-transport-ws message (a JSON object with a type): not replayed"),
                           QStringLiteral("frames that are not graphql-transport-ws messages (a JSON object with a type): not replayed"));
            continue;
        }
        const QString id = message.value(u"id").toString();
        // PROTOCOL.md, "Message types".
        if (type == u"connection_init" || type == u"connection_ack") {
            if (type == u"connection_ack") {
                ackTime = frame.time;
            } else if (!initSeen) {
                initSeen = true;
                const QJsonValue payload = message.value(u"payload");
                if (payload.isObject() && !payload.toObject().isEmpty()) {
                    if (TemplateText::canWrite(payload)) {
                        group.insert(QStringLiteral("connectionInit"), m_scrubber->json(payload, m_path + QStringLiteral(".connectionInit"),
                                                                                        CredentialScrubber::Scope::Credentials));
                    } else {
                        m_notes->add(QStringLiteral("the connection_init payload contains \"{{\", which a template cannot write: "
                                                    "connectionInit is not set (%1)").arg(frame.path));
                    }
                }
            }
            m_notes->count(QStringLiteral("connection_init/connection_ack message: made by the protocol (connectionInit)"),
                           QStringLiteral("connection_init/connection_ack messages: made by the protocol (connectionInit)"));
        } else if (type == u"ping" || type == u"pong") {
            m_notes->count(QStringLiteral("ping/pong message: answered by the protocol, not replayed"),
                           QStringLiteral("ping/pong messages: answered by the protocol, not replayed"));
        } else if (frame.isSent() && type == u"subscribe") {
            const QJsonObject payload = message.value(u"payload").toObject();
            Operation operation;
            operation.id = id;
            operation.time = frame.time;
            operation.query = payload.value(u"query").toString();
            operation.variables = payload.value(u"variables");
            if (operation.variables.isNull())
                operation.variables = QJsonValue(QJsonValue::Undefined);
            operation.operationName = payload.value(u"operationName").toString();
            if (operation.query.isEmpty()) {
                m_notes->list(QStringLiteral("subscribe messages without a query"),
                              QStringLiteral("subscribe at %1 has no query text (a persisted query?): not replayed (%2)")
                                  .arg(clock.seconds(frame.time), frame.path));
                continue;
            }
            operation.operation = GraphQlOperation::find(operation.query, operation.operationName);
            byId.insert(id, operations.size());
            operations.append(operation);
        } else if (frame.isSent() && type == u"complete") {
            const auto it = byId.constFind(id);
            if (it != byId.constEnd() && operations.at(*it).operation.kind == GraphQlOperation::Kind::Subscription) {
                m_notes->add(QStringLiteral("%1 was completed by the client at %2; the scenario keeps it until the session ends")
                                 .arg(operations.at(*it).operation.toString(), clock.seconds(frame.time)));
            } else {
                m_notes->count(QStringLiteral("complete message: the protocol's, not replayed"),
                               QStringLiteral("complete messages: the protocol's, not replayed"));
            }
        } else if (!frame.isSent() && (type == u"next" || type == u"error" || type == u"complete")) {
            const auto it = byId.constFind(id);
            if (it == byId.constEnd()) {
                m_notes->count(QStringLiteral("answer for an operation that was not recorded: not expected"),
                               QStringLiteral("answers for operations that were not recorded: not expected"));
                continue;
            }
            Operation &operation = operations[*it];
            if (type == u"error") {
                const QString text = message.value(u"payload").toArray().at(0).toObject().value(u"message").toString();
                m_notes->list(QStringLiteral("errors"), QStringLiteral("the server answered %1 with an error at %2: %3")
                                                            .arg(operation.operation.toString(), clock.seconds(frame.time), text.left(200)));
            }
            if (type == u"complete")
                m_notes->count(QStringLiteral("complete message: the protocol's, not replayed"),
                               QStringLiteral("complete messages: the protocol's, not replayed"));
            else
                ++operation.responses;
        } else {
            m_notes->count(QStringLiteral("message of a type graphql-transport-ws does not have: not replayed"),
                           QStringLiteral("messages of types graphql-transport-ws does not have: not replayed"));
        }
    }

    // Subscriptions: each distinct one once, subscribed right after connection_ack.
    QJsonArray subscribe;
    QSet<QByteArray> subscribed;
    bool allNamed = true;
    QStringList names;
    for (const Operation &operation : std::as_const(operations)) {
        if (operation.operation.kind != GraphQlOperation::Kind::Subscription)
            continue;
        const QString label = operation.operation.toString();
        if (operation.responses > 0) {
            m_notes->count(QStringLiteral("next message of %1: read by receive, not expected one by one").arg(label),
                           QStringLiteral("next messages of %1: read by receive, not expected one by one").arg(label),
                           operation.responses);
        }
        const QJsonObject key{{QStringLiteral("q"), operation.query}, {QStringLiteral("v"), operation.variables},
                              {QStringLiteral("n"), operation.operationName}};
        const QByteArray keyText = QJsonDocument(key).toJson(QJsonDocument::Compact);
        if (subscribed.contains(keyText)) {
            m_notes->count(QStringLiteral("repeated subscribe of the same subscription: subscribed once"),
                           QStringLiteral("repeated subscribes of the same subscriptions: subscribed once"));
            continue;
        }
        if (!TemplateText::canWriteText(operation.query) || !TemplateText::canWrite(operation.variables)
            || !TemplateText::canWriteText(operation.operationName)) {
            m_notes->list(QStringLiteral("operations with \"{{\""),
                          QStringLiteral("%1 at %2 contains \"{{\", which a template cannot write: not replayed")
                              .arg(label, clock.seconds(operation.time)));
            continue;
        }
        subscribed.insert(keyText);
        const QString entryPath = m_path + QStringLiteral(".subscribe") + JsonPath::indexText(subscribe.size());
        QJsonObject entry{{QStringLiteral("query"), operation.query}};
        if (!operation.variables.isUndefined()) {
            entry.insert(QStringLiteral("variables"), m_scrubber->json(operation.variables, entryPath + QStringLiteral(".variables"),
                                                                       CredentialScrubber::Scope::Message));
        }
        if (!operation.operationName.isEmpty()) {
            entry.insert(QStringLiteral("operationName"), operation.operationName);
            if (!names.contains(operation.operationName))
                names.append(operation.operationName);
        } else {
            allNamed = false;
        }
        subscribe.append(entry);
        if (std::isfinite(ackTime) && operation.time - ackTime > 1.0) {
            m_notes->add(QStringLiteral("%1 was subscribed at %2, %3 after connection_ack; the scenario subscribes right after it")
                             .arg(label, clock.seconds(operation.time), ScriptClock(ackTime).seconds(operation.time)));
        }
    }
    if (!subscribe.isEmpty())
        group.insert(QStringLiteral("subscribe"), subscribe);
    // $event is a subscription's operationName (or "subscription N" when it has none): matching
    // by name only works when every subscription has one.
    if (!subscribe.isEmpty() && allNamed) {
        QJsonValue condition = names.first();
        if (names.size() > 1) {
            QStringList escaped;
            for (const QString &name : std::as_const(names))
                escaped.append(QRegularExpression::escape(name));
            condition = QJsonObject{{QStringLiteral("regex"), QStringLiteral("^(%1)$").arg(escaped.join(u'|'))}};
        }
        group.insert(QStringLiteral("receive"), QJsonObject{{QStringLiteral("match"), QJsonObject{{QStringLiteral("$event"), condition}}}});
    } else if (!subscribe.isEmpty()) {
        m_notes->add(QStringLiteral("not every subscription has an operationName: receive reads the next messages of all of them (no match)"));
    }

    // Queries and mutations: one repeated on a clock becomes the group's send; the rest are listed.
    QList<QString> texts; // distinct one-shot query texts in order of first use
    QHash<QString, QList<qsizetype>> sends;
    for (qsizetype i = 0; i < operations.size(); ++i) {
        if (operations.at(i).operation.kind == GraphQlOperation::Kind::Subscription)
            continue;
        if (!sends.contains(operations.at(i).query))
            texts.append(operations.at(i).query);
        sends[operations.at(i).query].append(i);
    }
    QString chosen;
    double chosenGap = 0;
    for (const QString &text : std::as_const(texts)) {
        const QList<qsizetype> &indexes = sends.value(text);
        if (indexes.size() < 2 || (!chosen.isNull() && indexes.size() <= sends.value(chosen).size()))
            continue;
        QList<double> gaps;
        for (qsizetype i = 1; i < indexes.size(); ++i)
            gaps.append(operations.at(indexes.at(i)).time - operations.at(indexes.at(i - 1)).time);
        const double gap = median(gaps);
        const Operation &first = operations.at(indexes.first());
        if (isSteady(gaps, gap) && TemplateText::canWriteText(text) && TemplateText::canWrite(first.variables)
            && TemplateText::canWriteText(first.operationName)) {
            chosen = text;
            chosenGap = gap;
        }
    }
    for (const QString &text : std::as_const(texts)) {
        const QList<qsizetype> &indexes = sends.value(text);
        const Operation &first = operations.at(indexes.first());
        const QString label = first.operation.toString();
        qsizetype responses = 0;
        for (const qsizetype index : indexes)
            responses += operations.at(index).responses;
        if (text == chosen) {
            // Three significant digits: "every 1.00 s" is rate 1, not 0.99960016.
            const double rate = QString::number(1.0 / chosenGap, 'g', 3).toDouble();
            QJsonObject send{{QStringLiteral("rate"), rate}, {QStringLiteral("query"), text}};
            if (!first.variables.isUndefined()) {
                send.insert(QStringLiteral("variables"), m_scrubber->json(first.variables, m_path + QStringLiteral(".send.variables"),
                                                                          CredentialScrubber::Scope::Message));
            }
            if (!first.operationName.isEmpty())
                send.insert(QStringLiteral("operationName"), first.operationName);
            group.insert(QStringLiteral("send"), send);
            m_notes->add(QStringLiteral("%1 was sent %2 times, every %3 s (median): it is the group's send (rate %4/s, the first one's "
                                        "variables); its %5 answers are measured as round trips")
                             .arg(label).arg(indexes.size()).arg(chosenGap, 0, 'f', 2).arg(rate).arg(responses));
            continue;
        }
        if (indexes.size() == 1) {
            m_notes->list(QStringLiteral("one-shot operations"),
                          QStringLiteral("%1 at %2: one-shot operations are not replayed; add it as send.query to run it on the clock")
                              .arg(label, clock.seconds(first.time)));
        } else {
            m_notes->list(QStringLiteral("one-shot operations"),
                          QStringLiteral("%1 was sent %2 times (first at %3)%4: not replayed; add it as send.query to run it on the clock")
                              .arg(label).arg(indexes.size()).arg(clock.seconds(first.time),
                                   chosen.isNull() ? QStringLiteral(" at uneven gaps") : QStringLiteral(", and the group's send is another operation")));
        }
        if (responses > 0) {
            m_notes->count(QStringLiteral("answer (next/error) to a query or mutation that is not replayed: not expected"),
                           QStringLiteral("answers (next/error) to queries and mutations that are not replayed: not expected"), responses);
        }
    }
    return group;
}
