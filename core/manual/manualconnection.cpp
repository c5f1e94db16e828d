#include "manual/manualconnection.h"

#include "sim/httpclientconnection.h"
#include "sim/wsclientconnection.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

namespace {

// RFC 6455 5.2: a client frame is 2 header bytes, 2 or 8 more for a longer length, and the
// 4-byte mask key, then the payload.
qint64 clientFrameBytes(qint64 payload)
{
    const qint64 extended = payload > 65535 ? 8 : (payload > 125 ? 2 : 0);
    return 2 + extended + 4 + payload;
}

QByteArray headText(const HttpResponseHead &head)
{
    QByteArray text = head.version + ' ' + QByteArray::number(head.status) + ' ' + head.reason + "\r\n";
    for (const auto &field : head.fields)
        text += field.first + ": " + field.second + "\r\n";
    return text;
}

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// RFC 9110 5.6.2: token = 1*tchar.
bool isToken(QByteArrayView text)
{
    static const QByteArray extra("!#$%&'*+-.^_`|~");
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

ManualConnection::ManualConnection(QObject *parent)
    : QObject(parent)
    , m_reconnectTimer(new QTimer(this))
{
    m_clock.start();
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, [this] {
        logNote(ManualFrame::Kind::Info, tr("reconnecting automatically (attempt %1)").arg(m_reconnectAttempt));
        start(true);
    });
}

void ManualConnection::setAutoReconnect(bool enabled)
{
    m_autoReconnect = enabled;
    if (!enabled && m_reconnectTimer->isActive()) {
        m_reconnectTimer->stop();
        logNote(ManualFrame::Kind::Info, tr("automatic reconnect cancelled"));
        Q_EMIT stateChanged(m_state);
    }
}

bool ManualConnection::isReconnectPending() const
{
    return m_reconnectTimer->isActive();
}

void ManualConnection::scheduleReconnect(bool refused)
{
    if (!m_autoReconnect || m_closeRequested || m_state != State::Unconnected)
        return;
    if (refused) {
        // WHATWG SSE: an EventSource fails the connection (no retry) on a status other than 200;
        // a refused WebSocket handshake is no different.
        logNote(ManualFrame::Kind::Info, tr("not reconnecting: the server refused the connection"));
        return;
    }
    ++m_reconnectAttempt;
    qint64 delay = 0;
    if (m_protocol == Protocol::Sse)
        delay = m_retryMs.value_or(3000);
    else
        delay = qMin<qint64>(30000, qint64(1000) << qMin(m_reconnectAttempt - 1, 5));
    logNote(ManualFrame::Kind::Info, tr("reconnecting in %1 ms (attempt %2)").arg(delay).arg(m_reconnectAttempt));
    m_reconnectTimer->start(int(delay));
    Q_EMIT reconnectScheduled(delay, m_reconnectAttempt);
}

ManualConnection::~ManualConnection()
{
    // The children go with this object; no signal of theirs may reach a half-destroyed one.
    if (m_ws)
        m_ws->disconnect(this);
    if (m_http)
        m_http->disconnect(this);
    if (m_post)
        m_post->disconnect(this);
}

ManualConnection::Protocol ManualConnection::protocolFor(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("ws") || scheme == QLatin1String("wss"))
        return Protocol::WebSocket;
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        return Protocol::Sse;
    return Protocol::None;
}

QString ManualConnection::checkUrl(const QUrl &url)
{
    if (url.isEmpty())
        return tr("enter a URL such as ws://127.0.0.1:8080/ws or http://127.0.0.1:8080/events");
    if (!url.isValid())
        return tr("invalid URL: %1").arg(url.errorString());
    if (protocolFor(url) == Protocol::None) {
        return url.scheme().isEmpty() ? tr("the URL needs a scheme: ws://, wss:// (WebSocket), http:// or https:// (SSE)")
                                      : tr("unsupported scheme \"%1\": use ws://, wss:// (WebSocket), http:// or https:// (SSE)").arg(url.scheme());
    }
    if (url.host().isEmpty())
        return tr("the URL has no host");
    return {};
}

QString ManualConnection::checkCloseCode(int code)
{
    // RFC 6455 7.4.1/7.4.2: 1004 is reserved, 1005, 1006 and 1015 must never be sent in a Close
    // frame, 1016-2999 belong to the protocol's future, 3000-3999 are registered with IANA and
    // 4000-4999 are for private use. 1012-1014 are registered (IANA) and sent by servers.
    if ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999))
        return {};
    if (code == 1005 || code == 1006 || code == 1015)
        return tr("close code %1 is reserved for reporting and must not be sent (RFC 6455 7.4.1)").arg(code);
    return tr("close code %1 may not be sent: use 1000-1003, 1007-1014, 3000-4999 (RFC 6455 7.4)").arg(code);
}

QString ManualConnection::checkHeaderName(const QByteArray &name, Protocol protocol)
{
    if (name.isEmpty())
        return tr("a header has no name");
    // RFC 9110 5.1: field-name = token.
    if (!isToken(name))
        return tr("header name \"%1\" may only hold letters, digits and !#$%&'*+-.^_`|~ (RFC 9110 5.1)").arg(QString::fromLatin1(name));
    if (protocol == Protocol::WebSocket) {
        for (const char *reserved : {"Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Accept"}) {
            if (sameName(name, reserved))
                return tr("header \"%1\" is part of the WebSocket handshake and set by the client").arg(QString::fromLatin1(name));
        }
        // Subprotocols have a field of their own (Options::subprotocols), checked name by name.
        if (sameName(name, "Sec-WebSocket-Protocol"))
            return tr("header \"%1\": put the names in the Subprotocols field instead").arg(QString::fromLatin1(name));
        // The client offers no extension and refuses a server that picks one.
        if (sameName(name, "Sec-WebSocket-Extensions"))
            return tr("header \"%1\" is not supported by this client (it offers no extension)").arg(QString::fromLatin1(name));
    }
    if (sameName(name, "Content-Length") || sameName(name, "Transfer-Encoding"))
        return tr("header \"%1\" would describe a body the request does not have").arg(QString::fromLatin1(name));
    return {};
}

QString ManualConnection::checkSubprotocol(const QString &name)
{
    // RFC 6455 4.1 (and 11.3.4): each name is a token, U+0021-U+007E without separators.
    if (!isToken(name.toUtf8()))
        return tr("subprotocol \"%1\" may only hold letters, digits and !#$%&'*+-.^_`|~ (RFC 6455 4.1)").arg(name);
    return {};
}

QStringList ManualConnection::parseSubprotocols(const QString &text)
{
    QStringList names;
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QString name = part.trimmed();
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

QString ManualConnection::subprotocol() const
{
    return m_protocol == Protocol::WebSocket && m_ws ? m_ws->subprotocol() : QString();
}

QString ManualConnection::stateName(State state)
{
    switch (state) {
    case State::Unconnected: return tr("Disconnected");
    case State::Connecting: return tr("Connecting");
    case State::Open: return tr("Open");
    case State::Closing: return tr("Closing");
    }
    return {};
}

QUrl ManualConnection::requestUrl() const
{
    QUrl url = m_url;
    if (!m_options.token.isEmpty() && m_options.tokenPlacement == TokenPlacement::QueryParameter) {
        // Appended to the query as written: a QUrlQuery round trip would re-encode what the user
        // typed ("a=1;b=2" becomes "a=1;b%3D2"). A token= already in the URL gives way to this one.
        // (QUrl itself decodes escapes of unreserved characters, "%7E" to "~", which RFC 3986
        // 6.2.2.2 makes the same URI; every other escape stays as typed.)
        QStringList items;
        if (url.hasQuery()) {
            for (const QString &item : url.query(QUrl::FullyEncoded).split(QLatin1Char('&'))) {
                if (item.section(QLatin1Char('='), 0, 0) != u"token")
                    items.append(item);
            }
        }
        items.append(QStringLiteral("token=") + QString::fromLatin1(QUrl::toPercentEncoding(m_options.token)));
        url.setQuery(items.join(QLatin1Char('&')), QUrl::TolerantMode);
    }
    return url;
}

QByteArray ManualConnection::authorizationValue() const
{
    if (m_options.token.isEmpty() || m_options.tokenPlacement != TokenPlacement::AuthorizationHeader)
        return {};
    return "Bearer " + m_options.token.toUtf8();
}

bool ManualConnection::open(const QUrl &url)
{
    return open(url, Options());
}

bool ManualConnection::open(const QUrl &url, const Options &options)
{
    m_url = url;
    m_options = options;
    m_lastEventId.clear();
    m_retryMs.reset();
    m_reconnectAttempt = 0;
    return start(false);
}

bool ManualConnection::reconnect()
{
    if (m_url.isEmpty()) {
        reportError(tr("nothing to reconnect to: connect to a URL first"));
        return false;
    }
    logNote(ManualFrame::Kind::Info, tr("reconnecting"));
    return start(true);
}

bool ManualConnection::start(bool resume)
{
    m_reconnectTimer->stop();
    // A new connection replaces the old one without its end being reported as an error.
    if (m_ws)
        m_ws->abort();
    if (m_http)
        m_http->abort();
    if (m_state != State::Unconnected)
        logNote(ManualFrame::Kind::Info, tr("the previous connection was dropped for a new one"));
    m_pings.clear();
    m_closeRequested = false;
    m_requestHead.clear();
    m_responseHead = HttpResponseHead();
    m_handshakeMs = -1;
    if (m_state != State::Unconnected)
        setState(State::Unconnected);

    m_protocol = protocolFor(m_url);
    if (const QString problem = checkUrl(m_url); !problem.isEmpty()) {
        reportError(problem);
        return false;
    }
    bool hasAuthorization = false;
    for (const auto &header : std::as_const(m_options.headers)) {
        if (const QString problem = checkHeaderName(header.first, m_protocol); !problem.isEmpty()) {
            reportError(problem);
            return false;
        }
        hasAuthorization = hasAuthorization || sameName(header.first, "Authorization");
    }
    if (hasAuthorization && !authorizationValue().isEmpty()) {
        reportError(tr("both a token and an Authorization header are given: remove one"));
        return false;
    }
    if (m_protocol == Protocol::WebSocket) {
        for (const QString &name : std::as_const(m_options.subprotocols)) {
            if (const QString problem = checkSubprotocol(name); !problem.isEmpty()) {
                reportError(problem);
                return false;
            }
        }
    }

    setState(State::Connecting);
    const QUrl url = requestUrl();
    logNote(ManualFrame::Kind::Info, tr("connecting to %1").arg(url.toDisplayString()));
    m_handshakeTimer.start();
    if (m_protocol == Protocol::WebSocket)
        startWebSocket(url);
    else
        startSse(url, resume);
    return true;
}

void ManualConnection::startWebSocket(const QUrl &url)
{
    if (!m_ws) {
        m_ws = new WsClientConnection(this);
        connect(m_ws, &WsClientConnection::handshakeRequestSent, this, [this](const QByteArray &head) {
            m_requestHead = head;
            ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Handshake, head);
            f.wireBytes = head.size();
            logFrame(f);
            Q_EMIT handshakeRequestSent(head);
        });
        connect(m_ws, &WsClientConnection::handshakeResponseReceived, this, &ManualConnection::onResponseHead);
        connect(m_ws, &WsClientConnection::opened, this, [this] {
            m_reconnectAttempt = 0;
            // RFC 6455 4.1: the server's Sec-WebSocket-Protocol is its choice among those offered.
            if (const QString chosen = m_ws->subprotocol(); !chosen.isEmpty())
                logNote(ManualFrame::Kind::Info, tr("open; subprotocol \"%1\" chosen by the server").arg(chosen));
            else if (!m_options.subprotocols.isEmpty())
                logNote(ManualFrame::Kind::Info, tr("open; the server chose no subprotocol (offered: %1)").arg(m_options.subprotocols.join(QStringLiteral(", "))));
            setState(State::Open);
            Q_EMIT opened();
        });
        connect(m_ws, &WsClientConnection::textMessageReceived, this, [this](const QByteArray &utf8) {
            ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Text, utf8);
            logFrame(f);
        });
        connect(m_ws, &WsClientConnection::binaryMessageReceived, this, [this](const QByteArray &bytes) {
            logFrame(frame(ManualFrame::Direction::Received, ManualFrame::Kind::Binary, bytes));
        });
        connect(m_ws, &WsClientConnection::pingReceived, this, [this](const QByteArray &payload) {
            logFrame(frame(ManualFrame::Direction::Received, ManualFrame::Kind::Ping, payload));
            // WsClientConnection answered it already (RFC 6455 5.5.2); show the answer too.
            ManualFrame pong = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Pong, payload);
            pong.wireBytes = clientFrameBytes(payload.size());
            logFrame(pong);
        });
        connect(m_ws, &WsClientConnection::pongReceived, this, [this](const QByteArray &payload) {
            ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Pong, payload);
            for (qsizetype i = 0; i < m_pings.size(); ++i) {
                if (m_pings.at(i).first == payload) {
                    f.roundTripMs = double(m_clock.nsecsElapsed() - m_pings.at(i).second) / 1e6;
                    m_pings.remove(0, i + 1); // earlier unanswered pings will not be answered now
                    break;
                }
            }
            logFrame(f);
        });
        connect(m_ws, &WsClientConnection::closeFrameReceived, this, [this](quint16 code, const QString &reason) {
            ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Close, reason.toUtf8());
            f.closeCode = code == WsClientConnection::closeNoStatus ? 0 : code;
            logFrame(f);
            if (!m_closeRequested) {
                // RFC 6455 5.5.1: WsClientConnection answers with a Close echoing the code.
                ManualFrame reply = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Close);
                reply.closeCode = f.closeCode;
                logFrame(reply);
                setState(State::Closing);
            }
        });
        connect(m_ws, &WsClientConnection::closed, this, &ManualConnection::onWsClosed);
        connect(m_ws, &WsClientConnection::failed, this, [this](const QString &error) {
            setState(State::Unconnected);
            reportError(m_responseHead.status == 0 ? tr("cannot connect to %1: %2").arg(m_url.authority(), error) : error);
            const QPointer<ManualConnection> self(this);
            Q_EMIT closed(WsClientConnection::closeAbnormal, error);
            if (self)
                scheduleReconnect(m_responseHead.status >= 400);
        });
    }
    WsClientConnection::Options options;
    options.headers = m_options.headers;
    if (const QByteArray authorization = authorizationValue(); !authorization.isEmpty())
        options.headers.append({"Authorization", authorization});
    options.subprotocols = m_options.subprotocols;
    options.acceptSelfSigned = m_options.ignoreCertificateErrors;
    m_ws->open(url, options);
}

void ManualConnection::onResponseHead(const HttpResponseHead &head)
{
    m_responseHead = head;
    m_handshakeMs = m_handshakeTimer.elapsed();
    const QByteArray text = headText(head);
    ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Handshake, text);
    f.wireBytes = text.size() + 2;
    logFrame(f);
    Q_EMIT handshakeResponseReceived(head, m_handshakeMs);
}

void ManualConnection::onWsClosed(quint16 code, const QString &reason)
{
    const bool requested = m_closeRequested;
    setState(State::Unconnected);
    if (requested || code == WsClientConnection::closeNormal || code == 1001 || code == WsClientConnection::closeNoStatus) {
        logNote(ManualFrame::Kind::Info, reason.isEmpty() ? tr("connection closed (%1)").arg(code)
                                                          : tr("connection closed (%1 %2)").arg(code).arg(reason));
    } else if (code == WsClientConnection::closeAbnormal) {
        reportError(tr("connection lost without a Close frame (1006): %1").arg(reason));
    } else {
        reportError(reason.isEmpty() ? tr("the server closed the connection with code %1").arg(code)
                                     : tr("the server closed the connection with code %1: %2").arg(code).arg(reason));
    }
    const QPointer<ManualConnection> self(this);
    Q_EMIT closed(code, reason);
    // 4001 is the embedded server's "Unauthorized" (DESIGN section 4): trying again with the
    // same token cannot help.
    if (self && !requested)
        scheduleReconnect(code == 4001);
}

void ManualConnection::startSse(const QUrl &url, bool resume)
{
    if (!m_http) {
        m_http = new HttpClientConnection(this);
        connect(m_http, &HttpClientConnection::connected, this, &ManualConnection::onSseConnected);
        connect(m_http, &HttpClientConnection::responseHead, this, &ManualConnection::onSseHead);
        connect(m_http, &HttpClientConnection::bodyData, this, &ManualConnection::onSseBody);
        connect(m_http, &HttpClientConnection::responseComplete, this, &ManualConnection::onSseComplete);
        connect(m_http, &HttpClientConnection::disconnected, this, &ManualConnection::onSseDisconnected);
        connect(m_http, &HttpClientConnection::failed, this, &ManualConnection::onSseFailed);
    }
    m_parser = SseParser();
    // Browsers start a reconnected stream from the previous one's last event ID string, so an
    // event without id: (the embedded server's welcome) does not forget where the stream stands.
    if (resume)
        m_parser.setLastEventId(m_lastEventId);
    m_comments = 0;
    m_sseRefused = false;
    m_refusalBody.clear();

    Headers headers{{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"}};
    bool userLastEventId = false;
    for (const auto &header : std::as_const(m_options.headers))
        userLastEventId = userLastEventId || sameName(header.first, "Last-Event-ID");
    // WHATWG SSE: a reconnecting EventSource sends its last event ID string, when it has one.
    if (resume && !m_lastEventId.isEmpty() && !userLastEventId)
        headers.append({"Last-Event-ID", m_lastEventId.toUtf8()});
    headers += m_options.headers;
    if (const QByteArray authorization = authorizationValue(); !authorization.isEmpty())
        headers.append({"Authorization", authorization});
    QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (!target.startsWith('/'))
        target.prepend('/');
    // Shown as written: HttpClientConnection formats its requests with the same function.
    m_sseRequest = HttpClientConnection::formatRequest("GET", target, HttpClientConnection::hostHeaderFor(url), headers);
    m_http->connectToHost(url, m_options.ignoreCertificateErrors);
    m_http->sendRequest("GET", target, headers, {}, HttpClientConnection::Body::Streamed);
}

void ManualConnection::onSseConnected()
{
    m_requestHead = m_sseRequest;
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Handshake, m_sseRequest);
    f.wireBytes = m_sseRequest.size();
    logFrame(f);
    Q_EMIT handshakeRequestSent(m_sseRequest);
}

void ManualConnection::onSseHead(int status, const HttpResponseHead &head)
{
    const QPointer<ManualConnection> self(this);
    onResponseHead(head);
    if (!self || m_state != State::Connecting)
        return;
    // HTML 9.2.3 "announce the connection": 200 and an event-stream Content-Type, else fail the
    // connection.
    if (status != 200 || !SseParser::isEventStreamContentType(head.value("Content-Type"))) {
        // Read the body (the server's JSON error says why) and report when it is complete.
        m_sseRefused = true;
        return;
    }
    m_reconnectAttempt = 0;
    setState(State::Open);
    Q_EMIT opened();
}

void ManualConnection::onSseBody(const QByteArray &bytes)
{
    if (m_sseRefused) {
        if (m_refusalBody.size() < 4096)
            m_refusalBody += bytes.left(4096 - m_refusalBody.size());
        return;
    }
    readSse(bytes);
}

void ManualConnection::readSse(const QByteArray &bytes)
{
    const QPointer<ManualConnection> self(this);
    const QList<SseParser::Event> events = m_parser.feed(bytes);
    // HTML 9.2.6 "dispatch the event" step 1: the last event ID string (sent as Last-Event-ID on
    // reconnect) follows the ID buffer at every blank line; an empty id: clears it, and an id: of
    // an event the stream never finished does not count.
    m_lastEventId = m_parser.lastEventIdString();
    // WHATWG SSE: retry: sets the reconnection time; shown when it changes.
    if (m_parser.retryMs() && m_parser.retryMs() != m_retryMs) {
        m_retryMs = m_parser.retryMs();
        ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Retry);
        f.retryMs = *m_retryMs;
        logFrame(f);
        if (!self)
            return;
    }
    // WHATWG SSE: lines starting with a colon are comments (the server's heartbeat); the parser
    // counts them without keeping their text.
    if (m_parser.commentCount() != m_comments) {
        const int added = m_parser.commentCount() - m_comments;
        m_comments = m_parser.commentCount();
        logFrame(frame(ManualFrame::Direction::Received, ManualFrame::Kind::Comment,
                       tr("%n comment line(s) (heartbeat)", nullptr, added).toUtf8()));
        if (!self)
            return;
    }
    for (const SseParser::Event &event : events) {
        ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Event, event.data.toUtf8());
        f.eventType = event.type;
        f.eventId = event.lastEventId;
        logFrame(f);
        if (!self || m_state != State::Open)
            return;
    }
}

void ManualConnection::onSseComplete(int status, const QByteArray &body)
{
    Q_UNUSED(body);
    if (m_sseRefused) {
        QString why;
        const QJsonObject object = QJsonDocument::fromJson(m_refusalBody).object();
        if (object.value(QLatin1String("error")).isString())
            why = object.value(QLatin1String("error")).toString();
        else
            why = QString::fromUtf8(m_refusalBody.left(300)).simplified();
        const QString reason = QString::fromLatin1(m_responseHead.reason);
        QString message;
        if (status != 200)
            message = why.isEmpty() ? tr("the server refused the stream: HTTP %1 %2").arg(status).arg(reason)
                                    : tr("the server refused the stream: HTTP %1 %2: %3").arg(status).arg(reason, why);
        else
            message = tr("not an event stream: Content-Type is \"%1\", expected text/event-stream")
                          .arg(QString::fromLatin1(m_responseHead.value("Content-Type")));
        if (m_http)
            m_http->abort();
        setState(State::Unconnected);
        reportError(message);
        const QPointer<ManualConnection> self(this);
        Q_EMIT closed(0, message);
        if (self)
            scheduleReconnect(true);
        return;
    }
    ended(0, tr("the server ended the stream"));
}

void ManualConnection::onSseDisconnected()
{
    if (m_state == State::Unconnected)
        return;
    ended(0, m_state == State::Open ? tr("the server ended the stream") : tr("the connection closed before a response"));
}

void ManualConnection::onSseFailed(const QString &error)
{
    if (m_state == State::Unconnected)
        return;
    const bool wasOpen = m_state == State::Open;
    setState(State::Unconnected);
    reportError(wasOpen ? tr("the stream was lost: %1").arg(error)
                        : m_responseHead.status == 0 ? tr("cannot connect to %1: %2").arg(m_url.authority(), error)
                                                     : error);
    const QPointer<ManualConnection> self(this);
    Q_EMIT closed(0, error);
    if (self)
        scheduleReconnect(false);
}

void ManualConnection::ended(quint16 code, const QString &reason)
{
    if (m_state == State::Unconnected)
        return;
    if (m_http)
        m_http->abort();
    setState(State::Unconnected);
    logNote(ManualFrame::Kind::Info, reason);
    const QPointer<ManualConnection> self(this);
    Q_EMIT closed(code, reason);
    if (self)
        scheduleReconnect(false);
}

bool ManualConnection::sendText(const QString &text)
{
    if (m_protocol != Protocol::WebSocket || !m_ws || m_state != State::Open) {
        reportError(m_protocol == Protocol::Sse ? tr("an SSE stream only receives: nothing can be sent on it")
                                                : tr("not connected: connect before sending"));
        return false;
    }
    const QByteArray utf8 = text.toUtf8();
    if (!m_ws->sendText(utf8))
        return false;
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Text, utf8);
    f.wireBytes = clientFrameBytes(utf8.size());
    logFrame(f);
    return true;
}

bool ManualConnection::sendBinary(const QByteArray &bytes)
{
    if (m_protocol != Protocol::WebSocket || !m_ws || m_state != State::Open) {
        reportError(tr("not connected: connect before sending"));
        return false;
    }
    if (!m_ws->sendBinary(bytes))
        return false;
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Binary, bytes);
    f.wireBytes = clientFrameBytes(bytes.size());
    logFrame(f);
    return true;
}

bool ManualConnection::sendPing(const QByteArray &payload)
{
    if (m_protocol != Protocol::WebSocket || !m_ws || m_state != State::Open) {
        reportError(m_protocol == Protocol::Sse ? tr("SSE has no ping") : tr("not connected: connect before sending a ping"));
        return false;
    }
    // RFC 6455 5.5: control frames carry at most 125 bytes.
    if (payload.size() > 125) {
        reportError(tr("a ping carries at most 125 bytes (RFC 6455 5.5), this one has %1").arg(payload.size()));
        return false;
    }
    if (!m_ws->ping(payload))
        return false;
    m_pings.append({payload, m_clock.nsecsElapsed()});
    if (m_pings.size() > 64)
        m_pings.removeFirst();
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Ping, payload);
    f.wireBytes = clientFrameBytes(payload.size());
    logFrame(f);
    return true;
}

QUrl ManualConnection::publishUrlFor(const QUrl &streamUrl)
{
    QUrl url = streamUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    url.setPath(QStringLiteral("/publish"));
    return url;
}

bool ManualConnection::post(const QUrl &url, const QByteArray &body, const Options &options)
{
    if (const QString problem = checkUrl(url); !problem.isEmpty()) {
        reportError(problem);
        return false;
    }
    if (protocolFor(url) != Protocol::Sse) {
        reportError(tr("a POST goes to an http:// or https:// URL, not %1").arg(url.toDisplayString()));
        return false;
    }
    Headers headers{{"Content-Type", "application/json"}};
    for (const auto &header : options.headers) {
        if (const QString problem = checkHeaderName(header.first, Protocol::Sse); !problem.isEmpty()) {
            reportError(problem);
            return false;
        }
        if (!sameName(header.first, "Last-Event-ID") && !sameName(header.first, "Content-Type"))
            headers.append(header);
    }
    QUrl target = url;
    if (!options.token.isEmpty()) {
        if (options.tokenPlacement == TokenPlacement::AuthorizationHeader) {
            headers.append({"Authorization", "Bearer " + options.token.toUtf8()});
        } else {
            QUrlQuery query(target);
            query.addQueryItem(QStringLiteral("token"), QString::fromUtf8(QUrl::toPercentEncoding(options.token)));
            target.setQuery(query);
        }
    }
    if (!m_post) {
        m_post = new HttpClientConnection(this);
        connect(m_post, &HttpClientConnection::responseComplete, this, [this](int status, const QByteArray &responseBody) {
            ManualFrame f = frame(ManualFrame::Direction::Received, ManualFrame::Kind::Http, responseBody.trimmed());
            f.httpLine = tr("HTTP %1").arg(status);
            logFrame(f);
            if (status >= 400) {
                const QJsonObject object = QJsonDocument::fromJson(responseBody).object();
                const QString why = object.value(QLatin1String("error")).isString()
                    ? object.value(QLatin1String("error")).toString()
                    : QString::fromUtf8(responseBody.left(300)).simplified();
                reportError(tr("the POST was refused: HTTP %1: %2").arg(status).arg(why));
            }
            Q_EMIT postFinished(status, responseBody);
        });
        connect(m_post, &HttpClientConnection::failed, this, [this](const QString &error) {
            reportError(tr("the POST failed: %1").arg(error));
            Q_EMIT postFinished(0, {});
        });
    }
    // One keep-alive connection per origin; a new origin (or a closed connection) opens another.
    const QUrl origin = target.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    // While connecting, requests queue on the connection; only a new origin or a closed
    // connection starts another.
    if (origin != m_postOrigin || (!m_post->isConnected() && m_post->pendingResponses() == 0))
        m_post->connectToHost(target, options.ignoreCertificateErrors);
    m_postOrigin = origin;
    QByteArray path = target.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (!path.startsWith('/'))
        path.prepend('/');
    m_post->sendRequest("POST", path, headers, body);
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Http, body);
    f.httpLine = QStringLiteral("POST %1").arg(QString::fromUtf8(path));
    f.wireBytes = HttpClientConnection::formatRequest("POST", path, HttpClientConnection::hostHeaderFor(target), headers, body).size();
    logFrame(f);
    return true;
}

bool ManualConnection::close(quint16 code, const QString &reason)
{
    if (m_state == State::Unconnected) {
        if (m_reconnectTimer->isActive()) {
            abort();
            return true;
        }
        reportError(tr("not connected"));
        return false;
    }
    if (m_protocol == Protocol::Sse) {
        m_closeRequested = true;
        if (m_http)
            m_http->abort();
        setState(State::Unconnected);
        logNote(ManualFrame::Kind::Info, tr("stream closed by the client"));
        Q_EMIT closed(0, tr("closed by the client"));
        return true;
    }
    if (const QString problem = checkCloseCode(code); !problem.isEmpty()) {
        reportError(problem);
        return false;
    }
    const QByteArray utf8 = reason.toUtf8();
    // RFC 6455 5.5: 125 bytes of control payload, two of them the code.
    if (utf8.size() > 123) {
        reportError(tr("a close reason holds at most 123 bytes of UTF-8 (RFC 6455 5.5.1), this one has %1").arg(utf8.size()));
        return false;
    }
    if (m_state != State::Open) {
        abort();
        return true;
    }
    m_closeRequested = true;
    ManualFrame f = frame(ManualFrame::Direction::Sent, ManualFrame::Kind::Close, utf8);
    f.closeCode = code;
    f.wireBytes = clientFrameBytes(2 + utf8.size());
    logFrame(f);
    setState(State::Closing);
    m_ws->close(code, reason);
    return true;
}

void ManualConnection::abort()
{
    if (m_reconnectTimer->isActive()) {
        m_reconnectTimer->stop();
        logNote(ManualFrame::Kind::Info, tr("automatic reconnect cancelled"));
        Q_EMIT stateChanged(m_state);
    }
    if (m_state == State::Unconnected)
        return;
    if (m_ws)
        m_ws->abort();
    if (m_http)
        m_http->abort();
    setState(State::Unconnected);
    logNote(ManualFrame::Kind::Info, tr("connection dropped by the client"));
    Q_EMIT closed(m_protocol == Protocol::WebSocket ? WsClientConnection::closeAbnormal : 0, tr("dropped by the client"));
}

void ManualConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

ManualFrame ManualConnection::frame(ManualFrame::Direction direction, ManualFrame::Kind kind, QByteArray payload) const
{
    ManualFrame f;
    f.timeMs = QDateTime::currentMSecsSinceEpoch();
    f.direction = direction;
    f.kind = kind;
    f.payload = std::move(payload);
    return f;
}

void ManualConnection::logFrame(const ManualFrame &frame)
{
    if (frame.kind == ManualFrame::Kind::Text || frame.kind == ManualFrame::Kind::Http) {
        ManualFrame typed = frame;
        typed.messageType = ManualFrame::jsonType(frame.payload);
        Q_EMIT frameLogged(typed);
        return;
    }
    if (frame.kind == ManualFrame::Kind::Event) {
        ManualFrame typed = frame;
        typed.messageType = frame.eventType;
        Q_EMIT frameLogged(typed);
        return;
    }
    Q_EMIT frameLogged(frame);
}

void ManualConnection::logNote(ManualFrame::Kind kind, const QString &text)
{
    logFrame(frame(ManualFrame::Direction::Local, kind, text.toUtf8()));
}

void ManualConnection::reportError(const QString &message)
{
    logNote(ManualFrame::Kind::Error, message);
    Q_EMIT errorOccurred(message);
}
