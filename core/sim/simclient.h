#pragma once

#include "inspect/frametap.h"
#include "inspect/frametaplink.h"
#include "message/messagetemplate.h"
#include "scenario/scenario.h"
#include "sim/reconnectpolicy.h"
#include "sim/sequencetracker.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

class ClientPool;
class QJsonObject;
struct ReceivedMessage;

// One simulated user (docs/scenarios.md, "Groups"): connects, stays for its session, sends
// on the clock, verifies every message it receives, and reconnects by its group's policy when the
// connection ends without it asking. The protocol subclasses (WebSocket, SSE, long poll,
// publish) only open and close their transport and report what happened; counting, backoff,
// resume points and latency live here, so every protocol is measured the same way.
//
// Against the embedded server it speaks the envelope and checks the channel's sequence numbers.
// Against a user's own server (docs/scenarios.md, "Testing your own server") it sends the group's
// templates, runs its onOpen steps before the session counts as connected, and reads what arrives
// through the group's receive rules: one-way latency, per-sender accounting (SenderLog,
// ReceiverLog), correlated round trips. That state is allocated only for groups that use it, so
// an idle envelope client stays small.
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
    // The client leaves (ramp-down, the run's end): no signals afterwards either, but what it
    // already sent still reaches the server (a FIN after the data, not a reset that can take
    // the last message with it). By default the same as abortTransport().
    virtual void leaveTransport() { abortTransport(); }
    // Sends one message with this payload; false when it could not go out.
    virtual bool sendPayload(const QByteArray &payloadJson) { Q_UNUSED(payloadJson); return false; }
    // Sends a rendered template as it is (a text or binary frame, a request body); false when
    // it could not go out. Only groups with templates call it.
    virtual bool sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind)
    {
        Q_UNUSED(bytes);
        Q_UNUSED(kind);
        return false;
    }
    // Sends a rendered template as a request the protocol answers (a Socket.IO emit with an ack,
    // a GraphQL operation): the key its answer will carry, or empty when it could not go out.
    // Groups whose sends expect an answer (send.expectsAnswer) call it instead of sendRendered().
    virtual QString sendExpectingAnswer(const QByteArray &bytes, MessageTemplate::Kind kind)
    {
        Q_UNUSED(bytes);
        Q_UNUSED(kind);
        return {};
    }
    // The subprotocol the server chose for the session being opened (WebSocket), for the report.
    virtual QString negotiatedSubprotocol() const { return {}; }

    // The transport is up. With onOpen steps they run first, and the session opens after them.
    void transportOpened();
    // Either may be called in any state: a failure of an open session is an unexpected close,
    // and a close before the session opened is a failed connect. `outcome` is how it ended in
    // TransportOutcome's words, counted by value ("connection refused", "close 4001 Unauthorized").
    void transportFailed(const QString &why, const QString &outcome = {});
    void transportClosed(CloseKind kind, const QString &outcome = {});
    // The session is a real one (a delivery came, or reconnect.minSession passed): the backoff
    // starts again from its initial delay, and a close is no longer a refusal.
    void confirmSession();
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
    // Whether messages go through ruleMessageReceived() (templates, receive rules, onOpen, url)
    // instead of the envelope path.
    bool usesRules() const { return m_rules != nullptr; }
    // A message from any server, read by the group's receive rules (and onOpen's expect steps).
    void ruleMessageReceived(const ReceivedMessage &message, qsizetype bytes);
    // The answer to the request `key` arrived (an ack, an operation's first result): its round
    // trip, or the next onOpen step when one waits for it. Unknown keys are ignored.
    void answerReceived(const QString &key);
    // The last SSE id (or WebSocket resume point) seen, for {{lastEventId}}.
    // With receive rules against the embedded server: the channel's number of a message, kept
    // as the resume point only (per-sender accounting counts; the number does not).
    void keepResumePoint(quint64 seq);
    void setLastEventId(const QString &id);
    // Renders `message` for this client now (seq and stamps as for the next steady send).
    QByteArray render(const MessageTemplate &message, qint64 intendedNs);
    // The headers every request of this client carries: the scenario's, then the group's (a
    // group's header replaces a scenario's of the same name), placeholders filled in.
    QList<QPair<QByteArray, QByteArray>> requestHeaders() const;
    void errorReceived();
    void bytesSent(qsizetype bytes);
    // Where to resume from after a reconnect, if this group resumes and something was seen.
    std::optional<quint64> resumePoint() const;
    void setServerRetry(std::chrono::milliseconds retry) { m_reconnect.setServerRetry(retry); }
    // The message body this client sends at `intendedNs`: the payload carries the send time.
    QByteArray makePayload(qint64 intendedNs);
    QUrl url(const QList<QPair<QString, QString>> &query = {}) const;
    // For a group with a `url`: the path and query of the URL url() rendered last, exactly as
    // rendered (QUrl would normalise "%7E" to "~"); empty for other groups, whose QUrl is used.
    QByteArray requestTarget() const;
    // With the scenario's "jwt": this client's token, signed on first use and again when half
    // its lifetime is gone (url() sends it as ?token=).
    QByteArray currentToken() const;
    // For a group with a `url`: the whole URL url() rendered last, byte for byte.
    QByteArray renderedUrl() const;
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
    struct Rules;

    void connectNow();
    void sessionOpened();
    void runOnOpen(size_t step);
    void failJoin(const QString &reason);
    bool sendTemplated(qint64 intendedNs);
    void startScript(qint64 openNs);
    void sendScriptStep(size_t step, qint64 intendedNs);
    void expireScriptExpect(size_t expectation);
    bool meetScriptExpect(const ReceivedMessage &message);
    void expireRequests(qint64 nowNs);
    void countOutcome(const QString &outcome);
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
    int m_connectAttempts = 0;
    mutable QByteArray m_token;          // the scenario's jwt, signed for this client
    mutable qint64 m_tokenRefreshAtMs = 0;
    quint64 m_generation = 0;      // invalidates timers of an earlier session
    qint64 m_connectStartNs = 0;
    quint64 m_sendCounter = 0;
    qint64 m_sessionOpenNs = 0;
    bool m_sessionConfirmed = false;
    std::unique_ptr<Rules> m_rules;   // groups with templates, receive rules, onOpen or a url
    const FrameTapLink &m_frameTap;
    FrameTap::Endpoint m_tapEndpoint; // one id per simulated user, kept across its reconnects
};
