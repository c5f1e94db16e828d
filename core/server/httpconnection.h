#pragma once

#include "channel.h"
#include "subscriber.h"
#include "timerwheel.h"
#include "wsadmission.h"
#include "inspect/frametap.h"
#include "protocol/httprequesthead.h"
#include "protocol/httpresponse.h"

#include <QHostAddress>
#include <QObject>

class ServerSocket;
class Worker;

// One accepted TCP connection while it speaks plain HTTP/1.1 on a worker thread: reads request
// heads (strict limits, timeouts), routes them (/, /healthz, /metrics, /publish, /events, /poll),
// keeps the connection alive between requests, and becomes an SSE stream or a parked long-poll
// when asked. A WebSocket upgrade is handed to the Worker with the head still unread.
class HttpConnection : public QObject, public Subscriber, private TimerWheel::Timer
{
    Q_OBJECT
public:
    HttpConnection(Worker &worker, ServerSocket *socket);
    ~HttpConnection() override;

    void deliver(const MessagePtr &message) override;
    void writeNow(const QByteArray &bytes) override;
    bool isClosing() const override { return m_state == State::Closing; }

    void closeGracefully();
    // Closes now; what was queued still drains to the peer.
    void abortNow();
    // Closes with a TCP reset, dropping what was queued (stalled or dropped peers).
    void resetNow();
    void setReadingStopped(bool stopped);
    // With a broker: the number it gave the message this connection published (Worker).
    void answerPublish(const Channel::Published &published);

private:
    // Publishing: a POST /publish waits for the broker to number its message.
    enum class State { ReadingHead, ReadingBody, Streaming, Polling, Publishing, Closing };

    // The state's next deadline (head timeout, keep-alive, heartbeat, poll timeout, linger) on
    // the worker's timing wheel; called whenever the state or one of its clocks changes.
    void rearm();
    void timerExpired(qint64 nowNs) override;
    qint64 readBufferLimit() const;
    void onReadyRead();
    void processBuffered();
    void route(const HttpRequestHead &head, const QByteArray &body);
    void respond(const HttpResponse &response, const HttpRequestHead &head);
    // 503 with Retry-After: the channel limit frees up only when an idle channel is evicted.
    void respondChannelLimit(const HttpRequestHead &head);
    // With JWT: verifies the upgrade's token into the admission (its user and expiry, or the
    // 4001 refusal with its reason); false when the token was refused.
    bool admitToken(const HttpRequestHead &head, WsAdmission &admission) const;
    void fail(int status, const QString &message, bool closeAfter = true,
              const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    void finishResponse(bool keepAlive);
    void closeAfterWrite();
    void onDisconnected();

    bool checkAccess(const HttpRequestHead &head, bool tokenRequired);
    QByteArray corsHeaderFor(const HttpRequestHead &head) const;
    void handWebSocket(const HttpRequestHead &head);
    void servePublish(const HttpRequestHead &head, const QByteArray &body);
    void serveEvents(const HttpRequestHead &head);
    void servePoll(const HttpRequestHead &head);
    void answerPoll(bool timedOut);
    void leavePolling();
    // The inspector's tap, reached only while it samples (callers check frameTap.active()).
    void tapFrame(FrameTap &tap, FrameRecord::Direction direction, FrameRecord::Protocol protocol,
                  QByteArrayView json, const ChannelMessage *message = nullptr);

    Worker &m_worker;
    ServerSocket *m_socket;
    State m_state = State::ReadingHead;
    bool m_readingStopped = false;
    QHostAddress m_peer;           // kept: a disconnected socket no longer knows its peer
    bool m_holdsAddressSlot = false;
    bool m_finished = false;
    bool m_overAddressLimit = false;
    qint64 m_headStartedNs = 0;   // the head (and body) clock; 0 while idle between requests
    qint64 m_idleSinceNs = 0;
    HttpRequestHead m_pendingHead; // while the body is being read
    qint64 m_pendingBodyLength = 0;

    // SSE stream
    qint64 m_nextHeartbeatNs = 0;
    qint64 m_tokenExpiresNs = 0;  // JWT: an SSE stream ends then (0: no expiry)
    // POST /publish through a broker
    HttpRequestHead m_publishHead;
    quint64 m_publishToken = 0;
    // Long poll
    HttpRequestHead m_pollHead;
    quint64 m_pollSince = 0;
    qint64 m_pollDeadlineNs = 0;
    FrameTap::Endpoint m_tapEndpoint;
};
