#pragma once

#include "manual/manualframe.h"
#include "protocol/sseparser.h"
#include "sim/httpresponsereader.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class HttpClientConnection;
class QTimer;
class WsClientConnection;

// One interactive connection for the window's manual client: a WebSocket (ws://, wss://) or an
// SSE stream (http://, https://), with the user's headers and token. Everything that happens is
// reported as a timestamped ManualFrame (frameLogged()): the handshake's request and response
// heads, every frame or event in and out, pings and pongs, close codes, errors. It reuses the
// simulator's own clients (WsClientConnection, HttpClientConnection + SseParser), which expose
// the raw handshake that QWebSocket hides.
// Owned by one manual client tab and used in the GUI thread: one connection at human rates, so
// a signal per frame is fine here (the simulator's clients never signal per message across threads).
class ManualConnection : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    enum class Protocol { None, WebSocket, Sse };
    Q_ENUM(Protocol)
    enum class State { Unconnected, Connecting, Open, Closing };
    Q_ENUM(State)
    // Where the token goes (the embedded server accepts both, DESIGN section 4).
    enum class TokenPlacement { AuthorizationHeader, QueryParameter };

    struct Options
    {
        Headers headers;
        QString token;                      // empty: none
        TokenPlacement tokenPlacement = TokenPlacement::AuthorizationHeader;
        bool ignoreCertificateErrors = false; // wss/https to a local self-signed server
        // WebSocket: offered in Sec-WebSocket-Protocol (RFC 6455 4.1), in this order; the server
        // may choose one (subprotocol()). Ignored for SSE.
        QStringList subprotocols;
    };

    explicit ManualConnection(QObject *parent = nullptr);
    ~ManualConnection() override;

    // ws/wss: WebSocket; http/https: SSE; anything else: None.
    static Protocol protocolFor(const QUrl &url);
    // Empty when the URL can be opened, otherwise what is wrong with it.
    static QString checkUrl(const QUrl &url);
    // Empty when `code` may be sent in a Close frame (RFC 6455 7.4), otherwise why not.
    static QString checkCloseCode(int code);
    // Empty when `name` is a valid header name (RFC 9110 5.1: a token) that the client does
    // not set itself, otherwise why not.
    static QString checkHeaderName(const QByteArray &name, Protocol protocol);
    // Empty when `name` may be offered as a subprotocol (RFC 6455 4.1: a token), otherwise why not.
    static QString checkSubprotocol(const QString &name);
    // "graphql-transport-ws, chat.v1" as typed: the names in order, blanks and repeats dropped.
    static QStringList parseSubprotocols(const QString &text);

    // Opens a new connection (dropping the current one without signals of its own). False, with
    // an Error frame and errorOccurred(), when the URL or a header is invalid.
    bool open(const QUrl &url, const Options &options);
    bool open(const QUrl &url);
    // Opens the last URL again with the same options; an SSE stream resumes with Last-Event-ID.
    bool reconnect();

    // WebSocket only; false (and an Error frame saying why) when not open.
    bool sendText(const QString &text);
    bool sendBinary(const QByteArray &bytes);
    bool sendPing(const QByteArray &payload = {});
    // Beside an SSE stream (which only receives): POSTs `body` as JSON to `url`, with the
    // options' token and headers, on a keep-alive connection of its own. The request and the
    // response are logged as Http frames; postFinished() follows, and errorOccurred() for a
    // status of 400 or more (with the server's error message) or a connection failure.
    bool post(const QUrl &url, const QByteArray &body, const Options &options);
    // The embedded server's publish endpoint beside a stream URL: same origin, path /publish.
    static QUrl publishUrlFor(const QUrl &streamUrl);

    // WebSocket: starts the closing handshake with `code` and `reason`; SSE: ends the stream.
    // False (and an Error frame) for a code RFC 6455 does not allow to be sent.
    bool close(quint16 code = 1000, const QString &reason = {});
    // Drops the connection at once, logged as the client's doing; cancels a pending reconnect.
    void abort();

    // Opens the connection again by itself when it ends without the user asking (the server
    // closed or restarted, the connection was lost, it could not connect): an SSE stream after
    // the server's retry: time (3 s without one) with Last-Event-ID, like an EventSource; a
    // WebSocket after 1 s, doubling to 30 s. A refused handshake (HTTP 401, 403 ...) is not
    // retried. Off by default; turning it off cancels a pending reconnect.
    void setAutoReconnect(bool enabled);
    bool autoReconnect() const { return m_autoReconnect; }
    bool isReconnectPending() const;

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    Protocol protocol() const { return m_protocol; }
    QUrl url() const { return m_url; }
    const Options &options() const { return m_options; }
    // WebSocket: the subprotocol the server chose from those offered; empty when none was.
    QString subprotocol() const;
    // The URL as requested: with the token in the query when placed there. The query the user
    // typed is kept as it was written (a token is appended after it).
    QUrl requestUrl() const;
    // SSE: the last event ID seen (sent as Last-Event-ID by reconnect()).
    QString lastEventId() const { return m_lastEventId; }
    std::optional<qint64> serverRetryMs() const { return m_retryMs; }
    QByteArray requestHead() const { return m_requestHead; }
    const HttpResponseHead &responseHead() const { return m_responseHead; }
    qint64 handshakeMs() const { return m_handshakeMs; }

    static QString stateName(State state);

Q_SIGNALS:
    void stateChanged(ManualConnection::State state);
    void handshakeRequestSent(const QByteArray &requestHead);
    void handshakeResponseReceived(const HttpResponseHead &head, qint64 elapsedMs);
    void frameLogged(const ManualFrame &frame);
    void opened();
    // An automatic reconnect will start in `delayMs` (attempt counts from 1 since the last open).
    void reconnectScheduled(qint64 delayMs, int attempt);
    void postFinished(int status, const QByteArray &body);
    // The connection ended: the WebSocket close code and reason (1006 when it ended without a
    // Close frame), or 0 for an SSE stream.
    void closed(quint16 code, const QString &reason);
    // Anything that went wrong: a refused handshake (401 ...), a close code other than a normal
    // one from the server (4001 Unauthorized ...), a lost connection, a TLS or connect error.
    void errorOccurred(const QString &message);

private:
    bool start(bool resume);
    void startWebSocket(const QUrl &url);
    void startSse(const QUrl &url, bool resume);
    void setState(State state);
    ManualFrame frame(ManualFrame::Direction direction, ManualFrame::Kind kind, QByteArray payload = {}) const;
    void logFrame(const ManualFrame &frame);
    void logNote(ManualFrame::Kind kind, const QString &text);
    void reportError(const QString &message);
    void ended(quint16 code, const QString &reason);
    // After an end the user did not ask for: schedules the automatic reconnect, if enabled.
    void scheduleReconnect(bool refused);
    QByteArray authorizationValue() const;
    void onResponseHead(const HttpResponseHead &head);

    // WebSocket
    void onWsClosed(quint16 code, const QString &reason);
    // SSE
    void onSseConnected();
    void onSseHead(int status, const HttpResponseHead &head);
    void onSseBody(const QByteArray &bytes);
    void onSseComplete(int status, const QByteArray &body);
    void onSseDisconnected();
    void onSseFailed(const QString &error);
    void readSse(const QByteArray &bytes);

    WsClientConnection *m_ws = nullptr;
    HttpClientConnection *m_http = nullptr;
    Protocol m_protocol = Protocol::None;
    State m_state = State::Unconnected;
    QUrl m_url;
    Options m_options;
    QByteArray m_requestHead;
    HttpResponseHead m_responseHead;
    QElapsedTimer m_handshakeTimer;
    qint64 m_handshakeMs = -1;
    bool m_closeRequested = false;
    bool m_autoReconnect = false;
    int m_reconnectAttempt = 0;
    QTimer *m_reconnectTimer = nullptr;

    // Pings in flight, for the pong's round trip (RFC 6455 5.5.3: a pong echoes the payload).
    QList<QPair<QByteArray, qint64>> m_pings;
    QElapsedTimer m_clock;

    // POST beside the stream
    HttpClientConnection *m_post = nullptr;
    QUrl m_postOrigin;

    // SSE
    QByteArray m_sseRequest;
    SseParser m_parser;
    bool m_sseRefused = false;      // a response other than 200 text/event-stream
    QByteArray m_refusalBody;
    QString m_lastEventId;
    std::optional<qint64> m_retryMs;
    int m_comments = 0;
};
