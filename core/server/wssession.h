#pragma once

#include "replaybuffer.h"
#include "subscriber.h"
#include "timerwheel.h"
#include "tokenbucket.h"
#include "wsadmission.h"
#include "inspect/frametap.h"

#include <QList>
#include <QObject>

#include <functional>
#include <QWebSocketProtocol>

class QWebSocket;
class ServerSocket;
class Worker;

// One accepted WebSocket connection on a worker thread: subscribed to one channel, it publishes
// what the client sends, answers echo and sync, and receives the channel's messages as
// pre-encoded frames written straight to its socket. Enforces the rate limit, the slow-consumer
// limit and the ping/pong liveness check. Owned by its Worker.
class WsSession : public QObject, public Subscriber, private TimerWheel::Timer
{
    Q_OBJECT
public:
    WsSession(Worker &worker, QWebSocket *webSocket, ServerSocket *socket, WsAdmission admission);
    ~WsSession() override;

    void start();
    void deliver(const MessagePtr &message) override;
    void writeNow(const QByteArray &bytes) override;
    bool isClosing() const override { return m_closing; }

    void closeWith(int code, const QString &reason);
    void closeGoingAway();
    // Closes the TCP connection without a close frame; what was queued still drains to the peer.
    void abortNow();
    // Closes with a TCP reset, dropping what was queued (gone, stalled or dropped peers).
    void resetNow();
    void setReadingStopped(bool stopped);

private:
    // Subscribes, welcomes, then reads what the client sent while it was being admitted.
    void subscribeAndWelcome();
    // The presence directory's answer for a connection of a known user (docs/server.md, "Presence").
    void admitted(bool admitted, int userConnections, int limit);
    void answerPresence();
    // Returns a function (callable from any thread) that runs `answer` on this session on its
    // worker thread if the session still exists then, and `ifGone` (may be empty) otherwise.
    std::function<void(std::function<void(WsSession &)>, std::function<void()>)> answerLater();
    // The next ping, or the close grace, on the worker's timing wheel.
    void rearm();
    void timerExpired(qint64 nowNs) override;
    void onTextMessage(const QString &text);
    void onBinaryMessage(const QByteArray &data);
    void onDisconnected();
    void sendJson(const QByteArray &json);
    void sendSlice(const ReplayBuffer::Slice &slice, quint64 since, bool announceDone);
    bool checkSlowConsumer(qint64 extraBytes);
    void refuseOverRate();
    // The inspector's tap, reached only while it samples (callers check frameTap.active()).
    void tapFrame(FrameTap &tap, FrameRecord::Direction direction, QByteArrayView json, const ChannelMessage *message = nullptr);

    Worker &m_worker;
    QWebSocket *m_webSocket;
    ServerSocket *m_socket;
    WsAdmission m_admission;
    TokenBucket m_bucket;
    int m_rateStrikes = 0;
    bool m_closing = false;
    bool m_finished = false;
    bool m_resetOnAbort = false;
    qint64 m_closeDeadlineNs = 0;
    qint64 m_nextPingNs = 0;
    qint64 m_tokenExpiresNs = 0; // JWT "exp" on the monotonic clock; 0: none
    int m_unansweredPings = 0;
    FrameTap::Endpoint m_tapEndpoint;
    bool m_admitting = false;     // waiting for the presence directory
    bool m_present = false;       // counted in presence: leave() when this ends
    QList<QString> m_early;       // sent while being admitted, read after
    QList<quint64> m_answerTokens; // answers on their way (Worker::awaitAnswer)
};
