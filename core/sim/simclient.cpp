#include "sim/simclient.h"

#include "delivery/pendingrequests.h"
#include "delivery/receiverlog.h"
#include "delivery/senderlog.h"
#include "message/receivedmessage.h"
#include "message/templatecontext.h"
#include "metrics/monotonicclock.h"
#include "metrics/recorder.h"
#include "sim/clientpool.h"
#include "sim/splitmix64.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUuid>

#include <limits>

using namespace std::chrono;

// What a client of a group with templates, receive rules, onOpen steps or a url keeps
// (docs/scenarios.md, "Testing your own server"); envelope clients have none of it.
struct SimClient::Rules
{
    TemplateContext context;          // client, group and channel filled in once
    SplitMix64 random;                // {{random A B}}: seeded, so runs repeat
    PendingRequests pending;          // receive.correlate
    QByteArray renderedUrl;           // the `url` as url() rendered it last, byte for byte
    SenderLog *senderLog = nullptr;   // in the pool's DeliveryLedger; null unless the send template stamps client + seq
    ReceiverLog *receiverLog = nullptr; // ... unless receive has sender + seq and expects something
    // onOpen: the step an expect (or an awaited answer) is waiting at, while the session is
    // being joined.
    bool joining = false;
    size_t expectStep = 0;
    bool expecting = false;
    QString awaitedKey;               // an onOpen emit's ack
    // script: this session's expect steps, in the script's order.
    struct ScriptExpectation
    {
        size_t step = 0;
        bool decided = false;         // met, or counted lost
    };
    std::vector<ScriptExpectation> scriptExpects;

    explicit Rules(quint64 seed) : random(seed) { context.random = &random; }
};

namespace {

bool needsRules(const scenario::Group &group)
{
    return group.usesUrl() || group.send.message || group.body || group.receive.enabled || !group.onOpen.empty()
        || !group.script.empty() || !group.headerTemplates.isEmpty();
}

// A template that stamps each message with its sender and number, so receivers can account per sender.
bool stampsSender(const MessageTemplate *message)
{
    return message && message->uses(MessageTemplate::Placeholder::Client) && message->uses(MessageTemplate::Placeholder::Seq);
}

} // namespace

SimClient::SimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed)
    : m_pool(pool)
    , m_group(pool.scenario().groups[size_t(groupIndex)])
    , m_groupIndex(groupIndex)
    , m_clientIndex(clientIndex)
    , m_channel(m_group.channelFor(clientIndex))
    , m_reconnect(m_group.reconnect, seed)
    , m_frameTap(pool.frameTap())
{
    if (needsRules(m_group) || !pool.scenario().target.headerTemplates.isEmpty()) {
        m_rules = std::make_unique<Rules>(seed ^ 0x5DEECE66DULL);
        const int number = pool.clientNumber(groupIndex, clientIndex);
        m_rules->context.client = number;
        m_rules->context.group = m_group.name;
        m_rules->context.channel = m_channel;
        const MessageTemplate *steady = m_group.send.message ? &*m_group.send.message
                                      : m_group.body         ? &*m_group.body
                                                             : nullptr;
        if (stampsSender(steady) && m_group.send.ratePerClient > 0)
            m_rules->senderLog = pool.ledger().addSender(number, groupIndex, m_channel);
        if (m_group.receive.accountsPerSender() && m_group.receive.expect != scenario::ReceiveSettings::Expect::None)
            m_rules->receiverLog = pool.ledger().addReceiver(number, groupIndex, m_channel, m_group.resume);
    }
}

void SimClient::offerFrame(FrameTap &tap, FrameRecord::Direction direction, FrameRecord::Protocol protocol, QByteArrayView bytes)
{
    FrameTap::Frame frame;
    frame.direction = direction;
    frame.protocol = protocol;
    frame.bytes = bytes;
    frame.channel = &m_channel; // a simulated user talks on one channel
    tap.offer(m_tapEndpoint, frame, [&] {
        FrameConnection connection;
        connection.side = FrameRecord::Side::Client;
        connection.protocol = protocol;
        const QString group = m_group.name.isEmpty() ? QStringLiteral("group %1").arg(m_groupIndex + 1) : m_group.name;
        connection.label = QStringLiteral("%1 #%2").arg(group).arg(m_clientIndex + 1);
        connection.channel = m_channel;
        return connection;
    });
}

SimClient::~SimClient() = default;

void SimClient::start()
{
    if (m_state != State::Idle)
        return;
    connectNow();
}

void SimClient::connectNow()
{
    if (m_state == State::Left || m_pool.isStopping())
        return;
    m_state = State::Connecting;
    ++m_generation;
    m_resumedThisSession = resumePoint().has_value();
    m_connectStartNs = MonotonicClock::nowNs();
    if (m_rules) {
        m_rules->joining = false;
        m_rules->expecting = false;
        m_rules->awaitedKey.clear();
    }
    ++m_pool.recorder().counters(m_groupIndex).connectAttempts;
    ++m_connectAttempts;
    openTransport();
}

void SimClient::transportOpened()
{
    if (m_state != State::Connecting || (m_rules && m_rules->joining))
        return;
    m_pool.recorder().recordHandshake(m_groupIndex, MonotonicClock::nowNs() - m_connectStartNs);
    if (!m_group.onOpen.empty()) {
        // docs/scenarios.md, "onOpen": the session counts as connected once its steps are done.
        m_rules->joining = true;
        runOnOpen(0);
        return;
    }
    sessionOpened();
}

void SimClient::runOnOpen(size_t step)
{
    const quint64 generation = m_generation;
    for (; step < m_group.onOpen.size(); ++step) {
        const scenario::OnOpenStep &current = m_group.onOpen[step];
        switch (current.kind) {
        case scenario::OnOpenStep::Kind::Send: {
            const QByteArray bytes = render(*current.message, MonotonicClock::nowNs());
            if (current.awaitsAnswer) {
                // An emit with an ack: the next step waits for the ack, as for an expect.
                const QString key = sendExpectingAnswer(bytes, current.message->kind());
                if (key.isEmpty()) {
                    failJoin(tr("onOpen step %1: the message could not be sent").arg(step + 1));
                    return;
                }
                m_rules->awaitedKey = key;
                m_rules->expectStep = step;
                m_pool.timers().schedule(MonotonicClock::nowNs() + nanoseconds(current.timeout).count(), [this, generation, step, key] {
                    if (m_generation == generation && m_state == State::Connecting && m_rules->awaitedKey == key)
                        failJoin(QStringLiteral("onOpen step %1: no ack within %2 ms").arg(step + 1).arg(m_group.onOpen[step].timeout.count()));
                });
                return;
            }
            if (!sendRendered(bytes, current.message->kind())) {
                failJoin(tr("onOpen step %1: the message could not be sent").arg(step + 1));
                return;
            }
            break;
        }
        case scenario::OnOpenStep::Kind::Wait:
            m_pool.timers().schedule(MonotonicClock::nowNs() + nanoseconds(current.wait).count(), [this, generation, step] {
                if (m_generation == generation && m_state == State::Connecting && m_rules->joining)
                    runOnOpen(step + 1);
            });
            return;
        case scenario::OnOpenStep::Kind::Expect:
            m_rules->expecting = true;
            m_rules->expectStep = step;
            m_pool.timers().schedule(MonotonicClock::nowNs() + nanoseconds(current.timeout).count(), [this, generation, step] {
                if (m_generation == generation && m_state == State::Connecting && m_rules->expecting && m_rules->expectStep == step)
                    failJoin(QStringLiteral("onOpen step %1: nothing matched its expect within %2 ms")
                                 .arg(step + 1).arg(m_group.onOpen[step].timeout.count()));
            });
            return;
        }
    }
    m_rules->joining = false;
    sessionOpened();
}

void SimClient::failJoin(const QString &reason)
{
    // The transport is up but the session never became one: a failed connect, with this reason.
    abortTransport();
    transportFailed(reason, reason);
}

void SimClient::sessionOpened()
{
    m_state = State::Open;
    const qint64 nowNs = MonotonicClock::nowNs();
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    if (m_sessions++ == 0)
        ++counters.connectsFirst;
    else
        ++counters.reconnects;
    if (const QString subprotocol = negotiatedSubprotocol(); !subprotocol.isEmpty())
        ++counters.subprotocols[subprotocol];
    m_sessionOpenNs = nowNs;
    m_sessionConfirmed = false;
    if (m_group.reconnect.minSession.count() <= 0) {
        confirmSession();
    } else {
        // docs/scenarios.md, "Honest connects": a session the server ends within minSession,
        // before any delivery, was a refusal. Past it, the session is real.
        const quint64 generation = m_generation;
        m_pool.timers().schedule(nowNs + nanoseconds(m_group.reconnect.minSession).count(), [this, generation] {
            if (m_generation == generation && m_state == State::Open)
                confirmSession();
        });
    }
    if (m_rules && m_rules->receiverLog)
        m_rules->receiverLog->sessionOpened(nowNs);
    m_pool.noteOpened(*this);
    scheduleSessionEnd();
    if (!m_group.script.empty())
        startScript(nowNs);
}

void SimClient::startScript(qint64 openNs)
{
    // docs/scenarios.md, "script": each send at its time after the open, whatever arrives; each
    // expect decided by its deadline. A session that ends first leaves the rest undecided.
    m_rules->scriptExpects.clear();
    const quint64 generation = m_generation;
    for (size_t i = 0; i < m_group.script.size(); ++i) {
        const scenario::ScriptStep &step = m_group.script[i];
        const qint64 dueNs = openNs + nanoseconds(step.at).count();
        if (step.kind == scenario::ScriptStep::Kind::Send) {
            m_pool.timers().schedule(dueNs, [this, generation, i, dueNs] {
                if (m_generation == generation && m_state == State::Open)
                    sendScriptStep(i, dueNs);
            });
            continue;
        }
        const size_t expectation = m_rules->scriptExpects.size();
        m_rules->scriptExpects.push_back({i, false});
        m_pool.timers().schedule(dueNs + nanoseconds(step.timeout).count(), [this, generation, expectation] {
            if (m_generation == generation && m_state == State::Open)
                expireScriptExpect(expectation);
        });
    }
}

void SimClient::sendScriptStep(size_t step, qint64 intendedNs)
{
    const scenario::ScriptStep &scripted = m_group.script[step];
    const MessageTemplate &message = *scripted.message;
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    const QByteArray bytes = render(message, intendedNs);
    // An emit with "ack": true is a round trip like send.ack's: answered, or lost after receive.timeout.
    const QString answerKey = scripted.awaitsAnswer ? sendExpectingAnswer(bytes, message.kind()) : QString();
    if (scripted.awaitsAnswer ? answerKey.isEmpty() : !sendRendered(bytes, message.kind())) {
        ++counters.sendsSkipped;
        return;
    }
    ++m_sendCounter;
    ++counters.messagesSent;
    if (!answerKey.isEmpty()) {
        m_rules->pending.add(answerKey, intendedNs);
        expireRequests(MonotonicClock::nowNs());
    }
}

void SimClient::expireScriptExpect(size_t expectation)
{
    Rules::ScriptExpectation &expected = m_rules->scriptExpects[expectation];
    if (expected.decided)
        return;
    expected.decided = true;
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    ++counters.lost;
    ++counters.checkedByScript;
}

bool SimClient::meetScriptExpect(const ReceivedMessage &message)
{
    // The first undecided expect this message matches, in the script's order: a replay need not
    // see its answers in the recorded order, only see each of them in time.
    for (Rules::ScriptExpectation &expected : m_rules->scriptExpects) {
        if (expected.decided || !m_group.script[expected.step].expect->matches(message))
            continue;
        expected.decided = true;
        ++m_pool.recorder().counters(m_groupIndex).checkedByScript;
        return true;
    }
    return false;
}

void SimClient::confirmSession()
{
    if (m_sessionConfirmed || m_state != State::Open)
        return;
    m_sessionConfirmed = true;
    m_reconnect.reset();
}

void SimClient::countOutcome(const QString &outcome)
{
    if (!outcome.isEmpty())
        ++m_pool.recorder().counters(m_groupIndex).outcomes[outcome];
}

void SimClient::transportFailed(const QString &why, const QString &outcome)
{
    if (m_state == State::Open) {
        // An established session that broke: a close we did not ask for.
        transportClosed(CloseKind::Unexpected, outcome.isEmpty() ? why : outcome);
        return;
    }
    if (m_state != State::Connecting)
        return;
    if (m_rules) {
        m_rules->joining = m_rules->expecting = false;
        m_rules->awaitedKey.clear();
    }
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    ++counters.connectFailures;
    countOutcome(outcome.isEmpty() ? why : outcome);
    scheduleReconnect(CloseKind::Unexpected);
}

void SimClient::transportClosed(CloseKind kind, const QString &outcome)
{
    if (m_state == State::Connecting) {
        // Closed before it opened (refused handshake, 4001, 503, during onOpen): a failed connect.
        transportFailed(QStringLiteral("closed during the handshake"), outcome);
        return;
    }
    if (m_state != State::Open)
        return;
    const qint64 nowNs = MonotonicClock::nowNs();
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    ++counters.closes;
    if (kind != CloseKind::ByClient) {
        ++counters.unexpectedCloses;
        countOutcome(outcome);
    }
    m_pool.noteClosed(*this);
    if (m_rules && m_rules->receiverLog)
        m_rules->receiverLog->sessionClosed(nowNs);
    if (kind == CloseKind::ByClient) {
        // Churn: the user comes back at once (leave() never gets here: it sets Left first).
        m_state = State::Idle;
        connectNow();
        return;
    }
    const bool refused = !m_sessionConfirmed && nowNs - m_sessionOpenNs < nanoseconds(m_group.reconnect.minSession).count();
    if (refused) {
        // Opened, then closed by the server before anything was delivered: it said no. The
        // backoff was not reset, so maxAttempts ends a rejection loop.
        ++counters.rejectedSessions;
        ++counters.connectFailures;
        scheduleReconnect(CloseKind::Unexpected);
        return;
    }
    scheduleReconnect(kind);
}

void SimClient::scheduleReconnect(CloseKind kind)
{
    if (m_state == State::Left || m_pool.isStopping())
        return;
    if (!m_group.reconnect.enabled || m_reconnect.exhausted()) {
        m_state = State::Left;
        return;
    }
    m_state = State::WaitingToReconnect;
    // A 1001 Going Away is the server asking its clients to come back (a restart, a deploy):
    // no backoff. Everything else backs off by the group's policy.
    const milliseconds delay = kind == CloseKind::GoingAway ? m_reconnect.expectedCloseDelay()
                                                            : m_reconnect.nextDelay();
    const quint64 generation = ++m_generation;
    m_pool.timers().schedule(MonotonicClock::nowNs() + nanoseconds(delay).count(), [this, generation] {
        if (m_generation == generation && m_state == State::WaitingToReconnect)
            connectNow();
    });
}

void SimClient::scheduleSessionEnd()
{
    const std::optional<milliseconds> length = m_pool.sessionLengthFor(*this);
    if (!length)
        return;
    const quint64 generation = m_generation;
    m_pool.timers().schedule(MonotonicClock::nowNs() + nanoseconds(*length).count(), [this, generation] {
        if (m_generation == generation && m_state == State::Open)
            churn();
    });
}

void SimClient::churn()
{
    if (m_state != State::Open)
        return;
    closeTransport();
}

void SimClient::leave()
{
    const State before = m_state;
    m_state = State::Left;
    ++m_generation;
    const qint64 nowNs = MonotonicClock::nowNs();
    if (before == State::Open) {
        ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
        ++counters.closes;
        m_pool.noteClosed(*this);
        if (m_rules && m_rules->receiverLog)
            m_rules->receiverLog->sessionClosed(nowNs);
    }
    // Requests past their timeout are lost; younger ones end with the run undecided.
    expireRequests(nowNs);
    if (before == State::Open)
        leaveTransport();
    else if (before == State::Connecting)
        abortTransport();
}

void SimClient::sendScheduled(qint64 intendedNs)
{
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    if (m_state != State::Open) {
        ++counters.sendsSkipped;
        return;
    }
    const bool sent = m_rules && (m_group.send.message || m_group.body) ? sendTemplated(intendedNs)
                                                                        : sendPayload(makePayload(intendedNs));
    if (sent)
        ++counters.messagesSent;
    else
        ++counters.sendsSkipped;
}

QByteArray SimClient::render(const MessageTemplate &message, qint64 intendedNs)
{
    TemplateContext &context = m_rules->context;
    context.seq = m_sendCounter + 1;
    context.sentAtUs = intendedNs / 1000;
    context.nowMs = QDateTime::currentMSecsSinceEpoch();
    if (message.uses(MessageTemplate::Placeholder::Uuid))
        context.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    context.lastSeq = m_tracker.hasPosition() ? m_tracker.lastSeen() : 0;
    return message.render(context);
}

bool SimClient::sendTemplated(qint64 intendedNs)
{
    const MessageTemplate &message = m_group.send.message ? *m_group.send.message : *m_group.body;
    const QByteArray bytes = render(message, intendedNs);
    QString answerKey;
    if (m_group.send.expectsAnswer) {
        answerKey = sendExpectingAnswer(bytes, message.kind());
        if (answerKey.isEmpty())
            return false;
    } else if (!sendRendered(bytes, message.kind())) {
        return false;
    }
    // The number this message carried is used up only now that it went out, so a sender's
    // numbers have no holes of its own making.
    ++m_sendCounter;
    const qint64 nowNs = MonotonicClock::nowNs();
    if (m_rules->senderLog)
        m_rules->senderLog->recordSent(nowNs);
    if (!answerKey.isEmpty()) {
        m_rules->pending.add(answerKey, intendedNs);
        expireRequests(nowNs);
    } else if (m_group.receive.correlate) {
        const bool byUuid = message.uses(MessageTemplate::Placeholder::Uuid);
        m_rules->pending.add(byUuid ? m_rules->context.uuid : QString::number(m_sendCounter), intendedNs);
        expireRequests(nowNs);
    }
    return true;
}

void SimClient::expireRequests(qint64 nowNs)
{
    if (!m_rules || m_rules->pending.size() == 0)
        return;
    const quint64 expired = m_rules->pending.expireBefore(nowNs - nanoseconds(m_group.receive.timeout).count());
    if (expired == 0)
        return;
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    counters.lost += expired;
    counters.checkedByCorrelation += expired;
}

QByteArray SimClient::makePayload(qint64 intendedNs)
{
    // {"t":<intended send time, ns>,"run":<this run>,"c":<client>,"n":<count>,"pad":"..."}
    QByteArray payload;
    payload.reserve(m_group.send.payloadBytes + 80);
    payload += "{\"t\":";
    payload += QByteArray::number(intendedNs);
    payload += ",\"run\":\"";
    payload += m_pool.target().runTag;
    payload += "\",\"c\":";
    payload += QByteArray::number(m_clientIndex);
    payload += ",\"n\":";
    payload += QByteArray::number(++m_sendCounter);
    payload += ",\"pad\":\"";
    const qsizetype padding = m_group.send.payloadBytes - payload.size() - 2;
    if (padding > 0)
        payload += QByteArray(padding, 'x');
    payload += "\"}";
    return payload;
}

void SimClient::welcomed(quint64 latest)
{
    confirmSession(); // the embedded server's welcome: this session is real
    // Resuming: the tracker continues from what this client saw, and the replay fills the gap.
    // A fresh join (first session, or a group without resume) counts from the channel's newest.
    if (m_resumedThisSession)
        return;
    m_tracker.setBaseline(latest);
}

void SimClient::messageReceived(std::optional<quint64> seq, const QJsonObject &payload, qsizetype bytes)
{
    confirmSession();
    Recorder &recorder = m_pool.recorder();
    ClientCounters &counters = recorder.counters(m_groupIndex);
    ++counters.messagesReceived;
    counters.bytesReceived += quint64(bytes);
    if (seq) {
        // Without a welcome (another server) the first number seen starts the count.
        m_tracker.observe(*seq);
        m_tracker.addTo(counters);
        ++counters.checkedBySequence;
    }
    // One-way latency when the sender was this process (same monotonic clock); an echo's is a
    // round trip. Payloads from anyone else carry no comparable time.
    const QJsonValue run = payload.value(QLatin1String("run"));
    if (run.isString() && run.toString() == QLatin1String(m_pool.target().runTag)) {
        const qint64 sentNs = payload.value(QLatin1String("t")).toInteger(-1);
        if (sentNs > 0) {
            const qint64 latencyNs = std::max<qint64>(0, MonotonicClock::nowNs() - sentNs);
            if (m_group.send.mode == scenario::SendSettings::Mode::Echo)
                recorder.recordRoundTrip(m_groupIndex, latencyNs);
            else
                recorder.recordLatency(m_groupIndex, latencyNs);
        }
    }
}

void SimClient::ruleMessageReceived(const ReceivedMessage &message, qsizetype bytes)
{
    Recorder &recorder = m_pool.recorder();
    ClientCounters &counters = recorder.counters(m_groupIndex);
    counters.bytesReceived += quint64(bytes);
    if (m_state == State::Connecting) {
        // onOpen: only the expect step in progress reads messages; nothing is a delivery yet.
        ++counters.otherReceived;
        if (m_rules->expecting) {
            const scenario::OnOpenStep &step = m_group.onOpen[m_rules->expectStep];
            if (!step.expect || step.expect->matches(message)) {
                m_rules->expecting = false;
                runOnOpen(m_rules->expectStep + 1);
            }
        }
        return;
    }
    if (m_state != State::Open)
        return;
    if (!m_rules->scriptExpects.empty())
        meetScriptExpect(message);
    const scenario::ReceiveSettings &rules = m_group.receive;
    if (rules.match && !rules.match->matches(message)) {
        ++counters.otherReceived; // a heartbeat, an ack, someone else's event
        return;
    }
    confirmSession();
    ++counters.messagesReceived;
    const qint64 nowNs = MonotonicClock::nowNs();
    if (rules.sentAt) {
        // One-way: the sender stamped {{sentAt}} from this process's clock, in microseconds.
        // A value outside this run (another program's stamp, a mangled field) says nothing.
        if (const std::optional<qint64> sentUs = rules.sentAt->extractInteger(message)) {
            const qint64 sentNs = *sentUs * 1000;
            if (sentNs >= m_pool.runStartNs() - 1'000'000'000 && sentNs <= nowNs)
                recorder.recordLatency(m_groupIndex, nowNs - sentNs);
        }
    }
    if (m_rules->receiverLog) {
        const std::optional<qint64> sender = rules.sender->extractInteger(message);
        const std::optional<qint64> seq = rules.seq->extractInteger(message);
        if (sender && seq && *sender >= 0 && *sender <= std::numeric_limits<int>::max() && *seq > 0) {
            m_rules->receiverLog->observe(int(*sender), quint64(*seq));
            m_rules->receiverLog->addTo(counters);
        }
    }
    if (rules.correlate) {
        if (const std::optional<QString> key = rules.correlate->extractKey(message)) {
            const qint64 intendedNs = m_rules->pending.resolve(*key);
            if (intendedNs >= 0) {
                recorder.recordRoundTrip(m_groupIndex, std::max<qint64>(0, nowNs - intendedNs));
                ++counters.checkedByCorrelation;
            }
        }
    }
    if (rules.serverTime) {
        // Against the wall clock: as good as the two clocks agree (reported apart for that).
        if (const std::optional<qint64> serverMs = rules.serverTime->extractInteger(message)) {
            const qint64 ageMs = QDateTime::currentMSecsSinceEpoch() - *serverMs;
            recorder.recordServerLatency(m_groupIndex, std::max<qint64>(0, ageMs) * 1'000'000);
        }
    }
}

void SimClient::answerReceived(const QString &key)
{
    if (!m_rules)
        return;
    if (m_state == State::Connecting && !m_rules->awaitedKey.isEmpty()) {
        if (key == m_rules->awaitedKey) {
            m_rules->awaitedKey.clear();
            runOnOpen(m_rules->expectStep + 1);
        }
        return;
    }
    const qint64 intendedNs = m_rules->pending.resolve(key);
    if (intendedNs < 0)
        return; // answered after its timeout (already lost), twice, or not ours
    confirmSession();
    m_pool.recorder().recordRoundTrip(m_groupIndex, std::max<qint64>(0, MonotonicClock::nowNs() - intendedNs));
    ++m_pool.recorder().counters(m_groupIndex).checkedByCorrelation;
}

void SimClient::keepResumePoint(quint64 seq)
{
    if (!m_group.usesUrl() && seq > 0)
        m_tracker.observe(seq); // not added to the counters
}

void SimClient::setLastEventId(const QString &id)
{
    if (m_rules)
        m_rules->context.lastEventId = id;
}

QList<QPair<QByteArray, QByteArray>> SimClient::requestHeaders() const
{
    QList<QPair<QByteArray, QByteArray>> headers;
    // RFC 9110 5.1: names are case-insensitive; a later one of the same name replaces an earlier.
    const auto set = [&headers](const QByteArray &name, const QByteArray &value) {
        for (auto &header : headers) {
            if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
                header.second = value;
                return;
            }
        }
        headers.append({name, value});
    };
    const scenario::Target &target = m_pool.scenario().target;
    for (const auto &[name, value] : m_pool.target().headers)
        set(name, value);
    for (const auto &[name, value] : target.headerTemplates)
        set(name, value.render(m_rules->context));
    for (const auto &[name, value] : m_group.headers)
        set(name, value);
    for (const auto &[name, value] : m_group.headerTemplates)
        set(name, value.render(m_rules->context));
    return headers;
}

void SimClient::resetReceived(quint64 oldest, quint64 latest)
{
    m_tracker.reset(oldest, latest);
    m_tracker.addTo(m_pool.recorder().counters(m_groupIndex));
}

void SimClient::errorReceived()
{
    ++m_pool.recorder().counters(m_groupIndex).errors;
}

void SimClient::bytesSent(qsizetype bytes)
{
    m_pool.recorder().counters(m_groupIndex).bytesSent += quint64(bytes);
}

std::optional<quint64> SimClient::resumePoint() const
{
    if (!m_group.resume || !m_tracker.hasPosition())
        return std::nullopt;
    return m_tracker.lastSeen();
}

QUrl SimClient::url(const QList<QPair<QString, QString>> &query) const
{
    if (m_group.url) {
        // docs/scenarios.md: with `url`, the request is that URL, byte for byte, and nothing more.
        Q_UNUSED(query);
        m_rules->renderedUrl = m_group.url->render(m_rules->context);
        return QUrl::fromEncoded(m_rules->renderedUrl, QUrl::TolerantMode);
    }
    QList<QPair<QString, QString>> items = query;
    if (m_pool.target().jwtMinter)
        items.append({QStringLiteral("token"), QString::fromLatin1(currentToken())});
    // Several instances: each connect attempt moves to the next one (a killed instance is left).
    return m_pool.target().urlFor(m_group, m_channel, items, m_clientIndex + m_connectAttempts - 1);
}

QByteArray SimClient::currentToken() const
{
    // Signed again once half its lifetime is gone, as a client refreshes before expiry: a
    // WebSocket opened with it may still see it run out (4001 "token expired") and reconnect.
    const SimTarget &target = m_pool.target();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (m_token.isEmpty() || (m_tokenRefreshAtMs != 0 && nowMs >= m_tokenRefreshAtMs)) {
        QString error;
        m_token = target.jwtMinter->mint(target.jwt.claimsFor(m_group.name, m_pool.clientNumber(m_groupIndex, m_clientIndex)),
                                         nowMs, target.jwt.lifetime, &error);
        if (m_token.isEmpty())
            qWarning("jwt: %s", qPrintable(error));
        m_tokenRefreshAtMs = target.jwt.lifetime.count() > 0 ? nowMs + target.jwt.lifetime.count() / 2 : 0;
    }
    return m_token;
}

QByteArray SimClient::requestTarget() const
{
    if (!m_group.url || m_rules->renderedUrl.isEmpty())
        return {};
    // RFC 3986 3: scheme "://" authority, then the path, query and fragment; RFC 9112 3.2.1: the
    // origin-form request target is the absolute path and the query (never the fragment).
    const QByteArray &url = m_rules->renderedUrl;
    const qsizetype authority = url.indexOf("://");
    qsizetype start = authority < 0 ? 0 : authority + 3;
    while (start < url.size() && url[start] != '/' && url[start] != '?' && url[start] != '#')
        ++start;
    QByteArray target = url.mid(start);
    if (const qsizetype fragment = target.indexOf('#'); fragment >= 0)
        target.truncate(fragment);
    if (!target.startsWith('/'))
        target.prepend('/');
    return target;
}

QByteArray SimClient::renderedUrl() const
{
    return m_rules ? m_rules->renderedUrl : QByteArray();
}

QHostAddress SimClient::sourceAddress() const
{
    return m_pool.target().sourceAddressFor(m_pool.clientNumber(m_groupIndex, m_clientIndex));
}
