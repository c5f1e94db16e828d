#pragma once

#include "inspect/frametap.h"
#include "inspect/frametaplink.h"
#include "scenario/scenario.h"
#include "sim/reconnectpolicy.h"
#include "sim/sequencetracker.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <optional>

class ClientPool;
class QJsonObject;

// One simulated user (DESIGN section 5): connects, stays for its session, sends on the clock,
// verifies every channel message it receives, and reconnects by its group's policy when the
// connection ends without it asking. The protocol subclasses (WebSocket, SSE, long poll,
// publish) only open and close their transport and report what happened; counting, backoff,
// resume points and latency live here, so every protocol is measured the same way.
// Owned by its ClientPool; lives and dies in the pool's thread.
class SimClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Open, WaitingToReconnect, Left };
    // How a session ended, which decides what happens next.
    enum class CloseKind {
        ByClient,        // we closed it (churn, leave)
        GoingAway,       // the server asked us to come back (1001): reconnect at once
        Unexpected,      // error, reset, other close codes: reconnect with backoff
    };

    SimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed);
    ~SimClient() override;

    void start();
    // The group's ramp-down or the run's end: close and stay closed.
    void leave();
    // Ends this session on purpose (churn); the client comes back at once.
    void churn();
    // One open-model send, scheduled for `intendedNs` (latency counts from then, not from now).
    void sendScheduled(qint64 intendedNs);

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    int groupIndex() const { return m_groupIndex; }
    int clientIndex() const { return m_clientIndex; }
    const scenario::Group &group() const { return m_group; }
    QString channel() const { return m_channel; }

protected:
    // --- for the protocol subclasses ---
    virtual void openTransport() = 0;
    virtual void closeTransport() = 0;   // orderly close; must end in transportClosed()
    virtual void abortTransport() = 0;   // immediate, no signals afterwards
    // Sends one message with this payload; false when it could not go out.
    virtual bool sendPayload(const QByteArray &payloadJson) { Q_UNUSED(payloadJson); return false; }

    void transportOpened();
    // Either may be called in any state: a failure of an open session is an unexpected close,
    // and a close before the session opened is a failed connect.
    void transportFailed(const QString &why);
    void transportClosed(CloseKind kind);
    // Drops a transport object (WsClientConnection, QTcpSocket, HttpClientConnection), also from inside
    // one of its own signals: nothing more reaches this client from it, and it is freed later.
    template <typename Transport>
    void discardTransport(Transport *&transport)
    {
        if (!transport)
            return;
        transport->disconnect(this);
        transport->abort();
        transport->deleteLater();
        transport = nullptr;
    }
    // The channel's newest sequence number when we joined (WS/SSE welcome, first poll answer).
    void welcomed(quint64 latest);
    // A channel message with its sequence number, if it had one (echo replies do not).
    void messageReceived(std::optional<quint64> seq, const QJsonObject &payload, qsizetype bytes);
    // The server says messages before `oldest` are gone (sync.reset, event: reset, reset:true).
    void resetReceived(quint64 oldest, quint64 latest);
    void errorReceived();
    void bytesSent(qsizetype bytes);
    // Where to resume from after a reconnect, if this group resumes and something was seen.
    std::optional<quint64> resumePoint() const;
    void setServerRetry(std::chrono::milliseconds retry) { m_reconnect.setServerRetry(retry); }
    // The message body this client sends at `intendedNs`: the payload carries the send time.
    QByteArray makePayload(qint64 intendedNs);
    QUrl url(const QList<QPair<QString, QString>> &query = {}) const;
    // The address to connect from when the run spreads connections over several; null if not.
    QHostAddress sourceAddress() const;
    ClientPool &pool() const { return m_pool; }
    bool hasOpenedBefore() const { return m_sessions > 0; }
    // Offers a frame to the inspector's tap; one relaxed atomic load while the inspector is off.
    void tapFrame(FrameRecord::Direction direction, FrameRecord::Protocol protocol, QByteArrayView bytes)
    {
        if (FrameTap *tap = m_frameTap.active()) [[unlikely]]
            offerFrame(*tap, direction, protocol, bytes);
    }

private:
    void connectNow();
    void scheduleReconnect(CloseKind kind);
    void scheduleSessionEnd();
    void endSession(CloseKind kind);
    void offerFrame(FrameTap &tap, FrameRecord::Direction direction, FrameRecord::Protocol protocol, QByteArrayView bytes);

    ClientPool &m_pool;
    const scenario::Group &m_group;
    const int m_groupIndex;
    const int m_clientIndex;
    const QString m_channel;
    State m_state = State::Idle;
    ReconnectPolicy m_reconnect;
    SequenceTracker m_tracker;
    bool m_resumedThisSession = false; // this connection asked to resume from lastSeen()
    int m_sessions = 0;
    quint64 m_generation = 0;      // invalidates timers of an earlier session
    qint64 m_connectStartNs = 0;
    quint64 m_sendCounter = 0;
    const FrameTapLink &m_frameTap;
    FrameTap::Endpoint m_tapEndpoint; // one id per simulated user, kept across its reconnects
};
