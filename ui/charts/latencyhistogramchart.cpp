#include "latencyhistogramchart.h"

#include "charttheme.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QLegend>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

// Bucket edges in ns: 1, 2, 5 times 10^k from 1 µs up to 100 s; below 1 µs is the first bucket.
const std::vector<qint64> &edges()
{
    static const std::vector<qint64> list = [] {
        std::vector<qint64> e;
        for (qint64 decade = 1'000; decade <= 100'000'000'000; decade *= 10) {
            for (qint64 f : {1, 2, 5})
                e.push_back(f * decade);
        }
        return e;
    }();
    return list;
}

} // namespace

LatencyHistogramChart::LatencyHistogramChart(QWidget *parent)
    : ChartView(tr("Latency distribution (whole run)"), parent)
    , m_histogram(std::make_unique<LatencyHistogram>())
{
    setObjectName(QStringLiteral("chart_latencyHistogram"));
    QChart *c = chart();
    m_series = new QBarSeries(c);
    m_series->setObjectName(QStringLiteral("series_latencyHistogram"));
    m_series->setBarWidth(0.9);
    m_set = new QBarSet(tr("share of messages"), m_series);
    m_series->append(m_set);
    c->addSeries(m_series);
    m_categoryAxis = new QBarCategoryAxis(c);
    m_categoryAxis->setTitleText(tr("delivery latency (bucket starts at)"));
    // Up to 25 buckets side by side: short labels in a smaller font, so they are not cut.
    QFont labelFont = m_categoryAxis->labelsFont();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 0.85);
    m_categoryAxis->setLabelsFont(labelFont);
    c->addAxis(m_categoryAxis, Qt::AlignBottom);
    m_shareAxis = new QValueAxis(c);
    m_shareAxis->setTitleText(tr("% of messages"));
    m_shareAxis->setRange(0, 100);
    m_shareAxis->setTickType(QValueAxis::TicksDynamic);
    m_shareAxis->setTickAnchor(0);
    m_shareAxis->setTickInterval(20);
    m_shareAxis->setLabelFormat(QStringLiteral("%.0f"));
    c->addAxis(m_shareAxis, Qt::AlignLeft);
    m_series->attachAxis(m_categoryAxis);
    m_series->attachAxis(m_shareAxis);
    c->legend()->hide();
    connect(m_set, &QBarSet::hovered, this, [this](bool status, int index) {
        if (status)
            QToolTip::showText(QCursor::pos(), toolTipFor(index), this);
        else
            QToolTip::hideText();
    });
    applyTheme();
    refresh();
}

void LatencyHistogramChart::applyTheme()
{
    ChartView::applyTheme();
    const QColor color = ChartTheme::seriesColor(0, palette());
    m_set->setColor(color);
    m_set->setBorderColor(color);
}

void LatencyHistogramChart::setHistogram(const LatencyHistogram &histogram)
{
    if (histogram.count() == m_histogram->count() && histogram.maxNs() == m_histogram->maxNs() && histogram == *m_histogram)
        return;
    *m_histogram = histogram;
    setDirty();
}

void LatencyHistogramChart::clear()
{
    m_histogram->reset();
    setDirty();
}

QList<LatencyHistogramChart::Bar> LatencyHistogramChart::barsFor(const LatencyHistogram &histogram)
{
    const auto &e = edges();
    // bucket 0: [0, e[0]); bucket i: [e[i-1], e[i]); the last: [e.back(), max].
    std::vector<quint64> counts(e.size() + 1, 0);
    if (histogram.count() > 0) {
        const int from = LatencyHistogram::indexFor(histogram.minNs());
        const int to = LatencyHistogram::indexFor(histogram.maxNs());
        for (int index = from; index <= to; ++index) {
            const quint64 n = histogram.countAt(index);
            if (n == 0)
                continue;
            // The histogram's own bucket is at most 0.8% wide; its lowest value decides.
            const qint64 value = LatencyHistogram::lowestEquivalent(index);
            const size_t bucket = size_t(std::upper_bound(e.begin(), e.end(), value) - e.begin());
            counts[bucket] += n;
        }
    }
    QList<Bar> bars;
    const auto firstUsed = std::find_if(counts.begin(), counts.end(), [](quint64 n) { return n > 0; });
    if (firstUsed == counts.end())
        return bars;
    const auto lastUsed = std::find_if(counts.rbegin(), counts.rend(), [](quint64 n) { return n > 0; });
    const size_t first = size_t(firstUsed - counts.begin());
    const size_t last = size_t(counts.size() - 1 - size_t(lastUsed - counts.rbegin()));
    for (size_t b = first; b <= last; ++b) {
        Bar bar;
        bar.fromNs = b == 0 ? 0 : e[b - 1];
        bar.toNs = b < e.size() ? e[b] : std::max(histogram.maxNs() + 1, e.back());
        bar.count = counts[b];
        bars.append(bar);
    }
    return bars;
}

QString LatencyHistogramChart::formatDuration(qint64 ns)
{
    const QLocale locale;
    const auto number = [&locale](double v) { return locale.toString(v, 'g', 3); };
    if (ns < 1'000)
        return tr("%1 ns").arg(ns);
    if (ns < 1'000'000)
        return tr("%1 µs").arg(number(double(ns) / 1e3));
    if (ns < 1'000'000'000)
        return tr("%1 ms").arg(number(double(ns) / 1e6));
    return tr("%1 s").arg(number(double(ns) / 1e9));
}

QString LatencyHistogramChart::shortDuration(qint64 ns)
{
    // Bucket edges are 1, 2 or 5 times a power of ten: whole numbers in the right unit.
    if (ns < 1'000)
        return QStringLiteral("0");
    if (ns < 1'000'000)
        return QStringLiteral("%1µs").arg(ns / 1'000);
    // "0.2s" rather than "200ms": the m is wide, and a narrow bar cuts five wide letters.
    if (ns < 100'000'000)
        return QStringLiteral("%1ms").arg(ns / 1'000'000);
    if (ns < 1'000'000'000)
        return QStringLiteral("0.%1s").arg(ns / 100'000'000);
    return QStringLiteral("%1s").arg(ns / 1'000'000'000);
}

QString LatencyHistogramChart::toolTipFor(int barIndex) const
{
    if (barIndex < 0 || barIndex >= m_bars.size())
        return QString();
    const Bar &bar = m_bars.at(barIndex);
    const double share = m_histogram->count() ? 100.0 * double(bar.count) / double(m_histogram->count()) : 0;
    const bool open = barIndex == m_bars.size() - 1 && bar.fromNs >= edges().back();
    const QString range = open ? tr("from %1").arg(formatDuration(bar.fromNs))
                               : tr("%1 to %2").arg(formatDuration(bar.fromNs), formatDuration(bar.toNs));
    return tr("%1\n%2 messages (%3%)").arg(range, QLocale().toString(bar.count), QLocale().toString(share, 'f', 2));
}

void LatencyHistogramChart::refresh()
{
    clearDirty();
    m_bars = barsFor(*m_histogram);
    const LatencyHistogram &h = *m_histogram;
    const double total = double(h.count());
    QStringList categories;
    QList<qreal> shares;
    double maxShare = 0;
    for (const Bar &bar : std::as_const(m_bars)) {
        categories << shortDuration(bar.fromNs);
        const double share = total > 0 ? 100.0 * double(bar.count) / total : 0;
        shares << share;
        maxShare = std::max(maxShare, share);
    }
    if (categories.isEmpty())
        categories << tr("no messages yet");
    if (m_categoryAxis->categories() != categories) {
        m_categoryAxis->clear();
        m_categoryAxis->append(categories);
    }
    m_set->remove(0, m_set->count());
    if (!shares.isEmpty())
        m_set->append(shares);
    // 0-100 would flatten a run whose messages spread evenly over a few buckets.
    const double top = maxShare > 0 ? std::min(100.0, std::ceil(maxShare * 1.1 / 10) * 10) : 100;
    m_shareAxis->setRange(0, top);
    m_shareAxis->setTickInterval(top <= 10 ? 2 : top <= 30 ? 5 : top <= 60 ? 10 : 20);

    if (h.count() == 0) {
        chart()->setTitle(title());
        return;
    }
    // The chart title is rich text: the percentiles go on a line of their own.
    chart()->setTitle(tr("%1<br><small>p50 %2 · p90 %3 · p99 %4 · p99.9 %5 · max %6 · %7 messages</small>")
                          .arg(title().toHtmlEscaped(), formatDuration(h.percentileNs(50)), formatDuration(h.percentileNs(90)),
                               formatDuration(h.percentileNs(99)), formatDuration(h.percentileNs(99.9)),
                               formatDuration(h.maxNs()), QLocale().toString(h.count())));
}
