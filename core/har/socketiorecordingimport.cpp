#include "socketiorecordingimport.h"

#include "credentialscrubber.h"
#include "harrecording.h"
#include "importnotes.h"
#include "recordedsocketiopacket.h"
#include "scriptclock.h"
#include "templatetext.h"
#include "urltext.h"
#include "message/jsonpath.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace {

// Engine.IO v4 long-polling payloads join packets with the record separator.
constexpr char recordSeparator = '\x1e';

using Packet = RecordedSocketIoPacket;

} // namespace

struct SocketIoRecordingImport::Item
{
    double time = 0;
    bool sent = false;
    bool binary = false;
    QByteArray data;
    QString where; // the frame's path in the HAR file
};

SocketIoRecordingImport::SocketIoRecordingImport(const HarConnection &connection, const QList<HarHttpRequest> &httpRequests,
                                                 QString groupPath, CredentialScrubber *scrubber, ImportNotes *notes)
    : m_connection(connection), m_httpRequests(httpRequests), m_path(std::move(groupPath)), m_scrubber(scrubber), m_notes(notes)
{
}

bool SocketIoRecordingImport::isSocketIo(const HarConnection &connection)
{
    if (UrlText::path(connection.url).contains(u"/socket.io/") && !UrlText::queryValue(connection.url, u"EIO").isNull())
        return true;
    // Without the default path: the packets give it away. The server's open packet, or the
    // client's CONNECT followed by events.
    bool connect = false;
    for (const HarFrame &frame : connection.frames) {
        if (frame.kind != HarFrame::Kind::Text)
            continue;
        if (!frame.isSent() && frame.data.startsWith("0{") && frame.data.contains("\"sid\"") && frame.data.contains("\"pingInterval\""))
            return true;
        if (frame.isSent() && (frame.data == "40" || frame.data.startsWith("40{") || frame.data.startsWith("40/")))
            connect = true;
        if (connect && frame.data.startsWith("42"))
            return true;
    }
    return false;
}

QList<SocketIoRecordingImport::Item> SocketIoRecordingImport::timeline()
{
    QList<Item> items;
    for (const HarFrame &frame : m_connection.frames) {
        if (frame.kind == HarFrame::Kind::Control) {
            m_notes->count(QStringLiteral("control frame (close, ping or pong): made by the WebSocket layer, not replayed"),
                           QStringLiteral("control frames (close, ping or pong): made by the WebSocket layer, not replayed"));
            continue;
        }
        items.append({frame.time, frame.isSent(), frame.kind == HarFrame::Kind::Binary, frame.data, frame.path});
    }
    m_origin = m_connection.origin();

    // The long-polling requests of the same Engine.IO session: same endpoint, and the session id
    // the WebSocket URL carries (sid=) in their query or, for the handshake, in the open packet.
    const QString sid = UrlText::queryValue(m_connection.url, u"sid");
    if (sid.isEmpty())
        return items;
    const QString endpoint = UrlText::endpoint(m_connection.url);
    const QByteArray sidMember = "\"sid\":\"" + sid.toUtf8() + '"';
    for (qsizetype i = 0; i < m_httpRequests.size(); ++i) {
        const HarHttpRequest &request = m_httpRequests.at(i);
        if (UrlText::endpoint(request.url) != endpoint || UrlText::queryValue(request.url, u"transport") != u"polling")
            continue;
        const QString requestSid = UrlText::queryValue(request.url, u"sid");
        if (requestSid.isNull() ? !request.responseBody.contains(sidMember) : requestSid != sid)
            continue;
        m_polling.append(i);
        if (std::isfinite(request.startedAt))
            m_origin = std::min(m_origin, request.startedAt);
        const QString where = QStringLiteral("$.log.entries") + JsonPath::indexText(request.entryIndex);
        // A POST carries the client's packets; a GET's response the server's (its POST answers "ok").
        const bool post = request.method.compare(u"POST", Qt::CaseInsensitive) == 0;
        const QByteArray &payload = post ? request.requestBody : request.responseBody;
        const double time = post ? request.startedAt : request.endedAt;
        for (const QByteArray &part : payload.split(recordSeparator)) {
            if (!part.isEmpty() && std::isfinite(time))
                items.append({time, post, false, part, where});
        }
    }
    std::stable_sort(items.begin(), items.end(), [](const Item &a, const Item &b) { return a.time < b.time; });
    return items;
}

QJsonObject SocketIoRecordingImport::group()
{
    const QList<Item> items = timeline();
    const ScriptClock clock(m_origin);

    QJsonObject group;
    group.insert(QStringLiteral("protocol"), QStringLiteral("socketio"));
    // The client adds EIO, transport and sid itself (and t, j, b64 are Engine.IO's own as well).
    const QString endpointUrl = UrlText::withoutQueryItems(
        UrlText::withHttpScheme(m_connection.url),
        {QStringLiteral("EIO"), QStringLiteral("transport"), QStringLiteral("sid"), QStringLiteral("t"), QStringLiteral("j"), QStringLiteral("b64")});
    group.insert(QStringLiteral("url"), m_scrubber->url(endpointUrl, m_path + QStringLiteral(".url")));
    const QString eio = UrlText::queryValue(m_connection.url, u"EIO");
    if (!eio.isNull() && eio != u"4") {
        m_notes->add(QStringLiteral("recorded with EIO=%1 (Socket.IO 2 or older); the socketio protocol speaks Engine.IO 4, "
                                    "which the server must accept (Socket.IO 3+, or allowEIO3)").arg(eio.left(8)));
    }

    // The transport: a WebSocket that joins a session begun over long-polling (sid= in its URL)
    // is an upgrade; one that opens its own session (the server's open packet on it) is not.
    const bool opensOnWebSocket = std::any_of(m_connection.frames.cbegin(), m_connection.frames.cend(), [](const HarFrame &frame) {
        return !frame.isSent() && frame.kind == HarFrame::Kind::Text && frame.data.startsWith("0{");
    });
    bool upgraded = !UrlText::queryValue(m_connection.url, u"sid").isEmpty();
    if (!upgraded && !opensOnWebSocket) {
        const QString endpoint = UrlText::endpoint(m_connection.url);
        upgraded = std::any_of(m_httpRequests.cbegin(), m_httpRequests.cend(), [&endpoint](const HarHttpRequest &request) {
            return UrlText::endpoint(request.url) == endpoint && UrlText::queryValue(request.url, u"transport") == u"polling";
        });
    }
    group.insert(QStringLiteral("transport"), upgraded ? QStringLiteral("polling-upgrade") : QStringLiteral("websocket"));

    QString nsp;                 // the group's namespace: that of the first CONNECT the client sent
    QJsonArray script;
    int pendingSent = 0;         // binary attachments still to come after a binary packet
    int pendingReceived = 0;
    for (const Item &item : items) {
        if (item.binary) {
            int &pending = item.sent ? pendingSent : pendingReceived;
            if (pending > 0) {
                --pending; // part of the binary packet before it, noted with it
                continue;
            }
            m_notes->count(QStringLiteral("binary frame outside a Socket.IO binary packet: not replayed"),
                           QStringLiteral("binary frames outside a Socket.IO binary packet: not replayed"));
            continue;
        }
        QString error;
        const std::optional<Packet> packet = Packet::parse(item.data, &error);
        if (!packet) {
            m_notes->list(QStringLiteral("frames that are not Socket.IO packets"),
                          QStringLiteral("frame %1 at %2 is not replayed: %3").arg(item.where, clock.seconds(item.time), error));
            continue;
        }
        switch (packet->engineType) {
        case Packet::EngineType::Open:
            m_notes->count(QStringLiteral("Engine.IO open packet: the protocol's handshake, not replayed"),
                           QStringLiteral("Engine.IO open packets: the protocol's handshake, not replayed"));
            continue;
        case Packet::EngineType::Ping:
        case Packet::EngineType::Pong:
            if (packet->engineData == "probe") {
                m_notes->count(QStringLiteral("Engine.IO probe/upgrade packet: made by the protocol's upgrade, not replayed"),
                               QStringLiteral("Engine.IO probe/upgrade packets: made by the protocol's upgrade, not replayed"));
            } else {
                m_notes->count(QStringLiteral("Engine.IO ping/pong packet: answered by the protocol, not replayed"),
                               QStringLiteral("Engine.IO ping/pong packets: answered by the protocol, not replayed"));
            }
            continue;
        case Packet::EngineType::Upgrade:
        case Packet::EngineType::Noop:
            m_notes->count(QStringLiteral("Engine.IO probe/upgrade packet: made by the protocol's upgrade, not replayed"),
                           QStringLiteral("Engine.IO probe/upgrade packets: made by the protocol's upgrade, not replayed"));
            continue;
        case Packet::EngineType::Close:
            m_notes->add(QStringLiteral("the %1 closed the Engine.IO session at %2; the scenario's session lasts until the run ends")
                             .arg(item.sent ? QStringLiteral("client") : QStringLiteral("server"), clock.seconds(item.time)));
            continue;
        case Packet::EngineType::Message:
            break;
        }

        if (packet->type == Packet::Type::Connect && item.sent && nsp.isNull()) {
            nsp = packet->nsp;
            if (nsp != u"/")
                group.insert(QStringLiteral("namespace"), nsp);
            if (packet->data.isObject()) {
                if (TemplateText::canWrite(packet->data)) {
                    group.insert(QStringLiteral("auth"), m_scrubber->json(packet->data, m_path + QStringLiteral(".auth"),
                                                                          CredentialScrubber::Scope::Credentials));
                } else {
                    m_notes->add(QStringLiteral("the CONNECT packet's auth contains \"{{\", which a template cannot write: "
                                                "auth is not set (%1)").arg(item.where));
                }
            }
            m_notes->count(QStringLiteral("Socket.IO CONNECT packet and answer: made by the protocol (namespace, auth)"),
                           QStringLiteral("Socket.IO CONNECT packets and answers: made by the protocol (namespace, auth)"));
            continue;
        }
        const QString groupNsp = nsp.isNull() ? QStringLiteral("/") : nsp;
        if (packet->nsp != groupNsp) {
            m_notes->count(QStringLiteral("packet in namespace %1: a socketio group joins one namespace (%2), not replayed").arg(packet->nsp, groupNsp),
                           QStringLiteral("packets in namespace %1: a socketio group joins one namespace (%2), not replayed").arg(packet->nsp, groupNsp));
            continue;
        }
        switch (packet->type) {
        case Packet::Type::Connect:
            m_notes->count(QStringLiteral("Socket.IO CONNECT packet and answer: made by the protocol (namespace, auth)"),
                           QStringLiteral("Socket.IO CONNECT packets and answers: made by the protocol (namespace, auth)"));
            break;
        case Packet::Type::ConnectError:
            m_notes->add(QStringLiteral("the server refused the CONNECT at %1: %2")
                             .arg(clock.seconds(item.time), packet->data.toObject().value(u"message").toString(packet->data.toString())));
            break;
        case Packet::Type::Disconnect:
            m_notes->add(QStringLiteral("the %1 left the namespace at %2 (DISCONNECT); the scenario's session stays until the run ends")
                             .arg(item.sent ? QStringLiteral("client") : QStringLiteral("server"), clock.seconds(item.time)));
            break;
        case Packet::Type::Ack:
        case Packet::Type::BinaryAck:
            (item.sent ? pendingSent : pendingReceived) = packet->attachments;
            if (item.sent) {
                m_notes->count(QStringLiteral("acknowledgement the client sent for a server event: not replayed"),
                               QStringLiteral("acknowledgements the client sent for server events: not replayed"));
            } else {
                m_notes->count(QStringLiteral("acknowledgement received: the protocol measures acks of emits with \"ack\": true"),
                               QStringLiteral("acknowledgements received: the protocol measures acks of emits with \"ack\": true"));
            }
            break;
        case Packet::Type::Event:
        case Packet::Type::BinaryEvent: {
            (item.sent ? pendingSent : pendingReceived) = packet->attachments;
            const QString name = packet->eventName();
            if (name.isEmpty()) {
                m_notes->list(QStringLiteral("events without a name"),
                              QStringLiteral("event at %1 has no name (data[0] is not a string): not replayed (%2)")
                                  .arg(clock.seconds(item.time), item.where));
                break;
            }
            const QString stepPath = m_path + QStringLiteral(".script") + JsonPath::indexText(script.size());
            if (!item.sent) {
                script.append(QJsonObject{{QStringLiteral("at"), clock.at(item.time)},
                                          {QStringLiteral("expect"), QJsonObject{{QStringLiteral("$event"), name}}},
                                          {QStringLiteral("timeout"), QStringLiteral("5s")}});
                break;
            }
            if (packet->type == Packet::Type::BinaryEvent) {
                m_notes->list(QStringLiteral("binary events"),
                              QStringLiteral("event '%1' at %2 carries binary attachments, which a script cannot send: not replayed")
                                  .arg(name, clock.seconds(item.time)));
                break;
            }
            QJsonArray args = packet->data.toArray();
            args.removeFirst();
            if (!TemplateText::canWrite(args) || !TemplateText::canWriteText(name)) {
                m_notes->list(QStringLiteral("events with \"{{\""),
                              QStringLiteral("event '%1' at %2 contains \"{{\", which a template reads as a placeholder and cannot "
                                             "write: not replayed").arg(name, clock.seconds(item.time)));
                break;
            }
            QJsonObject step{{QStringLiteral("at"), clock.at(item.time)},
                             {QStringLiteral("emit"), name},
                             {QStringLiteral("args"), m_scrubber->json(args, stepPath + QStringLiteral(".args"), CredentialScrubber::Scope::Message)}};
            // The browser asked for an acknowledgement: so does the replay (its round trip is measured).
            if (packet->id)
                step.insert(QStringLiteral("ack"), true);
            script.append(step);
            break;
        }
        }
    }
    if (nsp.isNull() && !items.isEmpty())
        m_notes->add(QStringLiteral("no CONNECT packet was recorded: the namespace is \"/\" and no auth is sent"));
    if (pendingSent > 0 || pendingReceived > 0)
        m_notes->add(QStringLiteral("the recording ends before all binary attachments of the last binary packet"));
    if (!script.isEmpty())
        group.insert(QStringLiteral("script"), script);
    return group;
}
