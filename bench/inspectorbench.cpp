// inspectorbench: what the message inspector costs the engine and whether its window stays
// responsive at 100,000 rows (issue 4). Prints one JSON object; not a pass/fail test.
//
//   tap.*     ns per frame a producer thread pays: inspector off (the link reads null), sampling
//             all traffic (most frames refused by the budget), following one connection of four
//   gui.*     the InspectorPanel (shown, 1200x700) filled through a FrameTap drained the way its
//             10 Hz timer does: batches of 1,000 frames up to 100,000 rows and beyond (oldest
//             trimmed), then filters over 100,000 rows (time to finish, longest GUI-thread stall
//             measured by a 1 ms probe timer while the filter runs in slices)
//
// Run: QT_QPA_PLATFORM=offscreen build/bin/inspectorbench  (or under xvfb-run)
#include "inspect/frametap.h"
#include "inspect/frametaplink.h"
#include "inspector/frametablemodel.h"
#include "inspector/inspectorpanel.h"
#include "metrics/monotonicclock.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int batchSize = 1'000;
constexpr int targetRows = 100'000;

QByteArray envelope(quint64 n)
{
    static const char *types[] = {"chat.message", "chat.typing", "presence.join", "presence.leave", "ticker.update"};
    const char *type = types[n % 5];
    return QByteArray("{\"type\":\"") + type + "\",\"channel\":\"room-" + QByteArray::number(n % 7)
        + "\",\"seq\":" + QByteArray::number(n) + ",\"ts\":1763900000000,\"id\":\"c" + QByteArray::number(n % 97)
        + "-" + QByteArray::number(n) + "\",\"payload\":{\"user\":\"user-" + QByteArray::number(n % 250)
        + "\",\"text\":\"message number " + QByteArray::number(n) + " with some words in it\",\"sentAt\":"
        + QByteArray::number(1763900000000 + n) + "}}";
}

FrameConnection describe(int index)
{
    FrameConnection connection;
    connection.side = FrameRecord::Side::Server;
    connection.protocol = index % 3 == 0 ? FrameRecord::Protocol::Sse : FrameRecord::Protocol::WebSocket;
    connection.label = QStringLiteral("127.0.0.1:%1").arg(40000 + index);
    connection.channel = QStringLiteral("room-%1").arg(index % 7);
    return connection;
}

// ns per frame for `threads` producers each offering `perThread` frames over `connections`.
double producerCost(FrameTap *tap, const FrameTapLink &link, int threads, int perThread, bool followFirst)
{
    std::vector<std::vector<FrameTap::Endpoint>> endpoints(size_t(threads), std::vector<FrameTap::Endpoint>(4));
    const QByteArray json = envelope(42);
    if (followFirst && tap) {
        FrameTap::Frame frame;
        frame.bytes = json;
        tap->offer(endpoints[0][0], frame, [] { return describe(0); });
        tap->follow(endpoints[0][0].id);
    }
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<double> nsPerFrame(static_cast<size_t>(threads));
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            ++ready;
            while (!go.load())
                std::this_thread::yield();
            const qint64 start = MonotonicClock::nowNs();
            for (int i = 0; i < perThread; ++i) {
                // Exactly what a server hook does: one relaxed load, the tap only when it samples.
                if (FrameTap *active = link.active()) [[unlikely]] {
                    FrameTap::Frame frame;
                    frame.bytes = json;
                    const int c = i & 3;
                    active->offer(endpoints[size_t(t)][size_t(c)], frame, [&] { return describe(t * 4 + c); });
                }
            }
            nsPerFrame[size_t(t)] = double(MonotonicClock::nowNs() - start) / perThread;
        });
    }
    while (ready.load() < threads)
        std::this_thread::yield();
    go = true;
    for (auto &worker : workers)
        worker.join();
    if (tap)
        tap->drain();
    return *std::max_element(nsPerFrame.begin(), nsPerFrame.end());
}

// Longest gap between the ticks of a 1 ms timer, minus the interval: how long the GUI thread
// was busy at a stretch.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = MonotonicClock::nowNs();
            if (m_last != 0)
                m_maxGapNs = std::max(m_maxGapNs, now - m_last);
            m_last = now;
        });
    }
    void start() { m_last = 0; m_maxGapNs = 0; m_timer.start(); }
    double stop()
    {
        m_timer.stop();
        return std::max(0.0, double(m_maxGapNs) / 1e6 - 1.0);
    }

private:
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_maxGapNs = 0;
};

// Runs the event loop until `done` or the timeout; returns elapsed ms.
template <typename Done>
double runUntil(Done done, int timeoutMs = 60'000)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return double(clock.nsecsElapsed()) / 1e6;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QJsonObject result;
    result.insert(QStringLiteral("platform"), QGuiApplication::platformName());

    // --- the engine's side ---
    {
        constexpr int threads = 2;
        constexpr int perThread = 2'000'000;
        QJsonObject tapCost;
        FrameTapLink offLink;
        tapCost.insert(QStringLiteral("offNsPerFrame"), producerCost(nullptr, offLink, threads, perThread * 5, false));
        auto sampled = std::make_shared<FrameTap>();
        FrameTapLink sampledLink;
        sampledLink.attach(sampled);
        sampled->sampleAll();
        tapCost.insert(QStringLiteral("sampleAllNsPerFrame"), producerCost(sampled.get(), sampledLink, threads, perThread, false));
        auto followed = std::make_shared<FrameTap>();
        FrameTapLink followedLink;
        followedLink.attach(followed);
        tapCost.insert(QStringLiteral("followOneOfFourNsPerFrame"),
                       producerCost(followed.get(), followedLink, threads, perThread / 4, true));
        tapCost.insert(QStringLiteral("producerThreads"), threads);
        tapCost.insert(QStringLiteral("messageBytes"), envelope(42).size());
        result.insert(QStringLiteral("tap"), tapCost);
    }

    // --- the window's side ---
    FrameTap::Options options;
    options.capacity = 20'000;
    auto tap = std::make_shared<FrameTap>(options);
    InspectorPanel panel(tap);
    panel.resize(1200, 700);
    panel.show();
    panel.setActive(true);
    QCoreApplication::processEvents();

    std::vector<FrameTap::Endpoint> endpoints(64);
    quint64 n = 0;
    // One producer writing `count` frames through the tap (followed connection 0 receives all:
    // Follow records every frame, unlike the sampler's budget).
    FrameTap::Frame warm;
    const QByteArray first = envelope(0);
    warm.bytes = first;
    for (int c = 0; c < int(endpoints.size()); ++c)
        tap->offer(endpoints[size_t(c)], warm, [c] { return describe(c); });
    tap->drain();
    const auto produce = [&](int count) {
        // Every frame to the followed connection: the bench needs exactly `count` rows.
        tap->follow(endpoints[0].id);
        std::thread producer([&] {
            for (int i = 0; i < count; ++i) {
                const QByteArray json = envelope(n + quint64(i));
                FrameTap::Frame frame;
                frame.direction = i % 3 == 0 ? FrameRecord::Direction::ClientToServer : FrameRecord::Direction::ServerToClient;
                frame.bytes = json;
                tap->offer(endpoints[0], frame, [] { return describe(0); });
            }
        });
        producer.join();
        n += quint64(count);
    };

    FrameTableModel *model = panel.model();
    QJsonObject gui;
    {
        // Fill to 100,000 rows in batches of 1,000; each refresh is one GUI tick (drain, append,
        // scroll to the newest, paint).
        qint64 totalNs = 0;
        qint64 worstNs = 0;
        qint64 worstLast10Ns = 0;
        int ticks = 0;
        while (model->rowCount() < targetRows) {
            produce(batchSize);
            QElapsedTimer clock;
            clock.start();
            panel.refresh();
            panel.view()->viewport()->repaint();
            QCoreApplication::processEvents();
            const qint64 elapsed = clock.nsecsElapsed();
            totalNs += elapsed;
            worstNs = std::max(worstNs, elapsed);
            if (model->rowCount() > targetRows - 10 * batchSize)
                worstLast10Ns = std::max(worstLast10Ns, elapsed);
            ++ticks;
        }
        gui.insert(QStringLiteral("rows"), model->rowCount());
        gui.insert(QStringLiteral("batchRows"), batchSize);
        gui.insert(QStringLiteral("fillTicks"), ticks);
        gui.insert(QStringLiteral("fillTotalMs"), ms(totalNs));
        gui.insert(QStringLiteral("fillMeanTickMs"), ms(totalNs) / ticks);
        gui.insert(QStringLiteral("fillWorstTickMs"), ms(worstNs));
        gui.insert(QStringLiteral("fillWorstTickNear100kMs"), ms(worstLast10Ns));
    }
    {
        // At capacity: every batch trims 1,000 old rows and appends 1,000 new ones.
        qint64 totalNs = 0;
        qint64 worstNs = 0;
        constexpr int ticks = 30;
        for (int i = 0; i < ticks; ++i) {
            produce(batchSize);
            QElapsedTimer clock;
            clock.start();
            panel.refresh();
            panel.view()->viewport()->repaint();
            QCoreApplication::processEvents();
            const qint64 elapsed = clock.nsecsElapsed();
            totalNs += elapsed;
            worstNs = std::max(worstNs, elapsed);
        }
        gui.insert(QStringLiteral("atCapacityRows"), model->rowCount());
        gui.insert(QStringLiteral("atCapacityTrimmed"), double(model->trimmedCount()));
        gui.insert(QStringLiteral("atCapacityMeanTickMs"), ms(totalNs) / ticks);
        gui.insert(QStringLiteral("atCapacityWorstTickMs"), ms(worstNs));
    }

    auto *text = panel.findChild<QLineEdit *>(QStringLiteral("inspectorFilterText"));
    auto *regex = panel.findChild<QCheckBox *>(QStringLiteral("inspectorRegex"));
    StallProbe probe;
    const auto measureFilter = [&](const QString &name, const QString &pattern, bool isRegex) {
        // Typing pauses, the filter runs in slices; meanwhile the probe measures the GUI's stalls.
        probe.start();
        QElapsedTimer clock;
        clock.start();
        regex->setChecked(isRegex);
        text->setText(pattern);
        const QString wanted = pattern;
        runUntil([&] { return model->filter().text() == wanted && !model->isFiltering(); });
        const double elapsedMs = double(clock.nsecsElapsed()) / 1e6;
        const double stallMs = probe.stop();
        QJsonObject entry;
        entry.insert(QStringLiteral("pattern"), pattern);
        entry.insert(QStringLiteral("regex"), isRegex);
        entry.insert(QStringLiteral("matchedRows"), model->rowCount());
        entry.insert(QStringLiteral("ofRows"), model->storedCount());
        entry.insert(QStringLiteral("doneMs"), elapsedMs);   // includes the 150 ms typing delay
        entry.insert(QStringLiteral("longestStallMs"), stallMs);
        gui.insert(name, entry);
    };
    measureFilter(QStringLiteral("filterRegex"), QStringLiteral("user-1[0-9]{2}\\b.*number \\d+7 "), true);
    measureFilter(QStringLiteral("filterText"), QStringLiteral("presence"), false);
    measureFilter(QStringLiteral("filterRegexRare"), QStringLiteral("number 123456 "), true);
    measureFilter(QStringLiteral("filterCleared"), QString(), false);

    {
        // Jumping through 100,000 rows: one paint per jump.
        probe.start();
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 20; ++i) {
            panel.view()->scrollTo(model->index((i * 4999) % model->rowCount(), 0));
            panel.view()->viewport()->repaint();
        }
        gui.insert(QStringLiteral("scrollJumpMeanMs"), double(clock.nsecsElapsed()) / 1e6 / 20);
        probe.stop();
    }
    {
        // Live: a producer at 10,000 frames/s for 3 s while the panel's own 10 Hz timer drains and
        // a regex filter is on; the probe reports the GUI thread's longest stall.
        regex->setChecked(true);
        text->setText(QStringLiteral("chat\\.(message|typing)"));
        runUntil([&] { return !model->isFiltering() && model->filter().isRegularExpression(); });
        tap->sampleAll();
        tap->setSampleRate(100'000);
        std::atomic<bool> stop{false};
        std::thread producer([&] {
            quint64 i = 0;
            const qint64 startNs = MonotonicClock::nowNs();
            while (!stop.load()) {
                const QByteArray json = envelope(i);
                FrameTap::Frame frame;
                frame.bytes = json;
                const size_t c = size_t(i % endpoints.size());
                tap->offer(endpoints[c], frame, [c] { return describe(int(c)); });
                ++i;
                // 10,000 per second, sent in bursts of 100 every 10 ms.
                if (i % 100 == 0) {
                    const qint64 due = startNs + qint64(i) * 100'000;
                    while (MonotonicClock::nowNs() < due && !stop.load())
                        std::this_thread::sleep_for(std::chrono::microseconds(500));
                }
            }
        });
        const quint64 capturedBefore = tap->drain().capturedTotal;
        probe.start();
        runUntil([] { return false; }, 3000);
        const double stallMs = probe.stop();
        stop = true;
        producer.join();
        QJsonObject live;
        live.insert(QStringLiteral("framesPerSecond"), 10'000);
        live.insert(QStringLiteral("seconds"), 3);
        live.insert(QStringLiteral("captured"), double(tap->drain().capturedTotal - capturedBefore));
        live.insert(QStringLiteral("droppedTotal"), double(tap->droppedTotal()));
        live.insert(QStringLiteral("rowsShown"), model->rowCount());
        live.insert(QStringLiteral("longestStallMs"), stallMs);
        gui.insert(QStringLiteral("live10kPerSecondWithRegex"), live);
    }
    {
        // For comparison, the stock way: a QSortFilterProxyModel over 100,000 rows. Setting its
        // filter matches every row in one blocking call, and each trim of the oldest rows is
        // remapped by the proxy.
        FrameTableModel source;
        std::vector<FrameRecord> frames;
        frames.reserve(targetRows);
        for (int i = 0; i < targetRows; ++i) {
            FrameRecord frame;
            frame.seq = quint64(i + 1);
            frame.payload = envelope(quint64(i));
            frame.type = QStringLiteral("chat.message");
            frames.push_back(std::move(frame));
        }
        source.append(std::move(frames));
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&source);
        proxy.setFilterKeyColumn(FrameTableModel::PreviewColumn);
        proxy.setFilterRole(Qt::ToolTipRole); // the raw message, as the inspector's own filter searches
        QTableView view;
        view.setModel(&proxy);
        view.resize(1200, 600);
        view.show();
        QCoreApplication::processEvents();
        QElapsedTimer clock;
        clock.start();
        proxy.setFilterRegularExpression(QRegularExpression(QStringLiteral("user-1[0-9]{2}\\b.*number \\d+7 "),
                                                            QRegularExpression::CaseInsensitiveOption));
        const double filterMs = double(clock.nsecsElapsed()) / 1e6;
        const int matched = proxy.rowCount();
        qint64 worstNs = 0;
        for (int tick = 0; tick < 10; ++tick) {
            std::vector<FrameRecord> batch(batchSize);
            for (int i = 0; i < batchSize; ++i) {
                batch[size_t(i)].payload = envelope(quint64(targetRows + tick * batchSize + i));
                batch[size_t(i)].type = QStringLiteral("chat.message");
            }
            clock.restart();
            source.append(std::move(batch));
            view.viewport()->repaint();
            worstNs = std::max(worstNs, clock.nsecsElapsed());
        }
        QJsonObject stock;
        stock.insert(QStringLiteral("rows"), targetRows);
        stock.insert(QStringLiteral("regexBlockingMs"), filterMs);
        stock.insert(QStringLiteral("matchedRows"), matched);
        stock.insert(QStringLiteral("atCapacityWorstTickMs"), ms(worstNs));
        gui.insert(QStringLiteral("forComparisonSortFilterProxy"), stock);
    }
    result.insert(QStringLiteral("gui"), gui);
    panel.setActive(false);

#ifdef INSPECTORBENCH_BUILD_TYPE
    result.insert(QStringLiteral("buildType"), QStringLiteral(INSPECTORBENCH_BUILD_TYPE));
#endif
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
