#include "sim/wsclientconnection.h"

#include "metrics/monotonicclock.h"
#include "sim/httpclientconnection.h"
#include "sim/clientsocket.h"
#include "sim/httpresponsereader.h"
#include "sim/timerqueue.h"
#include "sim/transportoutcome.h"

#include <QAbstractSocket>
#include <QCryptographicHash>
#include <QPointer>
#include <QVariant>
#include <QRandomGenerator>
#include <QTimer>

#include <cstring>
#include <utility>

namespace {

// RFC 6455 1.3: the GUID the server appends to the key before hashing.
constexpr char acceptGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

} // namespace

struct WsClientConnection::Handshake
{
    QByteArray request;          // written once the connection is ready
    QByteArray expectedAccept;   // RFC 6455 4.1: base64(SHA-1(key + GUID))
    QList<QByteArray> offeredSubprotocols;
    HttpResponseReader reader;
};

namespace {

// RFC 6455 4.1 / 11.3.4: Sec-WebSocket-Protocol is a comma-separated list of tokens.
QList<QByteArray> subprotocolList(const QByteArray &value)
{
    QList<QByteArray> names;
    for (const QByteArray &part : value.split(',')) {
        const QByteArray name = part.trimmed();
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace

WsClientConnection::WsClientConnection(QObject *parent)
    : QObject(parent)
    , m_random(QRandomGenerator::global()->generate64())
{
}

WsClientConnection::~WsClientConnection()
{
    dropSocket();
}

quint32 WsClientConnection::nextMaskKey()
{
    // Seeded per connection from the system generator. RFC 6455 5.3 wants unpredictable mask
    // keys so that a browser's script cannot steer the bytes on the wire (the attack on
    // intermediaries of 10.3); a load generator's own frames need no more than a fast PRNG.
    return quint32(m_random() >> 32);
}

void WsClientConnection::open(const QUrl &url)
{
    open(url, Options());
}

void WsClientConnection::open(const QUrl &url, const Options &options)
{
    abort();
    m_state = State::Connecting;
    m_closeSent = false;
    m_closeReceived = false;
    m_closeCode = closeAbnormal;
    m_closeReason.clear();
    m_timers = options.timers;
    m_closeGrace = options.closeGrace;
    m_reader = WsFrameReader(WsFrameReader::Limits{options.maxMessageBytes});

    const QString scheme = url.scheme().toLower();
    QString error;
    if (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))
        error = tr("unsupported URL scheme \"%1\" (ws or wss)").arg(scheme);

    // RFC 6455 4.1: the opening handshake is a GET with Upgrade, Connection, a random 16-byte
    // key in base64, and version 13.
    m_handshake = std::make_unique<Handshake>();
    QByteArray key(16, Qt::Uninitialized);
    for (int i = 0; i < 16; i += 4) {
        const quint32 random = nextMaskKey();
        std::memcpy(key.data() + i, &random, 4);
    }
    const QByteArray keyText = key.toBase64();
    m_handshake->expectedAccept = QCryptographicHash::hash(keyText + acceptGuid, QCryptographicHash::Sha1).toBase64();
    Headers headers{{"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Key", keyText},
                    {"Sec-WebSocket-Version", "13"}};
    // The names offered: the option's, then any written as a header by hand (one header is sent).
    QList<QByteArray> offered;
    for (const QString &name : options.subprotocols)
        offered.append(name.toLatin1());
    for (const auto &[name, value] : options.headers) {
        if (name.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &protocol : subprotocolList(value))
                if (!offered.contains(protocol))
                    offered.append(protocol);
        } else {
            headers.append({name, value});
        }
    }
    if (!offered.isEmpty())
        headers.append({"Sec-WebSocket-Protocol", offered.join(", ")});
    m_handshake->offeredSubprotocols = offered;
    m_subprotocol.clear();
    m_failureOutcome.clear();
    m_refusal = {};
    // RFC 9112 3.2.1: origin-form is an absolute path, then the query ("ws://h:1?x" has none).
    QByteArray target = options.requestTarget.isEmpty()
        ? url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment)
        : options.requestTarget;
    if (!target.startsWith('/'))
        target.prepend('/');
    m_handshake->request = HttpClientConnection::formatRequest("GET", target, HttpClientConnection::hostHeaderFor(url), headers);
    m_handshake->reader.expectUpgrade();

    QAbstractSocket *socket = nullptr;
    if (error.isEmpty()) {
        socket = ClientSocket::create(url, {options.acceptSelfSigned, options.sourceAddress}, this,
                                      {[this] { onReady(); }, [this](const QString &tlsError) { fail(tlsError, QStringLiteral("TLS error")); }}, &error);
    }
    if (!socket) {
        // Reported from the event loop, like every other failure, so the caller's connects are
        // in place and it is not re-entered from its own call.
        const quint32 generation = m_generation;
        QMetaObject::invokeMethod(this, [this, error, generation] {
            if (generation == m_generation)
                fail(error);
        }, Qt::QueuedConnection);
        return;
    }
    connect(socket, &QIODevice::readyRead, this, &WsClientConnection::onReadyRead);
    connect(socket, &QAbstractSocket::disconnected, this, &WsClientConnection::onDisconnected);
    connect(socket, &QAbstractSocket::errorOccurred, this, &WsClientConnection::onErrorOccurred);
    m_socket = socket;
    // Unbuffered: an idle connection then holds no read buffer in Qt (see onReadyRead()).
    ClientSocket::connectToHost(socket, url, true);
}

void WsClientConnection::onReady()
{
    if (m_state != State::Connecting || !m_socket || !m_handshake)
        return;
    // Messages are small and latency is what is measured: no Nagle delay.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_state = State::Handshaking;
    const QByteArray request = std::exchange(m_handshake->request, {});
    ClientSocket::write(m_socket, request);
    m_bytesSent += quint64(request.size());
    Q_EMIT handshakeRequestSent(request);
}

void WsClientConnection::onReadyRead()
{
    if (!m_socket || m_state == State::Unconnected)
        return;
    // Plain TCP is read unbuffered (ClientSocket::connectToHost()): readAll() reads what the
    // kernel holds, and the frame reader takes the array over without a copy. A read that meets
    // the end of the connection leaves the socket unconnected without a disconnected() signal.
    QByteArray data = m_socket->readAll();
    const bool ended = m_socket->state() == QAbstractSocket::UnconnectedState;
    if (!data.isEmpty()) {
        m_bytesReceived += quint64(data.size());
        const QPointer<WsClientConnection> self(this);
        if (m_state == State::Handshaking)
            readHandshake(std::move(data));
        else if (m_state == State::Open || m_state == State::Closing)
            readFrames(std::move(data));
        if (!self || !m_socket || m_state == State::Unconnected)
            return;
    }
    if (ended)
        onConnectionEnded();
}

bool WsClientConnection::readHandshake(QByteArray &&bytes)
{
    HttpResponseReader &reader = m_handshake->reader;
    reader.feed(bytes);
    switch (reader.readNext()) {
    case HttpResponseReader::Token::NeedMore:
        return true;
    case HttpResponseReader::Token::Head:
        break;
    default:
        fail(tr("invalid handshake response: %1").arg(reader.hasError() ? reader.errorString() : tr("not a response head")),
             QStringLiteral("invalid handshake response"));
        return false;
    }
    const HttpResponseHead &head = reader.head();
    {
        const QPointer<WsClientConnection> self(this);
        const quint32 generation = m_generation;
        Q_EMIT handshakeResponseReceived(head);
        if (!self || generation != m_generation || m_state != State::Handshaking)
            return false;
    }
    if (head.status != 101) {
        // 401, 403, 429, 503 ...: the server refused the upgrade. Its body says why, when it
        // came with the head (servers write a short refusal in one go); nothing waits for more.
        m_refusal = {head.status, head.reason, {}};
        for (HttpResponseReader::Token token = reader.readNext(); token == HttpResponseReader::Token::Body; token = reader.readNext()) {
            m_refusal.body += reader.body();
            if (m_refusal.body.size() >= 4096) {
                m_refusal.body.truncate(4096);
                break;
            }
        }
        fail(tr("the server refused the WebSocket handshake: HTTP %1 %2").arg(head.status).arg(QString::fromLatin1(head.reason)),
             TransportOutcome::forHttpStatus(head.status, head.reason));
        return false;
    }
    if (const QString problem = checkHandshakeResponse(); !problem.isEmpty()) {
        fail(tr("invalid handshake response: %1").arg(problem), problem.contains(QLatin1String("subprotocol"))
                 ? QStringLiteral("subprotocol not offered") : QStringLiteral("invalid handshake response"));
        return false;
    }
    if (const QByteArray chosen = head.value("Sec-WebSocket-Protocol").trimmed(); !chosen.isEmpty())
        m_subprotocol = QString::fromLatin1(chosen);
    QByteArray rest = reader.takeUpgradedBytes();
    m_handshake.reset(); // nothing of the handshake is kept while the session is open
    m_state = State::Open;
    const QPointer<WsClientConnection> self(this);
    Q_EMIT opened();
    if (!self || !m_socket || (m_state != State::Open && m_state != State::Closing))
        return false;
    // Frames the server sent right behind its response (the welcome, often in the same segment).
    return rest.isEmpty() || readFrames(std::move(rest));
}

QString WsClientConnection::checkHandshakeResponse() const
{
    const HttpResponseHead &head = m_handshake->reader.head();
    // RFC 6455 4.1, the client's checks of the server's handshake, in the RFC's order:
    // Upgrade is "websocket", case-insensitively.
    if (head.value("Upgrade").compare("websocket", Qt::CaseInsensitive) != 0)
        return tr("Upgrade is \"%1\", expected \"websocket\" (RFC 6455 4.1)").arg(QString::fromLatin1(head.value("Upgrade")));
    // Connection contains the token "Upgrade", case-insensitively.
    if (!head.hasToken("Connection", "upgrade"))
        return tr("Connection is \"%1\", expected \"Upgrade\" (RFC 6455 4.1)").arg(QString::fromLatin1(head.value("Connection")));
    // Sec-WebSocket-Accept is base64(SHA-1(key + GUID)) of the key we sent.
    const QByteArray accept = head.value("Sec-WebSocket-Accept");
    if (accept != m_handshake->expectedAccept) {
        return tr("Sec-WebSocket-Accept is \"%1\", expected \"%2\" for the key sent (RFC 6455 4.1)")
            .arg(QString::fromLatin1(accept.left(64)), QString::fromLatin1(m_handshake->expectedAccept));
    }
    // No extension was asked for, so none may be chosen.
    if (!head.value("Sec-WebSocket-Extensions").isEmpty())
        return tr("the server chose extensions \"%1\" that were not offered (RFC 6455 4.1)").arg(QString::fromLatin1(head.value("Sec-WebSocket-Extensions")));
    // A subprotocol, if the server names one, must be one of those offered (and only one).
    const QByteArray chosen = head.value("Sec-WebSocket-Protocol").trimmed();
    if (!chosen.isEmpty() && !m_handshake->offeredSubprotocols.contains(chosen)) {
        if (m_handshake->offeredSubprotocols.isEmpty())
            return tr("the server chose subprotocol \"%1\" but none was offered (RFC 6455 4.1)").arg(QString::fromLatin1(chosen));
        return tr("the server chose subprotocol \"%1\", not one of those offered (%2) (RFC 6455 4.1)")
            .arg(QString::fromLatin1(chosen), QString::fromLatin1(m_handshake->offeredSubprotocols.join(", ")));
    }
    return {};
}

bool WsClientConnection::readFrames(QByteArray &&bytes)
{
    // After a protocol error the connection is being closed; what else arrives is dropped.
    if (m_reader.hasError())
        return true;
    m_reader.feed(std::move(bytes));
    const QPointer<WsClientConnection> self(this);
    const auto alive = [&] { return self && m_socket && m_state != State::Unconnected; };
    for (;;) {
        switch (m_reader.readNext()) {
        case WsFrameReader::Token::NeedMore:
            return true;
        case WsFrameReader::Token::Text:
            Q_EMIT textMessageReceived(m_reader.takePayload());
            if (!alive())
                return false;
            break;
        case WsFrameReader::Token::Binary:
            Q_EMIT binaryMessageReceived(m_reader.takePayload());
            if (!alive())
                return false;
            break;
        case WsFrameReader::Token::Ping:
            // RFC 6455 5.5.2/5.5.3: answer a ping with a pong carrying the same data, unless our
            // Close is already sent (nothing follows it, 5.5.1).
            if (!m_closeSent)
                sendFrame(WsFrame::Pong, m_reader.payload());
            Q_EMIT pingReceived(m_reader.payload());
            if (!alive())
                return false;
            break;
        case WsFrameReader::Token::Pong:
            Q_EMIT pongReceived(m_reader.takePayload());
            if (!alive())
                return false;
            break;
        case WsFrameReader::Token::Close:
            m_closeReceived = true;
            Q_EMIT closeFrameReceived(m_reader.closeCode(), m_reader.closeReason());
            if (!alive())
                return false;
            if (!m_closeSent) {
                // RFC 6455 5.5.1: the peer started the closing handshake; answer with a Close,
                // echoing its code (RFC 6455 5.5.1 says "typically"; a Close without a code is
                // answered without one).
                m_closeCode = m_reader.closeCode();
                m_closeReason = m_reader.closeReason();
                sendClose(m_closeCode == closeNoStatus ? 0 : m_closeCode, {});
                m_state = State::Closing;
            }
            // RFC 6455 7.1.1: the server closes the TCP connection first (so it, not the client,
            // holds TIME_WAIT); wait for that, at most the grace.
            startCloseGrace();
            return true;
        case WsFrameReader::Token::Error:
            // RFC 6455 7.1.7: fail the connection: send a Close with the code (unless one was
            // sent already), then close the connection the way 7.1.1 says: the client waits
            // for the server to close TCP (at most the close grace), reading and dropping what
            // still arrives. Closing at once would be allowed, but closing a socket with unread
            // bytes makes the kernel answer with a reset, and a reset can destroy our Close on
            // its way to the server (seen in the conformance cases 5.16/5.17, where frames
            // follow the bad one), so the server would never learn why.
            if (!m_closeSent) {
                m_closeCode = m_reader.errorCode();
                m_closeReason = m_reader.errorString();
                sendClose(m_closeCode, m_closeReason);
            }
            m_state = State::Closing;
            startCloseGrace();
            return true;
        }
    }
}

void WsClientConnection::onDisconnected()
{
    if (m_state == State::Unconnected || !m_socket)
        return;
    // Bytes that arrived with the end of the connection may not have been read yet.
    const QPointer<WsClientConnection> self(this);
    onReadyRead();
    if (!self || m_state == State::Unconnected || !m_socket)
        return;
    onConnectionEnded();
}

void WsClientConnection::onConnectionEnded()
{
    if (m_state == State::Connecting || m_state == State::Handshaking) {
        fail(tr("the connection closed during the opening handshake"), QStringLiteral("closed during the handshake"));
        return;
    }
    // After a Close either way, the end of the TCP connection completes the closing handshake;
    // without one, the peer's reset or close is an abnormal end (finish() says 1006).
    if (!m_closeSent && !m_closeReceived && m_socket && m_socket->error() != QAbstractSocket::RemoteHostClosedError
        && m_socket->error() != QAbstractSocket::UnknownSocketError)
        m_closeReason = m_socket->errorString();
    finish();
}

void WsClientConnection::onErrorOccurred()
{
    if (m_state == State::Unconnected || !m_socket)
        return;
    // The peer closing is reported here first; onDisconnected() follows and decides what it was.
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError)
        return;
    if (m_state == State::Connecting || m_state == State::Handshaking) {
        fail(m_socket->errorString(), TransportOutcome::forSocketError(m_socket->error()));
        return;
    }
    // A reset or another error while open or closing: the session is over.
    if (!m_closeSent && !m_closeReceived)
        m_closeReason = m_socket->errorString();
    finish();
}

bool WsClientConnection::sendText(QByteArrayView utf8)
{
    return m_state == State::Open && sendFrame(WsFrame::Text, utf8);
}

bool WsClientConnection::sendBinary(QByteArrayView bytes)
{
    return m_state == State::Open && sendFrame(WsFrame::Binary, bytes);
}

bool WsClientConnection::ping(QByteArrayView payload)
{
    // RFC 6455 5.5: control frames carry at most 125 bytes.
    return m_state == State::Open && payload.size() <= 125 && sendFrame(WsFrame::Ping, payload);
}

bool WsClientConnection::sendFrame(WsFrame::Opcode opcode, QByteArrayView payload)
{
    if (!m_socket)
        return false;
    const QByteArray frame = WsFrame::encodeClient(opcode, payload, nextMaskKey());
    ClientSocket::write(m_socket, frame);
    m_bytesSent += quint64(frame.size());
    return true;
}

void WsClientConnection::sendClose(quint16 code, const QString &reason)
{
    // RFC 6455 5.5.1: the body is empty or a code followed by a UTF-8 reason.
    sendFrame(WsFrame::Close, code == 0 ? QByteArray() : WsFrame::closePayload(code, reason.toUtf8()));
    m_closeSent = true;
}

void WsClientConnection::close(quint16 code, const QString &reason)
{
    switch (m_state) {
    case State::Unconnected:
    case State::Closing:
        return;
    case State::Connecting:
    case State::Handshaking:
        fail(tr("closed by the client before the handshake completed"));
        return;
    case State::Open:
        break;
    }
    // RFC 6455 7.1.2: start the closing handshake; the peer answers with its Close and then
    // closes the TCP connection (7.1.1).
    m_closeCode = code;
    m_closeReason = reason;
    sendClose(code, reason);
    m_state = State::Closing;
    startCloseGrace();
}

void WsClientConnection::startCloseGrace()
{
    const quint32 generation = m_generation;
    if (m_closeGraceArmed)
        return;
    m_closeGraceArmed = true;
    if (m_timers) {
        const QPointer<WsClientConnection> self(this);
        const qint64 dueNs = MonotonicClock::nowNs() + std::chrono::nanoseconds(m_closeGrace).count();
        m_timers->schedule(dueNs, [self, generation] {
            if (self)
                self->onCloseGraceOver(generation);
        });
    } else {
        QTimer::singleShot(m_closeGrace, this, [this, generation] { onCloseGraceOver(generation); });
    }
}

void WsClientConnection::onCloseGraceOver(quint32 generation)
{
    if (generation != m_generation || m_state != State::Closing)
        return;
    // RFC 6455 7.1.1: the peer did not finish the closing handshake in time; the client may
    // then close the TCP connection itself.
    finish();
}

void WsClientConnection::fail(const QString &error, const QString &outcome)
{
    if (m_state == State::Unconnected)
        return;
    m_failureOutcome = outcome.isEmpty() ? error : outcome;
    m_state = State::Unconnected;
    ++m_generation;
    dropSocket();
    m_handshake.reset();
    Q_EMIT failed(error);
}

void WsClientConnection::finish()
{
    if (m_state == State::Unconnected)
        return;
    m_state = State::Unconnected;
    ++m_generation;
    dropSocket();
    m_reader = WsFrameReader();
    // RFC 6455 7.1.5: a connection that ended without a Close frame either way closed abnormally.
    if (!m_closeSent && !m_closeReceived) {
        m_closeCode = closeAbnormal;
        if (m_closeReason.isEmpty())
            m_closeReason = tr("the connection ended without a Close frame");
    }
    Q_EMIT closed(m_closeCode, m_closeReason);
}

void WsClientConnection::abort()
{
    ++m_generation;
    m_state = State::Unconnected;
    m_closeGraceArmed = false;
    dropSocket();
    m_handshake.reset();
    m_reader = WsFrameReader();
}

void WsClientConnection::dropSocket()
{
    m_closeGraceArmed = false;
    if (!m_socket)
        return;
    ClientSocket::discard(std::exchange(m_socket, nullptr), this);
}

void WsClientConnection::closeDetached(quint16 code, const QString &reason)
{
    disconnect(); // every receiver of every signal
    connect(this, &WsClientConnection::closed, this, &QObject::deleteLater);
    connect(this, &WsClientConnection::failed, this, &QObject::deleteLater);
    close(code, reason);
}
