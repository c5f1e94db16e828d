#pragma once

#include "inspect/framerecord.h"

#include <QByteArrayView>
#include <QMutex>

#include <atomic>
#include <deque>
#include <vector>

class FrameTapLink;

// The message inspector's tap: a thread-safe bounded ring of sampled frames. The embedded
// server's workers and the client pools' threads offer frames; the GUI drains the ring in one
// call per refresh (10 Hz) instead of hearing a signal per frame.
//
// Modes: off (producers never reach the tap: their FrameTapLink reads null, one relaxed atomic
// load per frame); sample all (at most sampleRate frames per second overall, shared fairly
// between the connections that are active, so one chatty connection cannot fill the ring);
// follow one connection (every frame of it, nothing else). When the ring is full the oldest
// frame is dropped and counted.
//
// Shared (std::shared_ptr) by whoever shows it and the servers and runners it is attached to;
// producers keep one Endpoint per connection, touched only on that connection's thread.
class FrameTap
{
public:
    enum class Mode { Off, SampleAll, Follow };

    struct Options
    {
        int capacity = 20'000;            // frames held until the next drain
        int payloadLimit = 16 * 1024;     // bytes of each message kept (the size is always exact)
        int sampleRate = 2'000;           // frames per second in SampleAll
        int connectionHistory = 256;      // recently seen connections kept for "follow"
    };

    // A producer's per-connection state. Plain data, owned by the connection; never shared.
    struct Endpoint
    {
        quint64 tapSerial = 0;   // which tap `id` belongs to (0: not registered yet)
        quint64 id = 0;
        QString label;
        FrameRecord::Side side = FrameRecord::Side::Server;
        qint64 window = -1;      // the sampling window the counts below belong to
        int taken = 0;
        int share = 0;
    };

    // What a producer knows about one frame. `bytes` must stay valid during offer().
    struct Frame
    {
        FrameRecord::Direction direction = FrameRecord::Direction::ServerToClient;
        FrameRecord::Protocol protocol = FrameRecord::Protocol::WebSocket;
        QByteArrayView bytes;        // the message: envelope JSON, an SSE event's data, a poll answer
        qint64 size = -1;            // on the wire, when it differs from bytes.size()
        const QString *type = nullptr;     // when the producer already knows them, else parsed
        const QString *channel = nullptr;
    };

    FrameTap();
    explicit FrameTap(Options options);
    ~FrameTap();
    Q_DISABLE_COPY_MOVE(FrameTap)

    // --- the inspector (any thread, usually the GUI's) ---
    void setOff();
    void sampleAll();
    void setSampleRate(int framesPerSecond);
    void follow(quint64 connectionId);
    Mode mode() const { return Mode(m_mode.load(std::memory_order_relaxed)); }
    quint64 followedConnection() const { return m_followed.load(std::memory_order_relaxed); }
    int sampleRate() const { return m_sampleRate.load(std::memory_order_relaxed); }
    const Options &options() const { return m_options; }

    struct Batch
    {
        std::vector<FrameRecord> frames;   // oldest first
        quint64 droppedTotal = 0;          // frames lost to a full ring since the tap was made
        quint64 capturedTotal = 0;         // frames captured since the tap was made
    };
    // Everything captured since the last drain, in one call.
    Batch drain();
    // Forgets what is in the ring (not the connections, not the counters).
    void discardPending();
    quint64 droppedTotal() const;

    // The most recently seen connections, newest last; the version changes when it does.
    std::vector<FrameConnection> connections() const;
    quint64 connectionsVersion() const { return m_connectionsVersion.load(std::memory_order_relaxed); }

    // --- producers (any thread) ---
    // `describe` is called once per connection (per tap) and returns its FrameConnection (id
    // and time are filled in here). Cheap when the frame is not sampled: no copy, no parse.
    template <typename Describe>
    void offer(Endpoint &endpoint, const Frame &frame, Describe &&describe)
    {
        if (endpoint.tapSerial != m_serial)
            registerEndpoint(endpoint, describe());
        if (admit(endpoint))
            record(endpoint, frame);
    }

private:
    friend class FrameTapLink;

    void registerEndpoint(Endpoint &endpoint, FrameConnection connection);
    bool admit(Endpoint &endpoint);
    void record(const Endpoint &endpoint, const Frame &frame);
    int activeInPreviousWindow(qint64 window);
    bool takeFromBudget(qint64 window, int budget);
    void setMode(Mode mode);
    void addLink(FrameTapLink *link);
    void removeLink(FrameTapLink *link);

    const Options m_options;
    const quint64 m_serial;
    const qint64 m_monotonicBaseNs;
    const qint64 m_wallBaseMs;
    std::atomic<int> m_mode{int(Mode::Off)};
    std::atomic<quint64> m_followed{0};
    std::atomic<int> m_sampleRate;
    std::atomic<quint64> m_nextConnectionId{0};
    // Sampling windows: (window index << 24) | count, so a new window starts with one CAS.
    std::atomic<quint64> m_windowTaken{0};
    std::atomic<quint64> m_windowActive{0};
    std::atomic<int> m_activeLastWindow{0};

    mutable QMutex m_ringMutex;
    std::vector<FrameRecord> m_ring;
    size_t m_head = 0;      // index of the oldest frame
    size_t m_count = 0;
    quint64 m_nextSeq = 1;
    quint64 m_dropped = 0;
    quint64 m_captured = 0;

    mutable QMutex m_connectionsMutex;
    std::deque<FrameConnection> m_connections;
    std::atomic<quint64> m_connectionsVersion{0};

    QMutex m_linksMutex;
    std::vector<FrameTapLink *> m_links;
};
