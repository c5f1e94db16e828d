#include "manual/graphqlmanualsession.h"

#include "graphqlws/graphqlwsclosecode.h"
#include "graphqlws/graphqlwsmessage.h"
#include "inspect/framedecoder.h"
#include "sim/wsclientconnection.h"

#include <QJsonArray>
#include <QPointer>

namespace {

QByteArray headText(const HttpResponseHead &head)
{
    QByteArray text = head.version + ' ' + QByteArray::number(head.status) + ' ' + head.reason + "\r\n";
    for (const auto &field : head.fields)
        text += field.first + ": " + field.second + "\r\n";
    return text;
}

} // namespace

GraphQlManualSession::GraphQlManualSession(QObject *parent)
    : ManualSession(parent)
{
    m_clock.start();
}

GraphQlManualSession::~GraphQlManualSession()
{
    // A tab that goes away while connected closes its socket politely (RFC 6455 7.1.2), the
    // connection finishing the handshake on its own.
    if (m_ws && m_ws->isOpen()) {
        WsClientConnection *ws = std::exchange(m_ws, nullptr);
        ws->disconnect(this);
        ws->setParent(nullptr);
        connect(ws, &WsClientConnection::closed, ws, &QObject::deleteLater);
        connect(ws, &WsClientConnection::failed, ws, &QObject::deleteLater);
        ws->close(WsClientConnection::closeNormal);
    }
    dropConnection();
}

QString GraphQlManualSession::checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.isEmpty())
        return tr("the URL is not valid");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))
        return tr("a GraphQL over WebSocket URL starts with ws:// or wss://");
    if (url.host().isEmpty())
        return tr("the URL has no host");
    return {};
}

QString GraphQlManualSession::statusName(Operation::Status status)
{
    switch (status) {
    case Operation::Status::Running: return tr("running");
    case Operation::Status::Completed: return tr("completed");
    case Operation::Status::Failed: return tr("error");
    case Operation::Status::Cancelled: return tr("completed by you");
    }
    return {};
}

QString GraphQlManualSession::subprotocol() const
{
    return m_ws ? m_ws->subprotocol() : QString();
}

const GraphQlManualSession::Operation *GraphQlManualSession::operation(const QString &id) const
{
    for (const Operation &op : m_operations) {
        if (op.id == id)
            return &op;
    }
    return nullptr;
}

GraphQlManualSession::Operation *GraphQlManualSession::find(const QString &id)
{
    return const_cast<Operation *>(std::as_const(*this).operation(id));
}

bool GraphQlManualSession::open(const Options &options)
{
    dropConnection();
    setState(State::Unconnected);
    if (const QString problem = checkUrl(options.url); !problem.isEmpty()) {
        reportError(tr("Cannot connect to \"%1\": %2").arg(options.url.toString(), problem));
        return false;
    }
    m_options = options;
    m_hasOptions = true;
    start();
    return true;
}

bool GraphQlManualSession::reconnect()
{
    if (!m_hasOptions)
        return false;
    return open(Options(m_options));
}

void GraphQlManualSession::start()
{
    m_acknowledged = false;
    m_closeRequested = false;
    m_requestHead.clear();
    m_pings.clear();
    // Operations of an earlier connection stay listed (what came back is still worth reading)
    // but none of them runs any more.
    for (Operation &op : m_operations) {
        if (op.status == Operation::Status::Running)
            op.status = Operation::Status::Cancelled;
    }
    m_ws = new WsClientConnection(this);
    connect(m_ws, &WsClientConnection::handshakeRequestSent, this, [this](const QByteArray &head) {
        m_requestHead = head;
        ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Handshake, head);
        f.wireBytes = head.size();
        Q_EMIT frameLogged(f);
        Q_EMIT handshakeRequestSent(head);
    });
    connect(m_ws, &WsClientConnection::handshakeResponseReceived, this, [this](const HttpResponseHead &head) {
        const QByteArray text = headText(head);
        ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Handshake, text);
        f.wireBytes = text.size() + 2;
        Q_EMIT frameLogged(f);
        Q_EMIT handshakeResponseReceived(head, m_handshakeTimer.elapsed());
    });
    connect(m_ws, &WsClientConnection::opened, this, [this] {
        // PROTOCOL.md "Communication": a server that does not speak graphql-transport-ws does
        // not choose it; go on anyway, its answer (or close code) will tell.
        if (m_ws->subprotocol() != GraphQlWsCloseCode::subprotocol())
            logNote(ManualFrame::Kind::Error, tr("the server did not choose the subprotocol %1").arg(GraphQlWsCloseCode::subprotocol()));
        // PROTOCOL.md "ConnectionInit": the first message, before anything else.
        GraphQlWsMessage init;
        init.type = GraphQlWsMessage::Type::ConnectionInit;
        init.payload = m_options.connectionInitPayload ? QJsonValue(*m_options.connectionInitPayload) : QJsonValue(QJsonValue::Undefined);
        sendMessage(init);
    });
    connect(m_ws, &WsClientConnection::textMessageReceived, this, &GraphQlManualSession::onText);
    connect(m_ws, &WsClientConnection::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        Q_EMIT frameLogged(frame(ManualFrame::Direction::Received, ManualFrame::Kind::Binary, bytes));
    });
    connect(m_ws, &WsClientConnection::pingReceived, this, [this](const QByteArray &payload) {
        Q_EMIT frameLogged(frame(ManualFrame::Direction::Received, ManualFrame::Kind::Ping, payload));
        Q_EMIT frameLogged(frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Pong, payload));
    });
    connect(m_ws, &WsClientConnection::closeFrameReceived, this, [this](quint16 code, const QString &reason) {
        ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Close, reason.toUtf8());
        f.closeCode = code == WsClientConnection::closeNoStatus ? 0 : code;
        f.messageType = GraphQlWsCloseCode::meaning(code);
        Q_EMIT frameLogged(f);
        if (!m_closeRequested) {
            ManualFrame reply = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Close);
            reply.closeCode = f.closeCode;
            Q_EMIT frameLogged(reply);
            setState(State::Closing);
        }
    });
    connect(m_ws, &WsClientConnection::closed, this, &GraphQlManualSession::onClosed);
    connect(m_ws, &WsClientConnection::failed, this, [this](const QString &error) {
        dropConnection();
        setState(State::Unconnected);
        reportError(tr("cannot connect to %1: %2").arg(m_options.url.authority(), error));
    });

    WsClientConnection::Options options;
    options.headers = m_options.headers;
    options.subprotocols = {QString(GraphQlWsCloseCode::subprotocol())};
    options.acceptSelfSigned = m_options.ignoreCertificateErrors;
    logNote(ManualFrame::Kind::Info, tr("connecting to %1").arg(m_options.url.toString()));
    setState(State::Connecting);
    m_handshakeTimer.start();
    m_ws->open(m_options.url, options);
}

void GraphQlManualSession::dropConnection()
{
    if (!m_ws)
        return;
    WsClientConnection *ws = std::exchange(m_ws, nullptr);
    ws->disconnect(this);
    ws->abort();
    ws->deleteLater();
}

bool GraphQlManualSession::sendMessage(const GraphQlWsMessage &message)
{
    const QByteArray text = message.encode();
    if (!m_ws || !m_ws->sendText(text))
        return false;
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Text, text);
    f.messageType = FrameDecoder::decodeGraphQlWs(text).type;
    Q_EMIT frameLogged(f);
    return true;
}

void GraphQlManualSession::onText(const QByteArray &text)
{
    ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Text, text);
    QString error;
    const std::optional<GraphQlWsMessage> message = GraphQlWsMessage::parse(text, &error);
    if (message) {
        f.messageType = FrameDecoder::decodeGraphQlWs(text).type;
        if (message->type == GraphQlWsMessage::Type::Pong && !m_pings.isEmpty())
            f.roundTripMs = double(m_clock.nsecsElapsed() - m_pings.takeFirst()) / 1e6;
    }
    Q_EMIT frameLogged(f);
    if (!message) {
        logNote(ManualFrame::Kind::Error, tr("not a graphql-ws message: %1").arg(error));
        return;
    }
    onMessage(*message);
}

void GraphQlManualSession::onMessage(const GraphQlWsMessage &message)
{
    using Type = GraphQlWsMessage::Type;
    switch (message.type) {
    case Type::ConnectionAck:
        if (m_acknowledged)
            return;
        m_acknowledged = true;
        logNote(ManualFrame::Kind::Info, tr("connection acknowledged: operations may start"));
        setState(State::Open);
        Q_EMIT acknowledged(message.payload);
        return;
    case Type::Ping: {
        // PROTOCOL.md "Pong": answer a ping as soon as possible.
        GraphQlWsMessage pong;
        pong.type = Type::Pong;
        sendMessage(pong);
        return;
    }
    case Type::Pong:
    case Type::ConnectionInit:
    case Type::Subscribe:
        return;
    case Type::Next: {
        Operation *op = find(message.id);
        if (!op)
            return;
        if (op->results++ == 0)
            op->firstResultMs = double(m_clock.nsecsElapsed() - op->startedNs) / 1e6;
        op->lastPayload = message.payload;
        Q_EMIT nextReceived(message.id, message.payload);
        Q_EMIT operationChanged(message.id);
        return;
    }
    case Type::Error:
        // PROTOCOL.md "Error": the operation failed (validation, resolver) and is over.
        if (Operation *op = find(message.id)) {
            op->lastPayload = message.payload;
            if (op->firstResultMs < 0)
                op->firstResultMs = double(m_clock.nsecsElapsed() - op->startedNs) / 1e6;
            const QJsonArray errors = message.payload.toArray();
            logNote(ManualFrame::Kind::Error, tr("operation %1 failed: %2")
                                                  .arg(message.id, errors.first().toObject().value(QLatin1String("message")).toString()));
        }
        finishOperation(message.id, Operation::Status::Failed);
        return;
    case Type::Complete:
        finishOperation(message.id, Operation::Status::Completed);
        return;
    }
}

void GraphQlManualSession::finishOperation(const QString &id, Operation::Status status)
{
    Operation *op = find(id);
    if (!op || op->status != Operation::Status::Running)
        return;
    op->status = status;
    Q_EMIT operationChanged(id);
}

void GraphQlManualSession::onClosed(quint16 code, const QString &reason)
{
    const bool requested = m_closeRequested;
    dropConnection();
    m_acknowledged = false;
    for (Operation &op : m_operations) {
        if (op.status == Operation::Status::Running) {
            op.status = Operation::Status::Cancelled;
            Q_EMIT operationChanged(op.id);
        }
    }
    const QString meaning = GraphQlWsCloseCode::meaning(code);
    // "4403: Forbidden": the protocol's meaning of the code, and the server's reason when it
    // says more than that.
    QString text = QString::number(code);
    if (!meaning.isEmpty())
        text += QLatin1Char(' ') + meaning;
    if (!reason.isEmpty() && reason != meaning)
        text += QStringLiteral(" (%1)").arg(reason);
    setState(State::Unconnected);
    if (requested || code == WsClientConnection::closeNormal || code == 1001)
        logNote(ManualFrame::Kind::Info, tr("connection closed: %1").arg(text));
    else
        reportError(tr("closed by the server: %1").arg(text));
    Q_EMIT closed(code, reason, meaning);
}

QString GraphQlManualSession::subscribe(const QString &query, const QJsonObject &variables, const QString &operationName)
{
    if (!m_acknowledged || !m_ws) {
        logNote(ManualFrame::Kind::Error, tr("not sent: the connection is not acknowledged yet"));
        return {};
    }
    if (query.trimmed().isEmpty()) {
        logNote(ManualFrame::Kind::Error, tr("not sent: the query is empty"));
        return {};
    }
    // PROTOCOL.md "Subscribe": an id unique among this connection's operations.
    const QString id = QString::number(m_nextId++);
    QJsonObject payload{{QStringLiteral("query"), query}};
    if (!variables.isEmpty())
        payload.insert(QStringLiteral("variables"), variables);
    if (!operationName.trimmed().isEmpty())
        payload.insert(QStringLiteral("operationName"), operationName.trimmed());
    GraphQlWsMessage message;
    message.type = GraphQlWsMessage::Type::Subscribe;
    message.id = id;
    message.payload = payload;
    Operation op;
    op.id = id;
    op.operationName = operationName.trimmed();
    op.query = query;
    op.startedNs = m_clock.nsecsElapsed();
    m_operations.append(op);
    if (!sendMessage(message)) {
        m_operations.removeLast();
        logNote(ManualFrame::Kind::Error, tr("not sent: the connection is not open"));
        return {};
    }
    Q_EMIT operationChanged(id);
    return id;
}

bool GraphQlManualSession::complete(const QString &id)
{
    Operation *op = find(id);
    if (!op || op->status != Operation::Status::Running || !m_ws)
        return false;
    GraphQlWsMessage message;
    message.type = GraphQlWsMessage::Type::Complete;
    message.id = id;
    if (!sendMessage(message))
        return false;
    finishOperation(id, Operation::Status::Cancelled);
    return true;
}

bool GraphQlManualSession::ping()
{
    if (!m_ws || !m_ws->isOpen())
        return false;
    GraphQlWsMessage message;
    message.type = GraphQlWsMessage::Type::Ping;
    m_pings.append(m_clock.nsecsElapsed());
    if (!sendMessage(message)) {
        m_pings.removeLast();
        return false;
    }
    return true;
}

void GraphQlManualSession::close()
{
    if (!m_ws) {
        setState(State::Unconnected);
        return;
    }
    if (!m_ws->isOpen()) {
        abort();
        return;
    }
    // PROTOCOL.md "Complete": the client may end each running operation before it leaves.
    for (const Operation &op : std::as_const(m_operations)) {
        if (op.status == Operation::Status::Running)
            complete(op.id);
    }
    m_closeRequested = true;
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Close);
    f.closeCode = WsClientConnection::closeNormal;
    Q_EMIT frameLogged(f);
    setState(State::Closing);
    m_ws->close(WsClientConnection::closeNormal);
}

void GraphQlManualSession::abort()
{
    if (m_ws) {
        dropConnection();
        logNote(ManualFrame::Kind::Info, tr("connection dropped by the client"));
    }
    m_acknowledged = false;
    setState(State::Unconnected);
}
