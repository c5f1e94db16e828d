#include "manual/socketiomanualsession.h"

#include "inspect/framedecoder.h"
#include "sim/timerqueue.h"
#include "socketio/socketiobinaryassembler.h"
#include "socketio/socketiopacket.h"

#include <QJsonDocument>
#include <QPointer>

namespace {

// A received message with attachments larger than this together is refused (and not kept).
constexpr qint64 maxAttachmentBytes = 64 * 1024 * 1024;

QString connectErrorMessage(const QJsonValue &data)
{
    // Socket.IO protocol v5, "CONNECT_ERROR": {"message": ..., "data": ...}; a string before v5.
    return data.isObject() ? data.toObject().value(QLatin1String("message")).toString() : data.toString();
}

} // namespace

SocketIoManualSession::SocketIoManualSession(QObject *parent)
    : ManualSession(parent)
    , m_timers(new TimerQueue(this))
{
    m_clock.start();
}

SocketIoManualSession::~SocketIoManualSession()
{
    // A tab that goes away while connected leaves the way a browser tab's client does.
    if (m_engine && m_engine->isOpen())
        close();
    dropEngine();
}

QString SocketIoManualSession::checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.isEmpty())
        return tr("the URL is not valid");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https") && scheme != QLatin1String("ws")
        && scheme != QLatin1String("wss"))
        return tr("a Socket.IO URL starts with http://, https://, ws:// or wss://");
    if (url.host().isEmpty())
        return tr("the URL has no host");
    return {};
}

QString SocketIoManualSession::checkNamespace(const QString &nsp)
{
    if (!SocketIoPacket::isNamespace(nsp))
        return tr("a namespace starts with \"/\" and has no comma (\"/\", \"/chat\")");
    return {};
}

QUrl SocketIoManualSession::endpointFor(const QUrl &url)
{
    QUrl endpoint = url.adjusted(QUrl::RemoveFragment);
    // socket.io's `path` option defaults to "/socket.io/" (the server's and the client's).
    if (endpoint.path().isEmpty() || endpoint.path() == QLatin1String("/"))
        endpoint.setPath(QStringLiteral("/socket.io/"));
    return endpoint;
}

QString SocketIoManualSession::transportName(Transport transport)
{
    switch (transport) {
    case Transport::PollingUpgrade: return QStringLiteral("polling \u2192 websocket");
    case Transport::WebSocket: return QStringLiteral("websocket");
    case Transport::Polling: return QStringLiteral("polling");
    }
    return {};
}

QString SocketIoManualSession::transportName() const
{
    if (!m_engine)
        return {};
    return m_engine->onWebSocket() ? QStringLiteral("websocket") : QStringLiteral("polling");
}

const EngineIoHandshake &SocketIoManualSession::engineHandshake() const
{
    static const EngineIoHandshake none;
    return m_engine ? m_engine->handshake() : none;
}

QByteArray SocketIoManualSession::namespacePrefix() const
{
    // Socket.IO protocol v5, "Packet encoding": the namespace is written only when it is not "/".
    return m_options.nameSpace == QLatin1String("/") ? QByteArray() : m_options.nameSpace.toUtf8() + ',';
}

bool SocketIoManualSession::open(const Options &options)
{
    dropEngine();
    setState(State::Unconnected);
    if (const QString problem = checkUrl(options.url); !problem.isEmpty()) {
        reportError(tr("Cannot connect to \"%1\": %2").arg(options.url.toString(), problem));
        return false;
    }
    if (const QString problem = checkNamespace(options.nameSpace); !problem.isEmpty()) {
        reportError(tr("Cannot connect to namespace \"%1\": %2").arg(options.nameSpace, problem));
        return false;
    }
    m_options = options;
    m_hasOptions = true;
    start();
    return true;
}

bool SocketIoManualSession::reconnect()
{
    if (!m_hasOptions)
        return false;
    return open(Options(m_options));
}

void SocketIoManualSession::start()
{
    m_socketId.clear();
    m_pendingAcks.clear();
    m_binaryAwaited = 0;
    if (m_assembler)
        m_assembler->reset();
    m_engine = new EngineIoClient(this);
    EngineIoClient::Options engine;
    engine.url = endpointFor(m_options.url).toEncoded();
    engine.headers = m_options.headers;
    engine.transport = m_options.transport;
    engine.acceptSelfSigned = m_options.ignoreCertificateErrors;
    engine.timers = m_timers;
    connect(m_engine, &EngineIoClient::opened, this, &SocketIoManualSession::onEngineOpened);
    connect(m_engine, &EngineIoClient::packetSent, this, &SocketIoManualSession::onPacketSent);
    connect(m_engine, &EngineIoClient::packetReceived, this, &SocketIoManualSession::onPacketReceived);
    connect(m_engine, &EngineIoClient::textReceived, this, &SocketIoManualSession::onText);
    connect(m_engine, &EngineIoClient::binaryReceived, this, &SocketIoManualSession::onBinary);
    connect(m_engine, &EngineIoClient::closed, this, &SocketIoManualSession::onEngineClosed);
    connect(m_engine, &EngineIoClient::failed, this, &SocketIoManualSession::onEngineFailed);
    logNote(ManualFrame::Kind::Info, tr("connecting to %1 (%2, namespace %3)")
                                         .arg(QString::fromUtf8(engine.url), transportName(m_options.transport), m_options.nameSpace));
    setState(State::Connecting);
    m_engine->open(engine);
}

void SocketIoManualSession::dropEngine()
{
    if (!m_engine)
        return;
    EngineIoClient *engine = std::exchange(m_engine, nullptr);
    engine->disconnect(this);
    engine->abort();
    engine->deleteLater();
}

void SocketIoManualSession::onEngineOpened()
{
    const EngineIoHandshake &handshake = m_engine->handshake();
    logNote(ManualFrame::Kind::Info, tr("Engine.IO session %1 open over %2 (ping every %3 ms, timeout %4 ms)")
                                         .arg(handshake.sid, transportName())
                                         .arg(handshake.pingIntervalMs)
                                         .arg(handshake.pingTimeoutMs));
    Q_EMIT engineOpened(handshake);
    if (!m_engine)
        return;
    // Socket.IO protocol v5, "Connection to a namespace": CONNECT with the auth payload.
    SocketIoPacket connectPacket;
    connectPacket.type = SocketIoPacket::Type::Connect;
    connectPacket.nsp = m_options.nameSpace;
    if (m_options.auth)
        connectPacket.data = *m_options.auth;
    else
        connectPacket.data = QJsonValue(QJsonValue::Undefined);
    m_engine->sendText(connectPacket.encode());
}

void SocketIoManualSession::onPacketSent(const QByteArray &encoded)
{
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Text, encoded);
    f.messageType = FrameDecoder::decodeEngineIo(encoded).type;
    // Engine.IO "Upgrade": after the probe, the upgrade packet moves the session to WebSocket.
    const bool upgrade = encoded == "5";
    Q_EMIT frameLogged(f);
    if (upgrade) {
        logNote(ManualFrame::Kind::Info, tr("upgraded to WebSocket"));
        Q_EMIT upgraded();
    }
}

void SocketIoManualSession::onPacketReceived(const QByteArray &encoded)
{
    if (m_binaryAwaited > 0) {
        // "Packet encoding": a binary packet's attachments follow it as binary messages.
        --m_binaryAwaited;
        ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Binary, encoded);
        f.messageType = tr("attachment");
        Q_EMIT frameLogged(f);
        return;
    }
    ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Text, encoded);
    f.messageType = FrameDecoder::decodeEngineIo(encoded).type;
    if (encoded.startsWith('4')) {
        if (const std::optional<SocketIoPacket> packet = SocketIoPacket::parse(QByteArrayView(encoded).sliced(1), nullptr)) {
            m_binaryAwaited = packet->attachments;
            if ((packet->type == SocketIoPacket::Type::Ack || packet->type == SocketIoPacket::Type::BinaryAck) && packet->id)
                f.roundTripMs = roundTripMs(*packet->id);
        }
    }
    Q_EMIT frameLogged(f);
}

double SocketIoManualSession::roundTripMs(quint64 id) const
{
    const auto sent = m_pendingAcks.constFind(id);
    return sent == m_pendingAcks.constEnd() ? -1.0 : double(m_clock.nsecsElapsed() - *sent) / 1e6;
}

void SocketIoManualSession::onText(const QByteArray &text)
{
    QString error;
    std::optional<SocketIoPacket> packet = SocketIoPacket::parse(text, &error);
    if (!packet) {
        logNote(ManualFrame::Kind::Error, tr("not a Socket.IO packet: %1").arg(error));
        return;
    }
    if (packet->attachments > 0 || (m_assembler && m_assembler->isAssembling())) {
        if (!m_assembler)
            m_assembler = std::make_unique<SocketIoBinaryAssembler>(maxAttachmentBytes);
        SocketIoBinaryAssembler::Result result = m_assembler->addPacket(std::move(*packet));
        if (result.status == SocketIoBinaryAssembler::Result::Status::Failed)
            logNote(ManualFrame::Kind::Error, result.error);
        else if (result.status == SocketIoBinaryAssembler::Result::Status::Complete)
            onPacket(result.packet);
        return;
    }
    onPacket(*packet);
}

void SocketIoManualSession::onBinary(const QByteArray &bytes)
{
    if (!m_assembler) {
        logNote(ManualFrame::Kind::Error, tr("a binary message that no packet announced"));
        return;
    }
    SocketIoBinaryAssembler::Result result = m_assembler->addAttachment(bytes);
    if (result.status == SocketIoBinaryAssembler::Result::Status::Failed)
        logNote(ManualFrame::Kind::Error, result.error);
    else if (result.status == SocketIoBinaryAssembler::Result::Status::Complete)
        onPacket(result.packet);
}

void SocketIoManualSession::onPacket(const SocketIoPacket &packet)
{
    if (packet.nsp != m_options.nameSpace)
        return; // another namespace multiplexed on this connection
    switch (packet.type) {
    case SocketIoPacket::Type::Connect: {
        const QJsonObject data = packet.data.toObject();
        m_socketId = data.value(QLatin1String("sid")).toString();
        logNote(ManualFrame::Kind::Info, tr("connected to namespace %1 (socket id %2)").arg(m_options.nameSpace, m_socketId));
        setState(State::Open);
        Q_EMIT connected(data);
        return;
    }
    case SocketIoPacket::Type::ConnectError: {
        // The namespace refused the CONNECT (a middleware's error): the session is of no use.
        const QString message = connectErrorMessage(packet.data);
        const QJsonValue data = packet.data.toObject().value(QLatin1String("data"));
        if (m_engine)
            m_engine->close();
        dropEngine();
        reportError(tr("CONNECT_ERROR: %1").arg(message.isEmpty() ? tr("(no message)") : message));
        setState(State::Unconnected);
        Q_EMIT connectRefused(message, data);
        return;
    }
    case SocketIoPacket::Type::Disconnect:
        // "io server disconnect": the server ended this socket's place in the namespace.
        if (m_engine)
            m_engine->close();
        dropEngine();
        reportError(tr("the server disconnected the namespace"));
        setState(State::Unconnected);
        Q_EMIT disconnected(QStringLiteral("server disconnect"));
        return;
    case SocketIoPacket::Type::Ack:
    case SocketIoPacket::Type::BinaryAck: {
        if (!packet.id)
            return;
        const double ms = roundTripMs(*packet.id);
        if (ms < 0) {
            logNote(ManualFrame::Kind::Error, tr("an ACK for id %1, which was not asked for").arg(*packet.id));
            return;
        }
        m_pendingAcks.remove(*packet.id);
        Q_EMIT ackReceived(*packet.id, packet.data.toArray(), ms);
        return;
    }
    case SocketIoPacket::Type::Event:
    case SocketIoPacket::Type::BinaryEvent: {
        QJsonArray args = packet.data.toArray();
        const QString event = packet.eventName();
        if (!args.isEmpty())
            args.removeFirst();
        Q_EMIT eventReceived(event, args);
        return;
    }
    }
}

void SocketIoManualSession::onEngineClosed(const QString &outcome)
{
    const bool wasOpen = state() == State::Open;
    dropEngine();
    reportError(tr("the Engine.IO session ended: %1").arg(outcome));
    setState(State::Unconnected);
    if (wasOpen)
        Q_EMIT disconnected(outcome);
}

void SocketIoManualSession::onEngineFailed(const QString &why)
{
    dropEngine();
    reportError(tr("could not open the Engine.IO session: %1").arg(why));
    setState(State::Unconnected);
}

bool SocketIoManualSession::emitEvent(const QString &event, const QJsonArray &args, bool askForAck, quint64 *ackId)
{
    if (state() != State::Open || !m_engine) {
        logNote(ManualFrame::Kind::Error, tr("not sent: not connected"));
        return false;
    }
    if (event.isEmpty()) {
        logNote(ManualFrame::Kind::Error, tr("not sent: the event has no name"));
        return false;
    }
    // Socket.IO protocol v5, "Sending and receiving data": 2[/nsp,][id]["event",args...].
    SocketIoPacket packet;
    packet.type = SocketIoPacket::Type::Event;
    packet.nsp = m_options.nameSpace;
    QJsonArray data{event};
    for (const QJsonValue &arg : args)
        data.append(arg);
    packet.data = data;
    if (askForAck)
        packet.id = m_nextAckId;
    if (askForAck)
        m_pendingAcks.insert(m_nextAckId, m_clock.nsecsElapsed());
    if (!m_engine->sendText(packet.encode())) {
        if (askForAck)
            m_pendingAcks.remove(m_nextAckId);
        logNote(ManualFrame::Kind::Error, tr("not sent: the session is not open"));
        return false;
    }
    if (askForAck) {
        if (ackId)
            *ackId = m_nextAckId;
        ++m_nextAckId;
    }
    return true;
}

void SocketIoManualSession::close()
{
    if (m_engine) {
        // Socket.IO protocol v5, "Disconnection from a namespace", then Engine.IO's close.
        if (m_engine->isOpen() && state() == State::Open)
            m_engine->sendText(QByteArray("1") + namespacePrefix());
        m_engine->close();
        dropEngine();
        logNote(ManualFrame::Kind::Info, tr("disconnected"));
    }
    m_pendingAcks.clear();
    setState(State::Unconnected);
}

void SocketIoManualSession::abort()
{
    if (m_engine) {
        dropEngine();
        logNote(ManualFrame::Kind::Info, tr("connection dropped by the client"));
    }
    m_pendingAcks.clear();
    setState(State::Unconnected);
}
