#include "charts/chartpanel.h"
#include "charts/latencyhistogramchart.h"
#include "charts/livechart.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"

#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

// The chart panel fed by a real run: 20 WebSocket clients against a real embedded server on
// port 0, their snapshots into ChartPanel::addSnapshot, and what the charts draw compared with
// what the snapshots said.
class tst_ChartPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void realRunDrivesTheCharts();
    void histogramBarsCountEveryMessageOnce();
    void exportRejectsUnknownFormatsAndIndexes();
    void followsTheDarkPalette();
    void repaintsOnlyWhileShown();
    void socketIoAndGraphQlHaveLinesOfTheirOwn();
    void stagedInstancesHaveAChartOfTheirOwn();
    void presenceFlappingIsOnTheChurnChart();

private:
    void checkSeriesAreTheSnapshots(ChartPanel &panel);
    void checkMarkersAndWindow(ChartPanel &panel);
    void checkExports(ChartPanel &panel);

    std::vector<MetricsSnapshot> m_snapshots;
};

namespace {

constexpr double second = 1e9;

std::shared_ptr<const scenario::Scenario> smallScenario()
{
    // A delay first, so the chart starts from 0 open; messages, so latency and throughput move.
    const QByteArray json = R"({
        "name": "charts",
        "target": "embedded",
        "groups": [{
            "name": "chatters", "protocol": "ws", "clients": 20,
            "phases": {"delay": "300ms", "rampUp": "1s", "hold": "2s"},
            "send": {"rate": 5, "payloadBytes": 64}
        }]
    })";
    const scenario::LoadResult result = scenario::ScenarioLoader::loadJson(json, QStringLiteral("charts.json"));
    if (!result.isOk())
        qWarning("%s", qPrintable(result.errorText()));
    return result.isOk() ? std::make_shared<const scenario::Scenario>(*result.scenario) : nullptr;
}

QLineSeries *seriesOf(ChartPanel &panel, int chart, int column)
{
    return panel.liveChart(chart)->series(column);
}

} // namespace

void tst_ChartPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTest"));
}

void tst_ChartPanel::realRunDrivesTheCharts()
{
    ServerConfig config;
    config.port = 0;
    EmbeddedServerHost host;
    QVERIFY(host.start(config));
    auto scenario = smallScenario();
    QVERIFY(scenario);

    ChartPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.chartCount(), 9);
    QCOMPARE(panel.chartTitles().size(), 9);
    for (const int index : {ChartPanel::Instances, ChartPanel::InstanceDeliveries, ChartPanel::InstanceLatency})
        QVERIFY(panel.chart(index)->isHidden()); // one embedded server: no instance charts

    m_snapshots.clear();
    Runner runner(scenario);
    runner.useServer(host.server());
    connect(&runner, &Runner::snapshotReady, &panel, [this, &panel](const MetricsSnapshot &snapshot) {
        m_snapshots.push_back(snapshot);
        panel.addSnapshot(snapshot);
    });
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY2(runner.start(), qPrintable(runner.errorString()));

    // Pause while clients are still ramping up: the view freezes, data keeps arriving.
    QLineSeries *ws = seriesOf(panel, ChartPanel::Connections, 0);
    QTRY_VERIFY(m_snapshots.size() >= 8 && ws->count() >= 8);
    auto *pause = panel.findChild<QToolButton *>(QStringLiteral("chartPause"));
    QVERIFY(pause);
    pause->click();
    QVERIFY(panel.isPaused());
    const QList<QPointF> frozen = ws->points();
    const size_t pausedAt = m_snapshots.size();
    QTRY_VERIFY(m_snapshots.size() >= pausedAt + 5);
    QCOMPARE(ws->points(), frozen);
    QVERIFY(panel.liveChart(ChartPanel::Connections)->buffer().sampleCount() >= qint64(pausedAt + 5));
    pause->click();
    QVERIFY(!panel.isPaused());
    QTRY_VERIFY(ws->count() >= frozen.size() + 5);

    QVERIFY(finished.wait(20000));
    QVERIFY(!m_snapshots.empty());
    checkSeriesAreTheSnapshots(panel);
    if (!QTest::currentTestFailed())
        checkMarkersAndWindow(panel);
    if (!QTest::currentTestFailed())
        checkExports(panel);
    host.stop();
}

void tst_ChartPanel::checkSeriesAreTheSnapshots(ChartPanel &panel)
{
    // The charts refresh one per repaint tick, in turn: wait until each shown one has drawn the
    // last snapshot (the instances chart stays hidden without instances).
    for (int i = 0; i < panel.chartCount(); ++i) {
        if (panel.chart(i)->isVisible())
            QTRY_VERIFY(!panel.chart(i)->isDirty());
    }
    // Whole run (the default) at raw resolution: one point per snapshot, its own numbers.
    QLineSeries *ws = seriesOf(panel, ChartPanel::Connections, 0);
    QTRY_COMPARE(ws->count(), int(m_snapshots.size()));
    qint64 peak = 0;
    for (size_t i = 0; i < m_snapshots.size(); ++i) {
        const MetricsSnapshot &s = m_snapshots[i];
        QCOMPARE(s.groups.size(), size_t(1));
        QCOMPARE(ws->at(int(i)).x(), double(s.elapsedNs) / second);
        QCOMPARE(ws->at(int(i)).y(), double(s.groups.front().total.open()));
        peak = std::max(peak, s.groups.front().total.open());
    }
    QCOMPARE(ws->points().last().y(), double(m_snapshots.back().all.total.open()));
    // It rose from nothing (the group's delay) to all 20 clients.
    QCOMPARE(ws->at(0).y(), 0.0);
    QCOMPARE(peak, qint64(20));
    QVERIFY(ws->isVisible());
    QVERIFY(!seriesOf(panel, ChartPanel::Connections, 1)->isVisible()); // no SSE in this run
    QVERIFY(!seriesOf(panel, ChartPanel::Connections, 4)->isVisible()); // "all" repeats WebSocket

    // Churn: the opened/s line adds up to the 20 sessions opened (rate x interval).
    double opened = 0;
    QLineSeries *openedPerSecond = seriesOf(panel, ChartPanel::Churn, 0);
    QCOMPARE(openedPerSecond->count(), int(m_snapshots.size()));
    for (size_t i = 0; i < m_snapshots.size(); ++i)
        opened += openedPerSecond->at(int(i)).y() * panel.liveChart(ChartPanel::Churn)->valueDivisor(false)
                * double(m_snapshots[i].intervalNs) / second;
    QCOMPARE(qRound(opened), int(m_snapshots.back().all.total.connectsFirst + m_snapshots.back().all.total.reconnects));

    // Latency: a point for every interval that delivered something, p50 <= p99 <= max.
    QLineSeries *p50 = seriesOf(panel, ChartPanel::Latency, 0);
    QLineSeries *p99 = seriesOf(panel, ChartPanel::Latency, 2);
    QLineSeries *max = seriesOf(panel, ChartPanel::Latency, 3);
    // Intervals that delivered nothing break the lines (one NaN point per silence).
    int delivering = 0;
    for (const MetricsSnapshot &s : m_snapshots)
        delivering += s.all.latencyInterval.count() > 0;
    QVERIFY(delivering > 5);
    const double ms = panel.liveChart(ChartPanel::Latency)->valueDivisor(false) == 1 ? 1e6 : 1e9;
    QCOMPARE(p50->count(), max->count());
    int drawn = 0;
    for (int i = 0; i < p50->count(); ++i) {
        if (std::isnan(p50->at(i).y())) {
            QVERIFY(std::isnan(max->at(i).y()));
            continue;
        }
        ++drawn;
        QVERIFY(p50->at(i).y() > 0);
        QVERIFY(p50->at(i).y() <= p99->at(i).y());
        QVERIFY(p99->at(i).y() <= max->at(i).y());
        // The maximum is the interval's own, from the snapshot at that time.
        const auto at = std::find_if(m_snapshots.begin(), m_snapshots.end(), [&](const MetricsSnapshot &s) {
            return double(s.elapsedNs) / second == max->at(i).x();
        });
        QVERIFY(at != m_snapshots.end());
        QCOMPARE(max->at(i).y(), double(at->all.latencyInterval.maxNs()) / ms);
    }
    QCOMPARE(drawn, delivering);

    // Throughput: messages sent per second times the intervals is the messages sent.
    double sent = 0;
    QLineSeries *sentPerSecond = seriesOf(panel, ChartPanel::Throughput, 0);
    QCOMPARE(sentPerSecond->count(), int(m_snapshots.size()));
    // Drawn in thousands when received messages run into the ten thousands per second.
    const double scale = panel.liveChart(ChartPanel::Throughput)->valueDivisor(false);
    for (size_t i = 0; i < m_snapshots.size(); ++i)
        sent += sentPerSecond->at(int(i)).y() * scale * double(m_snapshots[i].intervalNs) / second;
    QCOMPARE(qRound64(sent), qint64(m_snapshots.back().all.total.messagesSent));
    QVERIFY(m_snapshots.back().all.total.messagesSent > 0);

    // Delivery health: totals as the snapshots counted them (0 on a healthy loopback run).
    QLineSeries *lost = seriesOf(panel, ChartPanel::Delivery, 0);
    QCOMPARE(lost->points().last().y(), double(m_snapshots.back().all.total.lost));

    // The histogram view counts every delivered message of the whole run once.
    LatencyHistogramChart *histogram = panel.histogramChart();
    QTRY_COMPARE(histogram->histogram().count(), m_snapshots.back().all.latencyTotal.count());
    QTRY_VERIFY(!histogram->isDirty());
    quint64 counted = 0;
    for (const auto &bar : histogram->bars())
        counted += bar.count;
    QCOMPARE(counted, m_snapshots.back().all.latencyTotal.count());
    QCOMPARE(histogram->barSet()->count(), histogram->bars().size());
    QVERIFY(histogram->chart()->title().contains(QStringLiteral("p99")));

    // Hovering a moment shows that snapshot's values.
    LiveChart *connections = panel.liveChart(ChartPanel::Connections);
    const MetricsSnapshot &middle = m_snapshots[m_snapshots.size() / 2];
    const QString tip = connections->toolTipAt(double(middle.elapsedNs) / second);
    QVERIFY2(tip.contains(QStringLiteral("WebSocket: %1").arg(middle.all.total.open())), qPrintable(tip));
    // ... and the pointer over the plot shows exactly that text.
    const QPointF inChart = connections->chart()->mapToPosition(
        QPointF(double(middle.elapsedNs) / second, 1), connections->series(0));
    const QPoint inView = connections->mapFromScene(connections->chart()->mapToScene(inChart));
    QTest::mouseMove(connections->viewport(), inView);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), tip);
}

void tst_ChartPanel::checkMarkersAndWindow(ChartPanel &panel)
{
    const qint64 lastNs = m_snapshots.back().elapsedNs;
    const TimelineMarker fault{1'500'000'000, TimelineMarker::Kind::Fault, QStringLiteral("restart (1s down)")};
    const TimelineMarker phase{300'000'000, TimelineMarker::Kind::Phase, QStringLiteral("chatters: ramp-up")};
    panel.addMarker(fault);
    panel.addMarker(phase);
    for (int i = 0; i < panel.chartCount(); ++i) {
        LiveChart *chart = panel.liveChart(i);
        if (!chart || chart->isHidden())
            continue; // the histogram has no time axis; a hidden chart is not drawn
        QTRY_COMPARE(chart->visibleMarkers().size(), 2);
        QCOMPARE(chart->visibleMarkers().at(0).label, fault.label);
        QVERIFY(chart->toolTipAt(1.5).contains(fault.label));
    }

    // The window: the last minute fills from the left; the whole run ends at the last snapshot.
    auto *window = panel.findChild<QComboBox *>(QStringLiteral("chartWindow"));
    QVERIFY(window);
    QValueAxis *time = panel.liveChart(ChartPanel::Latency)->timeAxis();
    QCOMPARE(panel.windowChoice(), QStringLiteral("run"));
    QCOMPARE(time->min(), 0.0);
    QTRY_COMPARE(time->max(), double(lastNs) / second);
    window->setCurrentIndex(window->findData(QStringLiteral("1m")));
    QCOMPARE(panel.windowChoice(), QStringLiteral("1m"));
    QTRY_COMPARE(time->max(), 60.0);
    QCOMPARE(time->min(), 0.0);
    window->setCurrentIndex(window->findData(QStringLiteral("5m")));
    QTRY_COMPARE(time->max(), 300.0);
    panel.setWindowChoice(QStringLiteral("nonsense"));
    QCOMPARE(panel.windowChoice(), QStringLiteral("run"));
    QTRY_COMPARE(time->max(), double(lastNs) / second);
}

void tst_ChartPanel::checkExports(ChartPanel &panel)
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (int i = 0; i < panel.chartCount(); ++i) {
        if (panel.chart(i)->isHidden())
            continue; // the instances chart of a run without instances
        const QString png = dir.filePath(QStringLiteral("chart%1.png").arg(i));
        QVERIFY2(panel.exportChart(i, png), qPrintable(panel.errorString()));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 400 && image.height() >= 300);
        // Not a blank rectangle: the lines and text are there.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3) {
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY(colours.size() > 20);

        const QString svg = dir.filePath(QStringLiteral("chart%1.svg").arg(i));
        QVERIFY2(panel.exportChart(i, svg), qPrintable(panel.errorString()));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("</svg>"));
        QVERIFY2(text.contains(panel.chartTitles().at(i).left(12).toUtf8()), qPrintable(panel.chartTitles().at(i)));
        if (panel.liveChart(i))
            QVERIFY(text.contains("restart (1s down)")); // the marker's label is in the drawing
    }
}

void tst_ChartPanel::histogramBarsCountEveryMessageOnce()
{
    LatencyHistogram h;
    h.recordMany(1'500'000, 10); // 1.5 ms
    h.record(15'000'000);        // 15 ms
    h.record(999);               // just under 1 µs
    const auto bars = LatencyHistogramChart::barsFor(h);
    // < 1 µs, then 1-2 µs ... up to 10-20 ms: 1 + 13 bars.
    QCOMPARE(bars.size(), 14);
    QCOMPARE(bars.first().fromNs, 0);
    QCOMPARE(bars.first().toNs, 1'000);
    QCOMPARE(bars.first().count, quint64(1));
    QCOMPARE(bars.at(10).fromNs, 1'000'000);
    QCOMPARE(bars.at(10).toNs, 2'000'000);
    QCOMPARE(bars.at(10).count, quint64(10));
    QCOMPARE(bars.last().fromNs, 10'000'000);
    QCOMPARE(bars.last().count, quint64(1));
    quint64 total = 0;
    for (const auto &bar : bars)
        total += bar.count;
    QCOMPARE(total, h.count());
    QVERIFY(LatencyHistogramChart::barsFor(LatencyHistogram()).isEmpty());
}

void tst_ChartPanel::exportRejectsUnknownFormatsAndIndexes()
{
    ChartPanel panel;
    QTemporaryDir dir;
    QVERIFY(!panel.exportChart(0, dir.filePath(QStringLiteral("chart.jpg"))));
    QVERIFY2(panel.errorString().contains(QStringLiteral(".png")), qPrintable(panel.errorString()));
    QVERIFY(!panel.exportChart(panel.chartCount(), dir.filePath(QStringLiteral("chart.png"))));
    QVERIFY(panel.errorString().contains(QString::number(panel.chartCount())));
    QVERIFY(!panel.exportChart(0, dir.filePath(QStringLiteral("missing-dir/chart.png"))));
    QVERIFY(!panel.errorString().isEmpty());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("QSvgPaintEngine::begin.*")));
    QTest::ignoreMessage(QtWarningMsg, "QPainter::begin(): Returned false");
    QVERIFY(!panel.exportChart(0, dir.filePath(QStringLiteral("missing-dir/chart.svg"))));
    QVERIFY(!panel.errorString().isEmpty());
    // A panel that was never shown still exports a chart of a usable size (twice its pixels).
    QVERIFY(panel.exportChart(0, dir.filePath(QStringLiteral("chart.png"))));
    QVERIFY(QImage(dir.filePath(QStringLiteral("chart.png"))).width() >= 800);
}

void tst_ChartPanel::followsTheDarkPalette()
{
    ChartPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    LiveChart *chart = panel.liveChart(ChartPanel::Latency);
    const QColor lightBackground = chart->chart()->backgroundBrush().color();
    const QColor lightLine = chart->series(0)->pen().color();
    QPalette dark = panel.palette();
    dark.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    panel.setPalette(dark);
    QTRY_COMPARE(chart->chart()->backgroundBrush().color(), QColor(0x1f, 0x21, 0x24));
    QVERIFY(chart->chart()->backgroundBrush().color() != lightBackground);
    QCOMPARE(chart->chart()->titleBrush().color(), QColor(0xe6, 0xe6, 0xe6));
    QCOMPARE(chart->timeAxis()->labelsBrush().color(), QColor(0xe6, 0xe6, 0xe6));
    // Lines get the lighter variant of their colour, which reads on a dark background.
    QVERIFY(chart->series(0)->pen().color() != lightLine);
    QVERIFY(chart->series(0)->pen().color().lightness() > lightLine.lightness());
}

void tst_ChartPanel::repaintsOnlyWhileShown()
{
    ChartPanel panel;
    auto *timer = panel.findChild<QTimer *>(QStringLiteral("chartRepaintTimer"));
    QVERIFY(timer);
    QVERIFY(!timer->isActive());
    MetricsSnapshot snapshot;
    snapshot.elapsedNs = 100'000'000;
    snapshot.intervalNs = 100'000'000;
    panel.addSnapshot(snapshot);
    LiveChart *chart = panel.liveChart(ChartPanel::Connections);
    QVERIFY(chart->isDirty());
    const int before = chart->refreshCount();

    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(timer->isActive());
    QTRY_VERIFY(!chart->isDirty());
    QVERIFY(chart->refreshCount() > before);
    QCOMPARE(chart->series(0)->count(), 1);

    // Hidden: no timer at all; the new sample waits in the buffer.
    panel.hide();
    QVERIFY(!timer->isActive());
    snapshot.elapsedNs = 200'000'000;
    panel.addSnapshot(snapshot);
    QVERIFY(chart->isDirty());
    QCOMPARE(chart->buffer().sampleCount(), 2);
    QCOMPARE(chart->series(0)->count(), 1);
}

void tst_ChartPanel::socketIoAndGraphQlHaveLinesOfTheirOwn()
{
    // Connections open by protocol: a Socket.IO group (whatever its transport) and a graphql-ws
    // group are not counted as plain WebSocket.
    ChartPanel panel;
    MetricsSnapshot snapshot;
    snapshot.elapsedNs = 100'000'000;
    snapshot.intervalNs = 100'000'000;
    const auto addGroup = [&snapshot](const char *protocol, quint64 open) {
        GroupMetrics group;
        group.protocol = QString::fromLatin1(protocol);
        group.total.connectsFirst = open;
        snapshot.groups.push_back(group);
        snapshot.all.total.connectsFirst += open;
    };
    addGroup("ws", 3);
    addGroup("socketio", 5);
    addGroup("graphql-ws", 7);
    panel.addSnapshot(snapshot);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    LiveChart *chart = panel.liveChart(ChartPanel::Connections);
    QTRY_VERIFY(!chart->isDirty());
    const auto lastOf = [chart](int column) { return chart->series(column)->points().last().y(); };
    QCOMPARE(chart->series(5)->name(), QStringLiteral("Socket.IO"));
    QCOMPARE(chart->series(6)->name(), QStringLiteral("GraphQL"));
    QCOMPARE(lastOf(0), 3.0);
    QCOMPARE(lastOf(5), 5.0);
    QCOMPARE(lastOf(6), 7.0);
    QCOMPARE(lastOf(4), 15.0); // all
    QVERIFY(chart->series(4)->isVisible());
}

void tst_ChartPanel::stagedInstancesHaveAChartOfTheirOwn()
{
    // A run with several instances: each instance's open connections (with the broker's round
    // trip on the right axis), its deliveries per second and its cross-instance latency; the
    // charts appear with them at the top, beside the clients' view, and go with the next run.
    ChartPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    LiveChart *open = panel.liveChart(ChartPanel::Instances);
    LiveChart *delivered = panel.liveChart(ChartPanel::InstanceDeliveries);
    LiveChart *crossing = panel.liveChart(ChartPanel::InstanceLatency);
    for (LiveChart *chart : {open, delivered, crossing}) {
        QVERIFY(chart);
        QVERIFY(chart->isHidden());
    }
    MetricsSnapshot snapshot;
    snapshot.elapsedNs = 100'000'000;
    snapshot.intervalNs = 100'000'000;
    for (const qint64 connections : {120, 0, 95}) {
        MetricsSnapshot::Instance instance;
        instance.listening = connections > 0; // instance 1 was killed
        instance.open = connections;
        instance.deliveredPerSecond = double(connections) * 10;
        instance.crossInstanceLatencyMs = instance.listening ? 0.25 : std::numeric_limits<double>::quiet_NaN();
        instance.brokerUp = instance.listening;
        instance.brokerRoundTripMs = 0.4;
        snapshot.instances.push_back(instance);
    }
    panel.addSnapshot(snapshot);
    for (LiveChart *chart : {open, delivered, crossing}) {
        QVERIFY(chart->isVisible());
        QTRY_VERIFY(!chart->isDirty());
    }
    const auto lastOf = [](LiveChart *chart, int column) { return chart->series(column)->points().last().y(); };
    QCOMPARE(open->series(0)->name(), QStringLiteral("instance 0"));
    QCOMPARE(lastOf(open, 0), 120.0);
    QCOMPARE(lastOf(open, 1), 0.0);
    QCOMPARE(lastOf(open, 2), 95.0);
    QCOMPARE(lastOf(open, ChartPanel::maxInstanceLines), 0.4);
    QVERIFY(!open->series(5)->isVisible()); // no instance 5
    QCOMPARE(lastOf(delivered, 0), 1200.0);
    QCOMPARE(lastOf(delivered, 2), 950.0);
    QCOMPARE(lastOf(crossing, 0), 0.25);
    QVERIFY(crossing->series(1)->points().isEmpty()); // the killed instance: no value, not zero
    QCOMPARE(lastOf(crossing, ChartPanel::maxInstanceLines), 0.4);

    // Each instance chart sits left of the clients' chart of the same kind, from the top row.
    const auto rowOf = [&panel](int index) { return panel.chart(index)->geometry().top(); };
    const auto leftOf = [&panel](int left, int right) {
        return panel.chart(left)->geometry().right() < panel.chart(right)->geometry().left();
    };
    QTRY_COMPARE(rowOf(ChartPanel::Instances), 0);
    QCOMPARE(rowOf(ChartPanel::Instances), rowOf(ChartPanel::Connections));
    QVERIFY(leftOf(ChartPanel::Instances, ChartPanel::Connections));
    QCOMPARE(rowOf(ChartPanel::InstanceDeliveries), rowOf(ChartPanel::Throughput));
    QVERIFY(leftOf(ChartPanel::InstanceDeliveries, ChartPanel::Throughput));
    QCOMPARE(rowOf(ChartPanel::InstanceLatency), rowOf(ChartPanel::Latency));
    QVERIFY(rowOf(ChartPanel::Instances) < rowOf(ChartPanel::InstanceDeliveries));
    QVERIFY(rowOf(ChartPanel::InstanceDeliveries) < rowOf(ChartPanel::InstanceLatency));

    panel.clear();
    for (LiveChart *chart : {open, delivered, crossing})
        QVERIFY(chart->isHidden());
    QTRY_COMPARE(rowOf(ChartPanel::Connections), 0);
    QTRY_VERIFY(leftOf(ChartPanel::Connections, ChartPanel::Churn));
}

QTEST_MAIN(tst_ChartPanel)
void tst_ChartPanel::presenceFlappingIsOnTheChurnChart()
{
    // Presence joins and leaves per second join the churn lines only when the server announces
    // presence: a run without named users keeps the chart as it was.
    ChartPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    LiveChart *churn = panel.liveChart(ChartPanel::Churn);
    QCOMPARE(churn->series(4)->name(), QStringLiteral("joins/s"));
    QCOMPARE(churn->series(5)->name(), QStringLiteral("leaves/s"));
    MetricsSnapshot snapshot;
    snapshot.intervalNs = 1'000'000'000;
    snapshot.elapsedNs = snapshot.intervalNs;
    panel.addSnapshot(snapshot);
    QTRY_VERIFY(!churn->isDirty());
    QVERIFY(!churn->series(4)->isVisible());
    QVERIFY(!churn->series(5)->isVisible());
    snapshot.elapsedNs += snapshot.intervalNs;
    snapshot.presenceJoinsPerSecond = 12;
    snapshot.presenceLeavesPerSecond = 9;
    panel.addSnapshot(snapshot);
    QTRY_VERIFY(!churn->isDirty());
    QVERIFY(churn->series(4)->isVisible());
    QVERIFY(churn->series(5)->isVisible());
    QCOMPARE(churn->series(4)->points().last().y(), 12.0);
    QCOMPARE(churn->series(5)->points().last().y(), 9.0);
}

#include "tst_chartpanel.moc"
