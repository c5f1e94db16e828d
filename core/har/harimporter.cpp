#include "harimporter.h"

#include "credentialscrubber.h"
#include "graphqlwsrecordingimport.h"
#include "harreader.h"
#include "importnotes.h"
#include "scriptclock.h"
#include "socketiorecordingimport.h"
#include "templatetext.h"
#include "urltext.h"
#include "wsrecordingimport.h"
#include "message/jsonpath.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSet>

#include <cmath>

namespace {

// Request headers worth replaying: the browser's own handshake headers (Sec-WebSocket-Key,
// User-Agent, Accept-Language, ...) are the client's business, but a server may check the
// Origin and read the session from a cookie or an Authorization header.
const QStringList keptHeaders = {QStringLiteral("Origin"), QStringLiteral("Cookie"), QStringLiteral("Authorization")};

// "/socket.io/" -> "socket.io-0", "/api/v2/stream" -> "api-v2-stream-1".
QString groupName(const HarConnection &connection, qsizetype index)
{
    QString name;
    for (const QChar c : UrlText::path(connection.url)) {
        if (c.isLetterOrNumber() || c == u'.' || c == u'_' || c == u'-')
            name.append(c);
        else if (!name.isEmpty() && !name.endsWith(u'-'))
            name.append(u'-');
    }
    while (name.endsWith(u'-'))
        name.chop(1);
    if (name.isEmpty())
        name = UrlText::endpoint(connection.url).section(u'/', 0, 0).section(u'@', -1).section(u':', 0, 0);
    if (name.isEmpty())
        name = QStringLiteral("ws");
    return name.left(60) + u'-' + QString::number(index);
}

// Whether delivery.lost has something to count in this group: a script expect (one not met in
// time is lost), an emit that asks for an ack, or a graphql-ws send (unanswered ones are lost).
bool checksDelivery(const QJsonObject &group)
{
    if (group.value(u"protocol") == QJsonValue(QStringLiteral("graphql-ws")) && group.contains(u"send"))
        return true;
    const QJsonArray script = group.value(u"script").toArray();
    return std::any_of(script.begin(), script.end(), [](const QJsonValue &step) {
        return step.toObject().contains(u"expect") || step.toObject().value(u"ack").toBool();
    });
}

QString counted(qsizetype count, const char *singular, const char *plural)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1StringView(count == 1 ? singular : plural));
}

} // namespace

HarImport HarImporter::importRecording(const QByteArray &har, const QString &fileName)
{
    HarImport result;
    const std::optional<HarRecording> recording = HarReader::read(har, &result.errors);
    if (!recording)
        return result;
    if (recording->connections.isEmpty()) {
        result.errors.append({QStringLiteral("$.log.entries"),
                              QStringLiteral("no WebSocket connection in the recording (an entry with _resourceType \"websocket\", "
                                             "a ws:// or wss:// URL or a 101 response); record with the DevTools Network panel "
                                             "open before the page connects")});
        return result;
    }

    CredentialScrubber scrubber;
    QJsonArray groups;
    QSet<qsizetype> pollingUsed;
    double longest = 0;
    bool checked = false;
    for (qsizetype i = 0; i < recording->connections.size(); ++i) {
        const HarConnection &connection = recording->connections.at(i);
        const QString groupPath = QStringLiteral("$.groups") + JsonPath::indexText(i);
        const QString name = groupName(connection, i);
        ImportNotes notes(QStringLiteral("%1 (%2)").arg(groupPath, name));
        QJsonObject group;
        double origin = connection.origin();
        if (SocketIoRecordingImport::isSocketIo(connection)) {
            SocketIoRecordingImport socketIo(connection, recording->httpRequests, groupPath, &scrubber, &notes);
            group = socketIo.group();
            origin = socketIo.origin();
            for (const qsizetype request : socketIo.pollingRequests())
                pollingUsed.insert(request);
        } else if (GraphQlWsRecordingImport::isGraphQlWs(connection)) {
            group = GraphQlWsRecordingImport(connection, groupPath, &scrubber, &notes).group();
        } else {
            if (GraphQlWsRecordingImport::isSubscriptionsTransportWs(connection)) {
                notes.add(QStringLiteral("the older subscriptions-transport-ws protocol (subprotocol graphql-ws): replayed frame by "
                                         "frame as a ws group, since the graphql-ws protocol speaks graphql-transport-ws"));
            }
            group = WsRecordingImport(connection, groupPath, &scrubber, &notes).group();
        }
        // RFC 6455 4.1: anything but 101 is a refused handshake (Chrome writes 0 when it has no answer).
        if (connection.responseStatus != 0 && connection.responseStatus != 101) {
            notes.add(QStringLiteral("the recorded handshake was answered HTTP %1, not 101: the server refused it then")
                          .arg(connection.responseStatus));
        }
        if (!connection.hasMessageList) {
            notes.add(QStringLiteral("the recording has no messages for this connection (no _webSocketMessages; Firefox's HAR "
                                     "export leaves them out): only the connection is replayed"));
        } else if (connection.frames.isEmpty()) {
            notes.add(QStringLiteral("the connection carried no messages: only the connection is replayed"));
        }
        if (connection.framesBeyondCap > 0) {
            notes.add(QStringLiteral("only the first %1 of %2 recorded messages were imported; the rest are not replayed")
                          .arg(HarReader::maxFrames).arg(HarReader::maxFrames + connection.framesBeyondCap));
        }

        const QString url = group.value(u"url").toString();
        if (url.contains(u"{{")) {
            group.insert(QStringLiteral("url"), UrlText::withoutPlaceholderBraces(url));
            notes.add(QStringLiteral("the URL's braces are percent-encoded (%7B, %7D): \"{{\" in a url is a placeholder"));
        }
        group.insert(QStringLiteral("name"), name);
        group.insert(QStringLiteral("clients"), 1);
        QJsonObject headers;
        for (const auto &recorded : connection.requestHeaders) {
            const QString &header = recorded.first;
            const QString &value = recorded.second;
            const bool kept = std::any_of(keptHeaders.cbegin(), keptHeaders.cend(),
                                          [&header](const QString &wanted) { return wanted.compare(header, Qt::CaseInsensitive) == 0; });
            if (!kept || headers.contains(header))
                continue;
            if (!TemplateText::canWriteText(value)) {
                notes.add(QStringLiteral("request header %1 contains \"{{\", which a template cannot write: not sent").arg(header));
                continue;
            }
            const QString headerPath = groupPath + QStringLiteral(".headers") + JsonPath::keyText(header);
            headers.insert(header, scrubber.headerValue(header, value, headerPath));
        }
        if (!headers.isEmpty())
            group.insert(QStringLiteral("headers"), headers);
        checked = checked || checksDelivery(group);
        groups.append(group);
        longest = std::max(longest, ScriptClock(origin).milliseconds(connection.lastTime()) / 1000.0);
        result.notReplayed.append(notes.lines());
    }

    // The HTTP requests: counted, never replayed; Engine.IO's long-polling requests were read as
    // the start of their Socket.IO connections.
    qsizetype otherPolling = 0;
    for (qsizetype i = 0; i < recording->httpRequests.size(); ++i) {
        if (!pollingUsed.contains(i) && UrlText::queryValue(recording->httpRequests.at(i).url, u"transport") == u"polling")
            ++otherPolling;
    }
    if (!pollingUsed.isEmpty()) {
        result.notReplayed.append(QStringLiteral("%1: read as the start of their Socket.IO connections; the socketio protocol "
                                                 "makes its own handshake").arg(counted(pollingUsed.size(), "Engine.IO long-polling request",
                                                                                        "Engine.IO long-polling requests")));
    }
    if (otherPolling > 0) {
        result.notReplayed.append(QStringLiteral("%1 of a session that never upgraded to WebSocket: not replayed (a socketio group "
                                                 "with \"transport\": \"polling\" would replay it)")
                                      .arg(counted(otherPolling, "Engine.IO long-polling request", "Engine.IO long-polling requests")));
    }
    const qsizetype http = recording->httpRequests.size() - pollingUsed.size() - otherPolling;
    if (http > 0)
        result.notReplayed.append(QStringLiteral("%1 not replayed").arg(counted(http, "HTTP request was", "HTTP requests were")));

    const QFileInfo file(fileName);
    QString scenarioName = recording->pageTitle;
    if (scenarioName.isEmpty())
        scenarioName = file.completeBaseName();
    if (scenarioName.isEmpty())
        scenarioName = QStringLiteral("imported recording");
    QJsonObject scenario{
        {QStringLiteral("name"), scenarioName},
        {QStringLiteral("description"), QStringLiteral("Imported from %1 (%2)")
                                            .arg(file.fileName(), counted(groups.size(), "connection", "connections"))},
        // The longest connection as recorded, and time for its last expects to be met.
        {QStringLiteral("duration"), QStringLiteral("%1s").arg(qint64(std::ceil(std::max(0.0, longest))) + 5)},
        {QStringLiteral("groups"), groups},
    };
    if (checked) {
        // docs/scenarios.md "Thresholds": every expected message came.
        scenario.insert(QStringLiteral("thresholds"), QJsonObject{{QStringLiteral("delivery.lost"), QStringLiteral("==0")}});
    } else {
        result.notReplayed.append(QStringLiteral("no delivery.lost threshold: nothing imported expects a message or an answer, "
                                                 "and a threshold that checks nothing fails"));
    }
    scrubber.sweep(&scenario);
    result.scenario = scenario;
    result.connections = groups.size();
    result.toFillIn = scrubber.toFillIn();
    return result;
}
