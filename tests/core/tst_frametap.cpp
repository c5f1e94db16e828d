#include "inspect/frametap.h"
#include "inspect/frametaplink.h"

#include <QSet>
#include <QTest>

#include <thread>
#include <vector>

namespace {

FrameConnection describe(const QString &label, FrameRecord::Side side = FrameRecord::Side::Server)
{
    FrameConnection connection;
    connection.side = side;
    connection.protocol = FrameRecord::Protocol::WebSocket;
    connection.label = label;
    connection.channel = QStringLiteral("general");
    return connection;
}

void offer(FrameTap &tap, FrameTap::Endpoint &endpoint, const QByteArray &json, const QString &label = QStringLiteral("c"))
{
    FrameTap::Frame frame;
    frame.bytes = json;
    tap.offer(endpoint, frame, [&] { return describe(label); });
}

} // namespace

class TestFrameTap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linkReadsNullWhileOff();
    void followRecordsEveryFrameOfOneConnection();
    void ringIsBoundedAndCountsDrops();
    void recordsTypeChannelAndCutsLargeMessages();
    void sampleAllRespectsTheRate();
    void sampleAllSharesBetweenConnections();
    void concurrentProducers();
    void remembersRecentConnections();
};

void TestFrameTap::linkReadsNullWhileOff()
{
    auto tap = std::make_shared<FrameTap>();
    FrameTapLink link;
    QCOMPARE(link.active(), nullptr);
    link.attach(tap);
    QCOMPARE(link.active(), nullptr); // attached but off
    tap->sampleAll();
    QCOMPARE(link.active(), tap.get());
    tap->follow(3);
    QCOMPARE(link.active(), tap.get());
    tap->setOff();
    QCOMPARE(link.active(), nullptr);

    // A link attached while the tap samples sees it at once; detaching clears it.
    tap->sampleAll();
    FrameTapLink late;
    late.attach(tap);
    QCOMPARE(late.active(), tap.get());
    late.attach(nullptr);
    QCOMPARE(late.active(), nullptr);
    QCOMPARE(link.active(), tap.get());
}

void TestFrameTap::followRecordsEveryFrameOfOneConnection()
{
    FrameTap tap;
    FrameTap::Endpoint a;
    FrameTap::Endpoint b;
    tap.sampleAll();
    offer(tap, a, R"({"type":"x"})", QStringLiteral("a"));
    offer(tap, b, R"({"type":"x"})", QStringLiteral("b"));
    QVERIFY(a.id != 0);
    QVERIFY(b.id != 0);
    QVERIFY(a.id != b.id);
    tap.drain();

    tap.follow(b.id);
    for (int i = 0; i < 500; ++i) {
        offer(tap, a, QByteArray(R"({"type":"a","n":)") + QByteArray::number(i) + '}');
        offer(tap, b, QByteArray(R"({"type":"b","n":)") + QByteArray::number(i) + '}');
    }
    const FrameTap::Batch batch = tap.drain();
    QCOMPARE(int(batch.frames.size()), 500); // every frame of b, none of a: no sampling limit
    for (size_t i = 0; i < batch.frames.size(); ++i) {
        QCOMPARE(batch.frames[i].connectionId, b.id);
        QCOMPARE(batch.frames[i].connectionLabel, QStringLiteral("b"));
        QCOMPARE(batch.frames[i].type, QStringLiteral("b"));
        QVERIFY(batch.frames[i].payload.contains("\"n\":" + QByteArray::number(qulonglong(i)) + '}'));
        if (i > 0)
            QVERIFY(batch.frames[i].seq > batch.frames[i - 1].seq);
    }
    QCOMPARE(batch.droppedTotal, quint64(0));

    tap.setOff();
    offer(tap, b, R"({"type":"b"})");
    QVERIFY(tap.drain().frames.empty());
}

void TestFrameTap::ringIsBoundedAndCountsDrops()
{
    FrameTap::Options options;
    options.capacity = 100;
    FrameTap tap(options);
    FrameTap::Endpoint endpoint;
    offer(tap, endpoint, "{}"); // registers (off: not recorded)
    tap.follow(endpoint.id);
    for (int i = 0; i < 250; ++i)
        offer(tap, endpoint, QByteArray::number(i));
    FrameTap::Batch batch = tap.drain();
    QCOMPARE(int(batch.frames.size()), 100);
    QCOMPARE(batch.droppedTotal, quint64(150));
    QCOMPARE(batch.capturedTotal, quint64(250));
    // The oldest were dropped: what is left is the newest 100, in order.
    QCOMPARE(batch.frames.front().payload, QByteArray("150"));
    QCOMPARE(batch.frames.back().payload, QByteArray("249"));

    // Drained: the ring is empty and the drop count stays.
    batch = tap.drain();
    QVERIFY(batch.frames.empty());
    QCOMPARE(batch.droppedTotal, quint64(150));
    offer(tap, endpoint, "x");
    tap.discardPending();
    QVERIFY(tap.drain().frames.empty());
}

void TestFrameTap::recordsTypeChannelAndCutsLargeMessages()
{
    FrameTap::Options options;
    options.payloadLimit = 64;
    FrameTap tap(options);
    FrameTap::Endpoint endpoint;
    offer(tap, endpoint, "{}");
    tap.follow(endpoint.id);

    offer(tap, endpoint, R"({"type":"chat.message","channel":"room-1","payload":{"text":"a message longer than the limit of 64 bytes"}})");
    const QString knownType = QStringLiteral("presence.join");
    const QString knownChannel = QStringLiteral("lobby");
    FrameTap::Frame frame;
    frame.direction = FrameRecord::Direction::ClientToServer;
    frame.protocol = FrameRecord::Protocol::Sse;
    const QByteArray big(1000, 'a');
    frame.bytes = big;
    frame.type = &knownType;
    frame.channel = &knownChannel;
    tap.offer(endpoint, frame, [] { return describe(QStringLiteral("unused")); });
    offer(tap, endpoint, R"({"channel":"news","events":[{"type":"news.item"},{"type":"news.item"}],"last":4})");

    const FrameTap::Batch batch = tap.drain();
    QCOMPARE(int(batch.frames.size()), 3);
    QCOMPARE(batch.frames[0].type, QStringLiteral("chat.message"));
    QCOMPARE(batch.frames[0].channel, QStringLiteral("room-1"));
    QVERIFY(batch.frames[0].truncated); // cut, but typed from the whole message
    QCOMPARE(batch.frames[0].direction, FrameRecord::Direction::ServerToClient);
    QVERIFY(batch.frames[0].wallMs > 1'600'000'000'000);

    QCOMPARE(batch.frames[1].type, knownType);
    QCOMPARE(batch.frames[1].channel, knownChannel);
    QCOMPARE(batch.frames[1].size, qint64(1000));
    QCOMPARE(batch.frames[1].payload.size(), 64);
    QVERIFY(batch.frames[1].truncated);
    QCOMPARE(batch.frames[1].protocol, FrameRecord::Protocol::Sse);
    QCOMPARE(batch.frames[1].direction, FrameRecord::Direction::ClientToServer);

    QCOMPARE(batch.frames[2].type, QStringLiteral("news.item \u00d72"));
    QCOMPARE(batch.frames[2].channel, QStringLiteral("news"));
}

void TestFrameTap::sampleAllRespectsTheRate()
{
    FrameTap::Options options;
    options.sampleRate = 100; // 10 per 100 ms window
    FrameTap tap(options);
    tap.sampleAll();
    FrameTap::Endpoint endpoint;
    // One connection sending as fast as it can for ~350 ms: at most 10 per window it touches.
    QElapsedTimer clock;
    clock.start();
    int offered = 0;
    while (clock.elapsed() < 350) {
        offer(tap, endpoint, "{}");
        ++offered;
    }
    const FrameTap::Batch batch = tap.drain();
    QVERIFY2(offered > 1000, qPrintable(QString::number(offered)));
    QVERIFY(batch.frames.size() >= 10);
    // 350 ms touch at most 5 windows of 100 ms (6 if the thread is preempted at the very end).
    QVERIFY2(batch.frames.size() <= 60, qPrintable(QString::number(batch.frames.size())));
    QCOMPARE(batch.droppedTotal, quint64(0));
}

void TestFrameTap::sampleAllSharesBetweenConnections()
{
    // A chatty connection must not take the whole budget from the quiet ones.
    FrameTap::Options options;
    options.sampleRate = 400; // 40 per window
    FrameTap tap(options);
    tap.sampleAll();
    std::vector<FrameTap::Endpoint> endpoints(4);
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 450) {
        // Connection 0 sends 50 frames for every one of the others.
        for (int i = 0; i < 50; ++i)
            offer(tap, endpoints[0], "{}", QStringLiteral("chatty"));
        for (size_t c = 1; c < endpoints.size(); ++c)
            offer(tap, endpoints[c], "{}", QStringLiteral("quiet"));
    }
    const FrameTap::Batch batch = tap.drain();
    QHash<quint64, int> perConnection;
    for (const FrameRecord &frame : batch.frames)
        ++perConnection[frame.connectionId];
    QCOMPARE(perConnection.size(), 4);
    const int chatty = perConnection.value(endpoints[0].id);
    for (size_t c = 1; c < endpoints.size(); ++c)
        QVERIFY2(perConnection.value(endpoints[c].id) * 3 >= chatty,
                 qPrintable(QStringLiteral("chatty %1, quiet %2").arg(chatty).arg(perConnection.value(endpoints[c].id))));
}

void TestFrameTap::concurrentProducers()
{
    FrameTap::Options options;
    options.capacity = 1000;
    FrameTap tap(options);
    constexpr int threads = 4;
    constexpr int perThread = 20'000;
    std::vector<FrameTap::Endpoint> endpoints(threads);
    for (auto &endpoint : endpoints)
        offer(tap, endpoint, "{}");
    // Follow one connection: every frame of it is recorded while three others compete for the
    // tap, and a consumer drains concurrently.
    tap.follow(endpoints[1].id);
    std::atomic<bool> done{false};
    std::vector<FrameRecord> received;
    quint64 lastDropped = 0;
    std::thread consumer([&] {
        while (!done.load()) {
            FrameTap::Batch batch = tap.drain();
            for (FrameRecord &frame : batch.frames)
                received.push_back(std::move(frame));
            lastDropped = batch.droppedTotal;
            std::this_thread::yield();
        }
        FrameTap::Batch batch = tap.drain();
        for (FrameRecord &frame : batch.frames)
            received.push_back(std::move(frame));
        lastDropped = batch.droppedTotal;
    });
    std::vector<std::thread> producers;
    for (int t = 0; t < threads; ++t) {
        producers.emplace_back([&, t] {
            for (int i = 0; i < perThread; ++i)
                offer(tap, endpoints[size_t(t)], QByteArray::number(i));
        });
    }
    for (auto &producer : producers)
        producer.join();
    done = true;
    consumer.join();

    // Nothing lost without being counted, nothing from other connections, order kept.
    QCOMPARE(quint64(received.size()) + lastDropped, quint64(perThread));
    int previous = -1;
    for (const FrameRecord &frame : received) {
        QCOMPARE(frame.connectionId, endpoints[1].id);
        const int n = frame.payload.toInt();
        QVERIFY(n > previous);
        previous = n;
    }
    QCOMPARE(previous, perThread - 1);

    // Sampling from several threads at once never exceeds the budget by much.
    FrameTap::Options sampled;
    sampled.sampleRate = 1000;
    FrameTap sampleTap(sampled);
    sampleTap.sampleAll();
    std::vector<FrameTap::Endpoint> many(threads * 8);
    QElapsedTimer clock;
    clock.start();
    producers.clear();
    for (int t = 0; t < threads; ++t) {
        producers.emplace_back([&, t] {
            while (clock.elapsed() < 250) {
                for (int c = 0; c < 8; ++c)
                    offer(sampleTap, many[size_t(t * 8 + c)], "{}");
            }
        });
    }
    for (auto &producer : producers)
        producer.join();
    const FrameTap::Batch batch = sampleTap.drain();
    QVERIFY(batch.frames.size() >= 100);
    // 250 ms touch at most 4 windows of 100 frames (5 if a thread is preempted at the end).
    QVERIFY2(batch.frames.size() <= 500, qPrintable(QString::number(batch.frames.size())));
    QSet<quint64> ids;
    for (const FrameRecord &frame : batch.frames)
        ids.insert(frame.connectionId);
    QCOMPARE(ids.size(), threads * 8);
}

void TestFrameTap::remembersRecentConnections()
{
    FrameTap::Options options;
    options.connectionHistory = 3;
    FrameTap tap(options);
    std::vector<FrameTap::Endpoint> endpoints(5);
    const quint64 before = tap.connectionsVersion();
    for (size_t i = 0; i < endpoints.size(); ++i)
        offer(tap, endpoints[i], "{}", QStringLiteral("conn-%1").arg(i));
    QVERIFY(tap.connectionsVersion() != before);
    const std::vector<FrameConnection> connections = tap.connections();
    QCOMPARE(int(connections.size()), 3);
    QCOMPARE(connections[0].label, QStringLiteral("conn-2"));
    QCOMPARE(connections[2].label, QStringLiteral("conn-4"));
    QCOMPARE(connections[2].id, endpoints[4].id);
    QCOMPARE(connections[2].channel, QStringLiteral("general"));
    // Registered once: more frames do not add it again.
    const quint64 version = tap.connectionsVersion();
    offer(tap, endpoints[4], "{}");
    QCOMPARE(tap.connectionsVersion(), version);
}

QTEST_GUILESS_MAIN(TestFrameTap)
#include "tst_frametap.moc"
