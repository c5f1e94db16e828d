#include "chartpanel.h"

#include "charts/latencyhistogramchart.h"
#include "charts/livechart.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

using namespace std::chrono_literals;

namespace {

constexpr double noValue = std::numeric_limits<double>::quiet_NaN();
constexpr qint64 minute = 60'000'000'000;
// One repaint per snapshot at most: snapshots come every 100 ms.
constexpr auto repaintInterval = 100ms;

struct WindowChoice
{
    const char *key;
    qint64 windowNs;
};
constexpr std::array<WindowChoice, 4> windowTable{{{"1m", minute}, {"5m", 5 * minute}, {"30m", 30 * minute}, {"run", 0}}};

} // namespace

ChartPanel::ChartPanel(QWidget *parent)
    : QWidget(parent)
    , m_latestHistogram(std::make_unique<LatencyHistogram>())
{
    setAccessibleName(tr("Live charts"));

    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("chartWindow"));
    m_window->setAccessibleName(tr("Chart time window"));
    m_window->addItem(tr("Last minute"), QString::fromLatin1(windowTable[0].key));
    m_window->addItem(tr("Last 5 minutes"), QString::fromLatin1(windowTable[1].key));
    m_window->addItem(tr("Last 30 minutes"), QString::fromLatin1(windowTable[2].key));
    m_window->addItem(tr("Whole run"), QString::fromLatin1(windowTable[3].key));
    m_window->setCurrentIndex(3);
    auto *windowLabel = new QLabel(tr("&Window:"), this);
    windowLabel->setBuddy(m_window);

    m_pause = new QToolButton(this);
    m_pause->setObjectName(QStringLiteral("chartPause"));
    m_pause->setText(tr("Pause view"));
    m_pause->setAccessibleName(tr("Pause chart view"));
    m_pause->setToolTip(tr("Freeze the charts to look at them; measuring goes on and shows again on resume."));
    m_pause->setCheckable(true);

    m_export = new QToolButton(this);
    m_export->setObjectName(QStringLiteral("chartExport"));
    m_export->setText(tr("Export"));
    m_export->setAccessibleName(tr("Export a chart"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(m_export);
    m_export->setMenu(exportMenu);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("chartStatus"));
    m_status->setAccessibleName(tr("Chart view status"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(windowLabel);
    bar->addWidget(m_window);
    bar->addWidget(m_pause);
    bar->addWidget(m_export);
    bar->addSpacing(12);
    bar->addWidget(m_status, 1);

    buildCharts();

    auto *grid = new QWidget;
    auto *gridLayout = new QGridLayout(grid);
    m_grid = gridLayout;
    gridLayout->setContentsMargins(0, 0, 0, 0);
    gridLayout->setSpacing(4);
    // Until a run with several instances reports them, their charts take no room.
    layOutCharts(false);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("chartScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(grid);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(scroll, 1);

    for (int i = 0; i < chartCount(); ++i) {
        ChartView *view = m_charts[size_t(i)];
        QAction *action = exportMenu->addAction(tr("%1…").arg(view->title()));
        action->setObjectName(QStringLiteral("exportChart_%1").arg(i));
        connect(action, &QAction::triggered, this, [this, i] { exportWithDialog(i, QString()); });
        connect(view, &ChartView::exportRequested, this, [this, i](const QString &format) { exportWithDialog(i, format); });
    }

    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        for (LiveChart *chart : m_liveCharts)
            chart->setWindowNs(windowNs());
        updateStatus();
        Q_EMIT windowChoiceChanged(windowChoice());
    });
    connect(m_pause, &QToolButton::toggled, this, &ChartPanel::setPaused);

    m_repaintTimer = new QTimer(this);
    m_repaintTimer->setObjectName(QStringLiteral("chartRepaintTimer"));
    m_repaintTimer->setInterval(repaintInterval / std::max<qsizetype>(1, qsizetype(m_charts.size())));
    connect(m_repaintTimer, &QTimer::timeout, this, &ChartPanel::onRepaintTimer);
    updateStatus();
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::buildCharts()
{
    using Agg = TimeSeriesBuffer::Aggregate;
    using Unit = LiveChart::Unit;
    using Show = LiveChart::Show;
    const auto col = [](const char *key, const QString &name, Agg agg, Unit unit, int color, Show show = Show::Always,
                        bool right = false, Qt::PenStyle style = Qt::SolidLine) {
        LiveChart::Column c;
        c.key = QString::fromLatin1(key);
        c.name = name;
        c.aggregate = agg;
        c.unit = unit;
        c.color = color;
        c.show = show;
        c.rightAxis = right;
        c.style = style;
        return c;
    };
    // Gauges and rates average over a bucket; the latency maximum and p99 keep the worst
    // interval, so a stall stays as tall in the 30-minute view as it was live; cumulative
    // totals only grow, so their maximum is the newest value.
    auto *connections = new LiveChart(QStringLiteral("connections"), tr("Connections open"),
                                      {col("ws", tr("WebSocket"), Agg::Average, Unit::Count, 0, Show::WhenNonZero),
                                       col("sse", tr("SSE"), Agg::Average, Unit::Count, 1, Show::WhenNonZero),
                                       col("poll", tr("Long poll"), Agg::Average, Unit::Count, 2, Show::WhenNonZero),
                                       col("publish", tr("Publish"), Agg::Average, Unit::Count, 4, Show::WhenNonZero),
                                       col("all", tr("All"), Agg::Average, Unit::Count, 5, Show::WhenSeveral, false, Qt::DashLine),
                                       // After "all" so the columns before keep their places in exports.
                                       col("socketio", tr("Socket.IO"), Agg::Average, Unit::Count, 3, Show::WhenNonZero),
                                       col("graphql-ws", tr("GraphQL"), Agg::Average, Unit::Count, 2, Show::WhenNonZero, false, Qt::DashDotLine)},
                                      tr("connections"));
    auto *churn = new LiveChart(QStringLiteral("churn"), tr("Churn"),
                                {col("opened", tr("opened/s"), Agg::Average, Unit::PerSecond, 0),
                                 col("closed", tr("closed/s"), Agg::Average, Unit::PerSecond, 1),
                                 col("reconnects", tr("reconnects/s"), Agg::Average, Unit::PerSecond, 2),
                                 col("failed", tr("failed/s"), Agg::Average, Unit::PerSecond, 4),
                                 // Presence flapping: users' first connections and last closes per
                                 // second, when the server announces presence (?user=).
                                 col("presenceJoins", tr("joins/s"), Agg::Average, Unit::PerSecond, 3,
                                     Show::WhenNonZero, false, Qt::DashLine),
                                 col("presenceLeaves", tr("leaves/s"), Agg::Average, Unit::PerSecond, 5,
                                     Show::WhenNonZero, false, Qt::DashDotLine)},
                                tr("per second"));
    auto *latency = new LiveChart(QStringLiteral("latency"), tr("Delivery latency"),
                                  {col("p50", tr("p50"), Agg::Average, Unit::Milliseconds, 2),
                                   col("p90", tr("p90"), Agg::Average, Unit::Milliseconds, 0),
                                   col("p99", tr("p99"), Agg::Max, Unit::Milliseconds, 1),
                                   col("max", tr("max"), Agg::Max, Unit::Milliseconds, 3, Show::Always, false, Qt::DashLine)},
                                  tr("ms"));
    auto *throughput = new LiveChart(QStringLiteral("throughput"), tr("Throughput"),
                                     {col("messagesSent", tr("messages sent/s"), Agg::Average, Unit::PerSecond, 0),
                                      col("messagesReceived", tr("messages received/s"), Agg::Average, Unit::PerSecond, 1),
                                      col("bytesSent", tr("bytes sent/s"), Agg::Average, Unit::BytesPerSecond, 2, Show::Always,
                                          true, Qt::DashLine),
                                      col("bytesReceived", tr("bytes received/s"), Agg::Average, Unit::BytesPerSecond, 4,
                                          Show::Always, true, Qt::DashLine)},
                                     tr("messages/s"), tr("bytes/s"));
    auto *delivery = new LiveChart(QStringLiteral("delivery"), tr("Delivery health (totals)"),
                                   {col("lost", tr("lost"), Agg::Max, Unit::Count, 3),
                                    col("duplicated", tr("duplicated"), Agg::Max, Unit::Count, 4),
                                    col("outOfOrder", tr("out of order"), Agg::Max, Unit::Count, 1)},
                                   tr("messages"));
    // Each staged instance (docs/scenarios.md, "Several instances"): its open connections (a
    // killed instance drops to zero, its clients reappear on the others), what it delivers to
    // its clients, and how long messages published on other instances took to reach it through
    // the broker, with the broker's own round trip on the right axis.
    const auto perInstance = [&col](const char *chartKey, const QString &title, Agg agg, Unit unit, const QString &axis,
                                    std::optional<LiveChart::Column> extra, const QString &rightAxis) {
        std::vector<LiveChart::Column> columns;
        for (int i = 0; i < maxInstanceLines; ++i) {
            const QByteArray key = "instance" + QByteArray::number(i);
            columns.push_back(col(key.constData(), tr("instance %1").arg(i), agg, unit, i % 6, Show::WhenNonZero, false,
                                  i < 6 ? Qt::SolidLine : Qt::DashLine));
        }
        if (extra)
            columns.push_back(*extra);
        return new LiveChart(QString::fromLatin1(chartKey), title, columns, axis, rightAxis);
    };
    const LiveChart::Column roundTrip = col("brokerRoundTrip", tr("broker round trip"), Agg::Max, Unit::Milliseconds, 5,
                                            Show::WhenNonZero, true, Qt::DotLine);
    LiveChart::Column roundTripOnTheLeft = roundTrip;
    roundTripOnTheLeft.rightAxis = false;
    m_instanceCharts = {
        perInstance("instances", tr("Server instances: connections"), Agg::Average, Unit::Count, tr("connections"), roundTrip,
                    tr("ms")),
        perInstance("instanceDeliveries", tr("Server instances: deliveries/s"), Agg::Average, Unit::PerSecond,
                    tr("per second"), std::nullopt, QString()),
        perInstance("instanceLatency", tr("Server instances: cross-instance latency"), Agg::Max, Unit::Milliseconds,
                    tr("ms"), roundTripOnTheLeft, QString()),
    };
    m_liveCharts = {connections, churn, latency, throughput, delivery};
    for (LiveChart *chart : m_liveCharts) {
        chart->setWindowNs(windowNs());
        m_charts.push_back(chart);
    }
    m_histogram = new LatencyHistogramChart;
    m_charts.push_back(m_histogram);
    for (LiveChart *chart : m_instanceCharts) {
        chart->setWindowNs(windowNs());
        m_liveCharts.push_back(chart);
        m_charts.push_back(chart);
    }
}

void ChartPanel::layOutCharts(bool withInstances)
{
    // With instances each row pairs the servers' view with the clients' view of the same
    // thing: connections, throughput, latency; the rest follow.
    const std::vector<int> order = withInstances
        ? std::vector<int>{Instances, Connections, InstanceDeliveries, Throughput, InstanceLatency, Latency, Churn, Delivery,
                           LatencyDistribution}
        : std::vector<int>{Connections, Churn, Latency, Throughput, Delivery, LatencyDistribution};
    for (ChartView *view : m_charts)
        m_grid->removeWidget(view);
    for (int row = 0; row < m_grid->rowCount(); ++row)
        m_grid->setRowStretch(row, 0);
    for (size_t i = 0; i < order.size(); ++i) {
        m_grid->addWidget(m_charts[size_t(order[i])], int(i / 2), int(i % 2));
        m_grid->setRowStretch(int(i / 2), 1);
    }
    for (LiveChart *chart : m_instanceCharts)
        chart->setVisible(withInstances);
}

QStringList ChartPanel::chartTitles() const
{
    QStringList titles;
    for (const ChartView *view : m_charts)
        titles << view->title();
    return titles;
}

ChartView *ChartPanel::chart(int index) const
{
    return index >= 0 && index < chartCount() ? m_charts[size_t(index)] : nullptr;
}

LiveChart *ChartPanel::liveChart(int index) const
{
    return dynamic_cast<LiveChart *>(chart(index));
}

QStringList ChartPanel::windowChoices()
{
    QStringList keys;
    for (const WindowChoice &choice : windowTable)
        keys << QString::fromLatin1(choice.key);
    return keys;
}

QString ChartPanel::windowChoice() const
{
    return m_window->currentData().toString();
}

void ChartPanel::setWindowChoice(const QString &choice)
{
    const int index = m_window->findData(choice);
    m_window->setCurrentIndex(index >= 0 ? index : m_window->count() - 1);
}

qint64 ChartPanel::windowNs() const
{
    const int index = m_window ? m_window->currentIndex() : -1;
    return index >= 0 && index < int(windowTable.size()) ? windowTable[size_t(index)].windowNs : 0;
}

void ChartPanel::addSnapshot(const MetricsSnapshot &snapshot)
{
    const qint64 t = snapshot.elapsedNs;
    const ClientCounters &interval = snapshot.all.interval;
    const ClientCounters &total = snapshot.all.total;

    std::array<double, 7> open{0, 0, 0, 0, double(total.open()), 0, 0};
    for (const GroupMetrics &group : snapshot.groups) {
        const double n = double(group.total.open());
        // A Socket.IO session counts as Socket.IO whether it runs over WebSocket or long-polling.
        if (group.protocol == u"ws")
            open[0] += n;
        else if (group.protocol == u"socketio")
            open[5] += n;
        else if (group.protocol == u"graphql-ws")
            open[6] += n;
        else if (group.protocol == u"sse")
            open[1] += n;
        else if (group.protocol == u"poll")
            open[2] += n;
        else if (group.protocol == u"publish")
            open[3] += n;
    }
    m_liveCharts[Connections]->addSample(t, open);

    const std::array<double, 6> churn{snapshot.perSecond(interval.connectsFirst + interval.reconnects),
                                      snapshot.perSecond(interval.closes), snapshot.perSecond(interval.reconnects),
                                      snapshot.perSecond(interval.connectFailures), snapshot.presenceJoinsPerSecond,
                                      snapshot.presenceLeavesPerSecond};
    m_liveCharts[Churn]->addSample(t, churn);

    // No message delivered in the interval: no latency to draw (not zero latency).
    const LatencyHistogram &li = snapshot.all.latencyInterval;
    const auto ms = [&li](double percentile) { return li.count() ? double(li.percentileNs(percentile)) / 1e6 : noValue; };
    const std::array<double, 4> latency{ms(50), ms(90), ms(99), li.count() ? double(li.maxNs()) / 1e6 : noValue};
    m_liveCharts[Latency]->addSample(t, latency);

    const std::array<double, 4> throughput{snapshot.perSecond(interval.messagesSent), snapshot.perSecond(interval.messagesReceived),
                                           snapshot.perSecond(interval.bytesSent), snapshot.perSecond(interval.bytesReceived)};
    m_liveCharts[Throughput]->addSample(t, throughput);

    const std::array<double, 3> delivery{double(total.lost), double(total.duplicated), double(total.outOfOrder)};
    m_liveCharts[Delivery]->addSample(t, delivery);

    if (!snapshot.instances.empty()) {
        if (m_instanceCharts.front()->isHidden())
            layOutCharts(true);
        std::array<double, maxInstanceLines + 1> open{};
        std::array<double, maxInstanceLines> delivered{};
        std::array<double, maxInstanceLines + 1> crossing{};
        crossing.fill(noValue);
        double roundTrip = 0;
        for (size_t i = 0; i < snapshot.instances.size(); ++i) {
            const MetricsSnapshot::Instance &instance = snapshot.instances[i];
            if (i < size_t(maxInstanceLines)) {
                open[i] = double(instance.open);
                delivered[i] = instance.deliveredPerSecond;
                crossing[i] = instance.listening ? instance.crossInstanceLatencyMs : noValue;
            }
            if (instance.brokerUp)
                roundTrip = std::max(roundTrip, instance.brokerRoundTripMs);
        }
        open[maxInstanceLines] = roundTrip;
        crossing[maxInstanceLines] = roundTrip > 0 ? roundTrip : noValue;
        m_instanceCharts[0]->addSample(t, open);
        m_instanceCharts[1]->addSample(t, delivered);
        m_instanceCharts[2]->addSample(t, crossing);
    }

    *m_latestHistogram = snapshot.all.latencyTotal;
    if (!m_paused)
        m_histogram->setHistogram(*m_latestHistogram);
}

void ChartPanel::addMarker(const TimelineMarker &marker)
{
    for (LiveChart *chart : m_liveCharts)
        chart->addMarker(marker);
}

void ChartPanel::clear()
{
    for (LiveChart *chart : m_liveCharts)
        chart->clear();
    layOutCharts(false);
    m_latestHistogram->reset();
    m_histogram->clear();
    updateStatus();
}

void ChartPanel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    for (LiveChart *chart : m_liveCharts)
        chart->setFrozen(paused);
    if (!paused)
        m_histogram->setHistogram(*m_latestHistogram);
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume view") : tr("Pause view"));
    updateStatus();
    Q_EMIT pausedChanged(paused);
}

void ChartPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_repaintTimer->start();
    onRepaintTimer();
}

void ChartPanel::hideEvent(QHideEvent *event)
{
    // Hidden (another tab, minimised): no repaints at all; the buffers keep filling.
    m_repaintTimer->stop();
    QWidget::hideEvent(event);
}

void ChartPanel::onRepaintTimer()
{
    if (!isVisible())
        return;
    // One chart per tick, in turn: each still refreshes ten times a second, but the GUI thread
    // paints one chart per event-loop pass instead of all six at once, so a busy run never holds
    // it for the whole panel's paint (measured with bench/guiscale: the longest stall halved).
    if (m_charts.empty())
        return;
    m_nextChart = (m_nextChart + 1) % int(m_charts.size());
    ChartView *view = m_charts[size_t(m_nextChart)];
    if (view->isDirty() && view->isVisible()) {
        view->refresh();
        if (m_nextChart == 0)
            updateStatus();
    }
}

void ChartPanel::updateStatus()
{
    QStringList parts;
    if (m_paused)
        parts << tr("View paused; measuring goes on.");
    const qint64 bucketNs = m_liveCharts.empty() ? 0 : m_liveCharts.front()->shownBucketNs();
    if (bucketNs > 0)
        parts << tr("Resolution: %1 s per point.").arg(QLocale().toString(double(bucketNs) / 1e9, 'g', 3));
    else
        parts << tr("Resolution: 100 ms per point.");
    m_status->setText(parts.join(QLatin1Char(' ')));
}

bool ChartPanel::exportChart(int index, const QString &path)
{
    ChartView *view = chart(index);
    if (!view) {
        m_error = tr("There is no chart number %1 (0 to %2).").arg(index).arg(chartCount() - 1);
        return false;
    }
    m_error.clear();
    return view->exportTo(path, &m_error);
}

void ChartPanel::exportWithDialog(int index, const QString &format)
{
    ChartView *view = chart(index);
    if (!view)
        return;
    const QString png = tr("PNG image (*.png)");
    const QString svg = tr("SVG drawing (*.svg)");
    QString filter = format == u"svg" ? svg : png;
    const QString filters = format == u"svg" ? svg : format == u"png" ? png : png + QStringLiteral(";;") + svg;
    QString base = view->title().toLower();
    base.replace(QLatin1Char(' '), QLatin1Char('-'));
    base.remove(QLatin1Char('(')).remove(QLatin1Char(')'));
    const QString suggested = base + (format == u"svg" ? QStringLiteral(".svg") : QStringLiteral(".png"));
    QString path = QFileDialog::getSaveFileName(this, tr("Export chart: %1").arg(view->title()), suggested, filters, &filter);
    if (path.isEmpty())
        return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != u"png" && suffix != u"svg")
        path += filter == svg ? QStringLiteral(".svg") : QStringLiteral(".png");
    if (!exportChart(index, path))
        QMessageBox::warning(this, tr("The chart was not written"), m_error);
}
