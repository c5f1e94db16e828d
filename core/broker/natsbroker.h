#pragma once

#include "broker.h"
#include "brokerurl.h"

#include <QHash>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

// The Broker on NATS JetStream (libnats, the NATS C client). A JetStream stream per channel,
// whose sequence is the channel's: JetStream numbers, keeps (MaxMsgs = keep, oldest discarded)
// and replays; nothing here counts.
// - Names: channel C is stream SOCKETSCOPE_<C'> on subject socketscope.ch.<C'>, where C' is C with
//   every '.' written as '~'. Channel names are [A-Za-z0-9_.:-]; a '.' would split the subject
//   into tokens and is refused in stream names, '~' is in neither alphabet, so the mapping is
//   reversible and keeps names as long as they were (a 128-character channel stays a valid
//   file name in the server's store).
// - Publishing: the stream is created (or found) once per channel, then every message is an
//   asynchronous JetStream publish; its PubAck carries the stream sequence.
// - Receiving: one ordered push consumer per channel this instance knows of. JetStream delivers
//   it in stream order with each message's stream sequence; libnats recreates it from the next
//   sequence after a gap, a missed heartbeat or a reconnect. Channels are learnt from our own
//   publishes, from listChannels() (BrokerBridge's catch-up) and from the server's
//   stream-created advisories, so a channel started on another instance is followed at once.
// - readAfter() gets messages by sequence, listChannels() lists the streams with their last
//   sequence (JetStream's API, blocking calls made on a worker thread of ours).
// - Health: a core message to our own inbox every 250 ms, through the server and back; 1 s
//   without it marks the broker stalled (a paused server keeps its connection open: publishes
//   wait in it and are numbered when it answers again).
// libnats calls back on its own threads: those callbacks find this broker through a token in a
// registry, under the registry's lock, and queue what they carry to this thread; a broker that
// is gone or has reconnected by hand (setCutOff) has taken its token out, so nothing reaches it.
class NatsBroker : public Broker
{
    Q_OBJECT
public:
    // `keep`: MaxMsgs of streams created by raiseLatest() (publish() passes its own).
    NatsBroker(BrokerUrl url, int keep, QObject *parent = nullptr);
    ~NatsBroker() override;

    void open() override;
    void close() override;
    bool isAvailable() const override { return m_available; }
    void setCutOff(bool cutOff) override;

    void publish(const BusMessage &message, int keep, Published done) override;
    bool relay(const BusMessage &message) override;
    void readAfter(const QString &channel, quint64 after, int limit, Read done) override;
    void listChannels(Listed done) override;
    void raiseLatest(const QString &channel, quint64 latest) override;

    // The names used in NATS, for people reading it with the nats CLI.
    static QByteArray streamName(const QString &channel);
    static QByteArray subject(const QString &channel);
    // The channel of a stream or subject name of ours; nullopt for anyone else's.
    static std::optional<QString> channelOfStream(QByteArrayView stream);
    static std::optional<QString> channelOfSubject(QByteArrayView subject, QByteArrayView prefix);

    struct Connection; // libnats' objects, shared with the worker thread's jobs
    struct Callbacks;  // what libnats calls, on its threads

private:
    struct ThreadDeleter
    {
        void operator()(QThread *thread) const;
    };
    using ThreadPtr = std::unique_ptr<QThread, ThreadDeleter>;
    struct Outgoing
    {
        BusMessage message;
        Published done;
    };
    struct PendingAck
    {
        QString channel;
        Published done;
    };
    enum class StreamState { Unknown, Creating, Ready };
    struct ChannelState
    {
        StreamState stream = StreamState::Unknown;
        bool consumed = false; // an ordered consumer exists or is being made
        std::vector<Outgoing> waiting; // publishes waiting for the stream
    };

    void connectToServer();
    void onConnectionMade(std::shared_ptr<Connection> connection, quintptr token, bool connected, const QString &error);
    void onConnected();
    void onDisconnected();
    void onJetStreamChecked(bool ok, const QString &error);
    void drop(const QString &reason);
    void setAvailable(bool available, const QString &reason);
    void checkHealth();
    void onPong(qint64 sentNs);
    void onAcked(quint64 id, quint64 seq);
    void failOutstandingPublishes();
    void drainInbox();
    void createStream(const QString &channel, int keep);
    void onStreamCreated(const QString &channel, bool ok, quint64 lastSeq);
    void send(const QString &channel, Outgoing outgoing);
    // Follows the channel with an ordered consumer from `startSeq` (0: from its first message).
    void follow(const QString &channel, quint64 startSeq);
    // Runs `job` on the worker thread with the current connection (blocking libnats calls).
    void runJob(std::function<void(Connection &connection)> job);
    // Queues `call` to this broker's thread; false when the token is no longer ours.
    static bool post(quintptr token, std::function<void(NatsBroker &broker)> call);

    const BrokerUrl m_url;
    const int m_keep;
    std::shared_ptr<Connection> m_connection;
    quintptr m_token = 0; // the current connection's, in the registry
    bool m_open = false;
    bool m_cutOff = false;
    bool m_connected = false; // libnats says so
    bool m_available = false;
    bool m_availabilityTold = false;
    QHash<QString, ChannelState> m_channels;
    QHash<quint64, PendingAck> m_acks; // publishes in flight, by our id
    quint64 m_lastAckId = 0;
    std::vector<BusMessage> m_inbox; // from the consumers, under the registry's lock
    bool m_inboxQueued = false;      // a drain is queued (under the registry's lock)
    QTimer *m_health; // children: they move to the bus thread with the broker
    QTimer *m_retry;
    qint64 m_pingSentNs = 0; // 0: no ping outstanding
    bool m_unanswered = false; // unavailable because the ping was not answered
    QByteArray m_pingSubject;
    ThreadPtr m_workerThread;
    QObject *m_worker; // lives on m_workerThread: the context its jobs run in
};
