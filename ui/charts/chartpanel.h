#pragma once

#include "metrics/latencyhistogram.h"
#include "metrics/metricssnapshot.h"
#include "session/timelinemarker.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class ChartView;
class LatencyHistogramChart;
class LiveChart;
class QComboBox;
class QLabel;
class QTimer;
class QToolButton;

// The window's live charts of a run (issue 4): connections open by protocol; churn; delivery
// latency p50/p90/p99/max; throughput; delivery health; and the whole run's latency histogram.
// All of them are fed one MetricsSnapshot per 100 ms through addSnapshot() and redrawn from one
// 10 Hz timer that runs only while the panel is shown and touches only charts whose data
// changed, one QXYSeries::replace() per series. A window selector picks the last 1, 5 or 30
// minutes or the whole run; "Pause view" freezes what is drawn while data keeps arriving; fault
// steps and phase changes are vertical lines on every time chart; each chart exports as PNG or
// SVG. Lives in the GUI thread.
class ChartPanel : public QWidget
{
    Q_OBJECT
public:
    // The Instance* charts are shown only while a run with several instances reports them;
    // then they take the left column beside the clients' view of the same thing.
    enum ChartIndex {
        Connections,
        Churn,
        Latency,
        Throughput,
        Delivery,
        LatencyDistribution,
        Instances,
        InstanceDeliveries,
        InstanceLatency
    };
    // The most instances the instance charts draw a line for.
    static constexpr int maxInstanceLines = 8;

    explicit ChartPanel(QWidget *parent = nullptr);
    ~ChartPanel() override;

    int chartCount() const { return int(m_charts.size()); }
    QStringList chartTitles() const;
    ChartView *chart(int index) const;
    // The time chart at `index`; nullptr for the latency histogram (and out of range).
    LiveChart *liveChart(int index) const;
    LatencyHistogramChart *histogramChart() const { return m_histogram; }

    // Writes chart `index` to `path`, PNG or SVG by its suffix; false with errorString() set
    // when the index, the suffix or the file is wrong.
    bool exportChart(int index, const QString &path);
    QString errorString() const { return m_error; }

    // The window choices as saved in settings: "1m", "5m", "30m", "run".
    static QStringList windowChoices();
    QString windowChoice() const;
    // Unknown or empty choices (old settings) select the whole run.
    void setWindowChoice(const QString &choice);
    // The chosen window's length; 0 for the whole run.
    qint64 windowNs() const;

    bool isPaused() const { return m_paused; }

public Q_SLOTS:
    void addSnapshot(const MetricsSnapshot &snapshot);
    void addMarker(const TimelineMarker &marker);
    // A new run starts: every chart, marker and the histogram are emptied.
    void clear();
    void setPaused(bool paused);

Q_SIGNALS:
    void pausedChanged(bool paused);
    void windowChoiceChanged(const QString &choice);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildCharts();
    void onRepaintTimer();
    void updateStatus();
    void exportWithDialog(int index, const QString &format);
    // Places the visible charts two to a row: the instance charts, when shown, on the left.
    void layOutCharts(bool withInstances);

    std::vector<ChartView *> m_charts;
    int m_nextChart = -1; // the chart the repaint timer refreshed last
    std::vector<LiveChart *> m_liveCharts; // the time charts, in m_charts' order
    std::vector<LiveChart *> m_instanceCharts; // also in m_liveCharts; hidden without instances
    class QGridLayout *m_grid = nullptr;
    LatencyHistogramChart *m_histogram = nullptr;
    QComboBox *m_window = nullptr;
    QToolButton *m_pause = nullptr;
    QToolButton *m_export = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_repaintTimer = nullptr;
    bool m_paused = false;
    // The newest cumulative histogram, kept while paused to be drawn on resume.
    std::unique_ptr<LatencyHistogram> m_latestHistogram;
    QString m_error;
};
