#pragma once

#include "charts/chartview.h"
#include "metrics/latencyhistogram.h"

#include <QList>

#include <memory>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QValueAxis;

// The delivery latency of the whole run as a bar chart over log-spaced buckets (1-2-5 steps:
// 1 µs, 2 µs, 5 µs, 10 µs ... 100 s), each bar the share of all delivered messages, with the
// run's percentiles in the title. Latency spans orders of magnitude; equal-width buckets would
// put everything in the first bar. Fed the cumulative histogram of each snapshot.
class LatencyHistogramChart : public ChartView
{
    Q_OBJECT
public:
    struct Bar
    {
        qint64 fromNs = 0;
        qint64 toNs = 0; // exclusive; the last bucket is open-ended (max)
        quint64 count = 0;
    };

    explicit LatencyHistogramChart(QWidget *parent = nullptr);

    void setHistogram(const LatencyHistogram &histogram);
    void clear();
    void refresh() override;

    const LatencyHistogram &histogram() const { return *m_histogram; }
    // The bars drawn by the last refresh, from the first to the last non-empty bucket.
    const QList<Bar> &bars() const { return m_bars; }
    QBarSet *barSet() const { return m_set; }
    QString toolTipFor(int barIndex) const;

    // The bars of `histogram`: every recorded value counted in the 1-2-5 bucket that holds it.
    static QList<Bar> barsFor(const LatencyHistogram &histogram);
    static QString formatDuration(qint64 ns);
    // A bucket edge as an axis label: "200µs", "5ms", "0.5s", "1s".
    static QString shortDuration(qint64 ns);

protected:
    void applyTheme() override;

private:
    std::unique_ptr<LatencyHistogram> m_histogram; // 31 KiB: kept off the widget's stack frame
    QList<Bar> m_bars;
    QBarSeries *m_series = nullptr;
    QBarSet *m_set = nullptr;
    QBarCategoryAxis *m_categoryAxis = nullptr;
    QValueAxis *m_shareAxis = nullptr;
};
