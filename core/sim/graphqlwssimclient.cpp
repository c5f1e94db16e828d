#include "sim/graphqlwssimclient.h"

#include "graphqlws/graphqlwsclosecode.h"
#include "graphqlws/graphqlwsmessage.h"
#include "message/receivedmessage.h"
#include "metrics/monotonicclock.h"
#include "sim/clientpool.h"
#include "sim/transportoutcome.h"
#include "sim/wsclientconnection.h"

#include <QJsonObject>
#include <QPointer>

using namespace std::chrono;

GraphQlWsSimClient::GraphQlWsSimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed)
    : SimClient(pool, groupIndex, clientIndex, seed)
{
}

GraphQlWsSimClient::~GraphQlWsSimClient()
{
    discardTransport(m_connection);
}

void GraphQlWsSimClient::openTransport()
{
    discardTransport(m_connection);
    m_closingByClient = false;
    m_acknowledged = false;
    ++m_connectionSerial;
    m_connection = new WsClientConnection(this);
    WsClientConnection::Options options;
    options.headers = requestHeaders();
    // PROTOCOL.md, "Communication": the subprotocol is graphql-transport-ws; a server that does not
    // choose it fails the connect (RFC 6455 4.1), as graphql-ws's own client does.
    options.subprotocols = {QString(GraphQlWsCloseCode::subprotocol())};
    options.acceptSelfSigned = pool().target().acceptSelfSignedCertificates;
    options.sourceAddress = sourceAddress();
    options.timers = &pool().timers();
    connect(m_connection, &WsClientConnection::opened, this, &GraphQlWsSimClient::onOpened);
    connect(m_connection, &WsClientConnection::failed, this, [this](const QString &why) {
        const QString outcome = m_connection->failureOutcome();
        discardTransport(m_connection);
        transportFailed(why, outcome);
    });
    connect(m_connection, &WsClientConnection::textMessageReceived, this, &GraphQlWsSimClient::onText);
    connect(m_connection, &WsClientConnection::closed, this, &GraphQlWsSimClient::onClosed);
    const QUrl address = url();
    options.requestTarget = requestTarget();
    m_connection->open(address, options);
}

void GraphQlWsSimClient::onOpened()
{
    // PROTOCOL.md, "ConnectionInit": the first message; nothing else before connection_ack.
    const scenario::GraphQlSettings &settings = *group().graphQl;
    QByteArray init = R"({"type":"connection_init")";
    if (settings.connectionInit) {
        init += R"(,"payload":)";
        init += render(*settings.connectionInit, MonotonicClock::nowNs());
    }
    init += '}';
    if (!sendFrame(init)) {
        discardTransport(m_connection);
        transportFailed(QStringLiteral("connection_init could not be sent"));
        return;
    }
    const quint64 serial = m_connectionSerial;
    pool().timers().schedule(MonotonicClock::nowNs() + nanoseconds(settings.ackTimeout).count(),
                             [self = QPointer<GraphQlWsSimClient>(this), serial] {
        if (!self || self->m_connectionSerial != serial || self->m_acknowledged || !self->m_connection)
            return;
        const QString outcome = QStringLiteral("no connection_ack within %1 ms").arg(self->group().graphQl->ackTimeout.count());
        self->discardTransport(self->m_connection);
        self->transportFailed(outcome, outcome);
    });
}

void GraphQlWsSimClient::onText(const QByteArray &text)
{
    tapFrame(FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::WebSocket, text);
    QString error;
    const std::optional<GraphQlWsMessage> message = GraphQlWsMessage::parse(text, &error);
    if (!message) {
        errorReceived(); // not a message of the protocol: counted, the session goes on
        return;
    }
    onMessage(*message, text.size());
}

void GraphQlWsSimClient::onAcknowledged()
{
    m_acknowledged = true;
    // PROTOCOL.md, "Subscribe": each subscription its own id, "s1", "s2" ... (one-shot operations
    // are "q<n>"), unique while it runs on this connection.
    const std::vector<scenario::GraphQlSettings::Operation> &subscriptions = group().graphQl->subscriptions;
    for (size_t i = 0; i < subscriptions.size(); ++i) {
        QByteArray frame = R"({"id":"s)" + QByteArray::number(i + 1) + R"(","type":"subscribe","payload":)";
        frame += render(subscriptions[i].payload, MonotonicClock::nowNs());
        frame += '}';
        if (!sendFrame(frame)) {
            discardTransport(m_connection);
            transportFailed(QStringLiteral("subscribe could not be sent"));
            return;
        }
    }
    scheduleKeepAlive();
    transportOpened();
}

void GraphQlWsSimClient::onMessage(const GraphQlWsMessage &message, qsizetype bytes)
{
    switch (message.type) {
    case GraphQlWsMessage::Type::ConnectionAck:
        if (!m_acknowledged)
            onAcknowledged();
        return;
    case GraphQlWsMessage::Type::Ping:
        // PROTOCOL.md, "Pong": answer a ping as soon as possible.
        sendFrame(R"({"type":"pong"})");
        return;
    case GraphQlWsMessage::Type::Pong:
    case GraphQlWsMessage::Type::ConnectionInit:
    case GraphQlWsMessage::Type::Subscribe:
        return;
    case GraphQlWsMessage::Type::Next:
        if (message.id.startsWith(u'q')) {
            answerReceived(message.id); // an operation's first result: its round trip
            return;
        }
        if (message.id.startsWith(u's')) {
            const size_t index = size_t(message.id.mid(1).toUInt());
            const std::vector<scenario::GraphQlSettings::Operation> &subscriptions = group().graphQl->subscriptions;
            if (index < 1 || index > subscriptions.size())
                return;
            ReceivedMessage received;
            received.event = subscriptions[index - 1].name;
            received.root = QJsonObject{{QStringLiteral("id"), message.id},
                                        {QStringLiteral("type"), QStringLiteral("next")},
                                        {QStringLiteral("payload"), message.payload}};
            ruleMessageReceived(received, bytes);
        }
        return;
    case GraphQlWsMessage::Type::Error:
        // PROTOCOL.md, "Error": the operation failed (validation, resolver); it is over.
        errorReceived();
        if (message.id.startsWith(u'q'))
            answerReceived(message.id);
        return;
    case GraphQlWsMessage::Type::Complete:
        // An operation that completes without a result (a mutation returning nothing) is answered.
        if (message.id.startsWith(u'q'))
            answerReceived(message.id);
        return;
    }
}

void GraphQlWsSimClient::onClosed(quint16 code, const QString &reason)
{
    const bool byClient = m_closingByClient;
    // The protocol's close codes carry their meaning (4403 Forbidden) even when the server
    // sends no reason.
    const QString outcome = TransportOutcome::forClose(code, reason.isEmpty() ? GraphQlWsCloseCode::meaning(code) : reason);
    discardTransport(m_connection);
    if (byClient)
        transportClosed(CloseKind::ByClient);
    else if (code == 1001)
        transportClosed(CloseKind::GoingAway, outcome);
    else
        transportClosed(CloseKind::Unexpected, outcome);
}

void GraphQlWsSimClient::scheduleKeepAlive()
{
    const milliseconds every = group().graphQl->keepAlive;
    if (every.count() <= 0)
        return;
    const quint64 serial = m_connectionSerial;
    pool().timers().schedule(MonotonicClock::nowNs() + nanoseconds(every).count(), [self = QPointer<GraphQlWsSimClient>(this), serial] {
        if (!self || self->m_connectionSerial != serial || !self->m_connection)
            return;
        self->sendFrame(R"({"type":"ping"})");
        self->scheduleKeepAlive();
    });
}

bool GraphQlWsSimClient::sendFrame(const QByteArray &frame)
{
    if (!m_connection || !m_connection->sendText(frame))
        return false;
    tapFrame(FrameRecord::Direction::ClientToServer, FrameRecord::Protocol::WebSocket, frame);
    bytesSent(frame.size());
    return true;
}

bool GraphQlWsSimClient::sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind)
{
    Q_UNUSED(kind); // an onOpen send step: a frame of the protocol, written by the user
    return sendFrame(bytes);
}

QString GraphQlWsSimClient::sendExpectingAnswer(const QByteArray &bytes, MessageTemplate::Kind kind)
{
    Q_UNUSED(kind);
    const QByteArray id = 'q' + QByteArray::number(++m_nextOperation);
    QByteArray frame;
    frame.reserve(bytes.size() + 48);
    frame += R"({"id":")";
    frame += id;
    frame += R"(","type":"subscribe","payload":)";
    frame += bytes;
    frame += '}';
    return sendFrame(frame) ? QString::fromLatin1(id) : QString();
}

QString GraphQlWsSimClient::negotiatedSubprotocol() const
{
    return m_connection ? m_connection->subprotocol() : QString();
}

void GraphQlWsSimClient::closeTransport()
{
    if (!m_connection)
        return;
    m_closingByClient = true;
    m_connection->close(WsClientConnection::closeNormal, QStringLiteral("churn"));
}

void GraphQlWsSimClient::leaveTransport()
{
    if (!m_connection)
        return;
    // RFC 6455 7.1.2: the frames sent before the close arrive first.
    std::exchange(m_connection, nullptr)->closeDetached(WsClientConnection::closeNormal, QStringLiteral("leaving"));
}

void GraphQlWsSimClient::abortTransport()
{
    discardTransport(m_connection);
}
