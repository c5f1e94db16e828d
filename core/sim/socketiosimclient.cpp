#include "sim/socketiosimclient.h"

#include "message/receivedmessage.h"
#include "sim/clientpool.h"
#include "socketio/engineioclient.h"
#include "socketio/socketiobinaryassembler.h"
#include "socketio/socketiopacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// A message with attachments larger than this together is an error (and is not kept).
constexpr qint64 maxAttachmentBytes = 64 * 1024 * 1024;

// How a namespace's failure reads in the report: "connect_error: invalid token".
QString connectErrorOutcome(const QJsonValue &data)
{
    QString message = data.isObject() ? data.toObject().value(QLatin1String("message")).toString() : data.toString();
    message = message.simplified().left(64);
    return message.isEmpty() ? QStringLiteral("connect_error") : QStringLiteral("connect_error: %1").arg(message);
}

} // namespace

SocketIoSimClient::SocketIoSimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed)
    : SimClient(pool, groupIndex, clientIndex, seed)
{
    const QString nameSpace = group().socketIo->nameSpace;
    // Socket.IO protocol v5, "Format": the namespace is written only when it is not "/".
    if (nameSpace != QLatin1String("/"))
        m_namespacePrefix = nameSpace.toUtf8() + ',';
}

SocketIoSimClient::~SocketIoSimClient()
{
    discardTransport(m_engine);
}

QByteArray SocketIoSimClient::endpoint()
{
    url(); // renders the group's url for this connection
    const QByteArray rendered = renderedUrl();
    const QByteArray target = requestTarget(); // its path and query, as rendered
    // RFC 3986 3: scheme "://" authority, up to the first "/", "?" or "#".
    qsizetype originEnd = rendered.indexOf("://") + 3;
    while (originEnd < rendered.size() && rendered[originEnd] != '/' && rendered[originEnd] != '?' && rendered[originEnd] != '#')
        ++originEnd;
    const QByteArray origin = rendered.left(originEnd);
    const qsizetype question = target.indexOf('?');
    QByteArray path = question < 0 ? target : target.left(question);
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question);
    const scenario::SocketIoSettings &settings = *group().socketIo;
    if (!settings.path.isEmpty())
        path = settings.path.toUtf8();
    else if (path.isEmpty() || path == "/")
        path = QByteArrayLiteral("/socket.io/");
    return origin + path + query;
}

void SocketIoSimClient::openTransport()
{
    discardTransport(m_engine);
    if (m_assembler)
        m_assembler->reset();
    m_connected = false;
    m_engine = new EngineIoClient(this);
    EngineIoClient::Options options;
    options.url = endpoint();
    options.headers = requestHeaders();
    switch (group().socketIo->transport) {
    case scenario::SocketIoSettings::Transport::PollingUpgrade: options.transport = EngineIoClient::Transport::PollingUpgrade; break;
    case scenario::SocketIoSettings::Transport::WebSocket: options.transport = EngineIoClient::Transport::WebSocket; break;
    case scenario::SocketIoSettings::Transport::Polling: options.transport = EngineIoClient::Transport::Polling; break;
    }
    options.acceptSelfSigned = pool().target().acceptSelfSignedCertificates;
    options.sourceAddress = sourceAddress();
    options.timers = &pool().timers();

    connect(m_engine, &EngineIoClient::opened, this, &SocketIoSimClient::onEngineOpened);
    connect(m_engine, &EngineIoClient::textReceived, this, &SocketIoSimClient::onText);
    connect(m_engine, &EngineIoClient::binaryReceived, this, &SocketIoSimClient::onBinary);
    connect(m_engine, &EngineIoClient::closed, this, &SocketIoSimClient::onEngineClosed);
    connect(m_engine, &EngineIoClient::failed, this, [this](const QString &why, const QString &outcome) {
        discardTransport(m_engine);
        transportFailed(why, outcome);
    });
    connect(m_engine, &EngineIoClient::packetSent, this, [this](const QByteArray &encoded) {
        tapFrame(FrameRecord::Direction::ClientToServer, FrameRecord::Protocol::WebSocket, encoded);
    });
    connect(m_engine, &EngineIoClient::packetReceived, this, [this](const QByteArray &encoded) {
        tapFrame(FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::WebSocket, encoded);
    });
    m_engine->open(options);
}

void SocketIoSimClient::onEngineOpened()
{
    // Socket.IO protocol v5, "Connection to a namespace": CONNECT with the auth payload.
    QByteArray packet = "0" + m_namespacePrefix;
    if (const std::optional<MessageTemplate> &auth = group().socketIo->auth)
        packet += render(*auth, 0);
    if (m_engine->sendText(packet))
        bytesSent(packet.size());
}

void SocketIoSimClient::onText(const QByteArray &text)
{
    QString error;
    std::optional<SocketIoPacket> packet = SocketIoPacket::parse(text, &error);
    if (!packet) {
        errorReceived(); // a packet we cannot read: counted, the session goes on
        return;
    }
    if (packet->attachments > 0) {
        // BINARY_EVENT / BINARY_ACK: the attachments follow as binary messages.
        if (!m_assembler)
            m_assembler = std::make_unique<SocketIoBinaryAssembler>(maxAttachmentBytes);
        if (m_assembler->addPacket(std::move(*packet)).status == SocketIoBinaryAssembler::Result::Status::Failed)
            errorReceived();
        return;
    }
    onPacket(*packet, text.size());
}

void SocketIoSimClient::onBinary(const QByteArray &bytes)
{
    if (!m_assembler) {
        errorReceived(); // an attachment nobody announced
        return;
    }
    SocketIoBinaryAssembler::Result result = m_assembler->addAttachment(bytes);
    if (result.status == SocketIoBinaryAssembler::Result::Status::Failed)
        errorReceived();
    else if (result.status == SocketIoBinaryAssembler::Result::Status::Complete)
        onPacket(result.packet, qsizetype(result.attachmentBytes));
}

void SocketIoSimClient::onPacket(const SocketIoPacket &packet, qsizetype bytes)
{
    if (packet.nsp != group().socketIo->nameSpace)
        return; // another namespace multiplexed on this connection
    switch (packet.type) {
    case SocketIoPacket::Type::Connect:
        if (!m_connected) {
            m_connected = true;
            transportOpened();
        }
        return;
    case SocketIoPacket::Type::ConnectError: {
        const QString outcome = connectErrorOutcome(packet.data);
        discardTransport(m_engine);
        transportFailed(outcome, outcome);
        return;
    }
    case SocketIoPacket::Type::Disconnect:
        // The server disconnected this socket from the namespace ("io server disconnect").
        discardTransport(m_engine);
        transportClosed(CloseKind::Unexpected, QStringLiteral("server disconnect"));
        return;
    case SocketIoPacket::Type::Ack:
    case SocketIoPacket::Type::BinaryAck:
        if (packet.id)
            answerReceived(QString::number(*packet.id));
        return;
    case SocketIoPacket::Type::Event:
    case SocketIoPacket::Type::BinaryEvent: {
        QJsonArray args = packet.data.toArray();
        ReceivedMessage message;
        message.event = args.isEmpty() ? QString() : args.first().toString();
        if (!args.isEmpty())
            args.removeFirst();
        message.root = QJsonObject{{QStringLiteral("event"), message.event},
                                   {QStringLiteral("args"), args},
                                   {QStringLiteral("namespace"), packet.nsp}};
        ruleMessageReceived(message, bytes);
        return;
    }
    }
}

void SocketIoSimClient::onEngineClosed(const QString &outcome)
{
    discardTransport(m_engine);
    transportClosed(CloseKind::Unexpected, outcome);
}

bool SocketIoSimClient::emitEvent(const QByteArray &eventArray, const QByteArray &ackId)
{
    if (!m_engine || !m_engine->isOpen())
        return false;
    // Socket.IO protocol v5, "Sending and receiving data": 2[/nsp,][id]["event",args...].
    QByteArray packet;
    packet.reserve(eventArray.size() + m_namespacePrefix.size() + ackId.size() + 1);
    packet += '2';
    packet += m_namespacePrefix;
    packet += ackId;
    packet += eventArray;
    if (!m_engine->sendText(packet))
        return false;
    bytesSent(packet.size());
    return true;
}

bool SocketIoSimClient::sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind)
{
    Q_UNUSED(kind); // always a JSON array: ScenarioLoader builds emits that way
    return emitEvent(bytes, {});
}

QString SocketIoSimClient::sendExpectingAnswer(const QByteArray &bytes, MessageTemplate::Kind kind)
{
    Q_UNUSED(kind);
    const QByteArray id = QByteArray::number(m_nextAckId);
    if (!emitEvent(bytes, id))
        return {};
    ++m_nextAckId;
    return QString::fromLatin1(id);
}

void SocketIoSimClient::disconnectNamespace()
{
    // Socket.IO protocol v5, "Disconnection from a namespace", then Engine.IO's close.
    if (m_engine && m_engine->isOpen() && m_connected)
        m_engine->sendText("1" + m_namespacePrefix);
    if (m_engine)
        m_engine->close();
}

void SocketIoSimClient::closeTransport()
{
    disconnectNamespace();
    discardTransport(m_engine);
    transportClosed(CloseKind::ByClient);
}

void SocketIoSimClient::leaveTransport()
{
    disconnectNamespace();
    discardTransport(m_engine);
}

void SocketIoSimClient::abortTransport()
{
    discardTransport(m_engine);
}
