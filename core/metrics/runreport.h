#pragma once

#include "metrics/metricssnapshot.h"
#include "metrics/runtimeline.h"
#include "metrics/thresholdevaluator.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <vector>

// Where a run happened, so reports from different machines can be told apart.
struct MachineInfo
{
    QString hostname;
    QString cpuModel;              // "model name" from /proc/cpuinfo, else the architecture
    int cores = 0;                 // logical CPUs
    QString os;                    // PRETTY_NAME from os-release
    QString kernel;
    QString qtVersion;             // the Qt the binary runs on
    QString version;               // SocketScope's version ("dev" in builds without one)

    static MachineInfo current();
    QJsonObject toJson() const;
};

// Everything a finished (or aborted) `socketscope run` produced, and its report formats
// (docs/reports.md): JSON (summary, time series, thresholds, the scenario, the machine), CSV (one
// row per second), JUnit XML (one test case per threshold) and the plain-text table printed at the
// end. A plain value: the Runner fills it from the Aggregator and the ThresholdEvaluator.
struct RunReport
{
    static constexpr int formatVersion = 1;

    QString scenarioName;
    QString sourceFile;
    QJsonObject scenario;          // the scenario file as parsed
    QString target;                // "embedded (127.0.0.1:41235)" or the URL
    QDateTime startTime;           // wall clock, UTC
    qint64 durationNs = 0;
    MetricsSnapshot finalSnapshot; // the last tick: cumulative numbers per group and for all
    RunTimeline timeline;          // all groups
    std::vector<RunTimeline> groupTimelines; // one per group, in finalSnapshot.groups order (may be empty)
    std::vector<ThresholdResult> thresholds;
    bool aborted = false;
    QString abortReason;
    int exitCode = 0;
    MachineInfo machine = MachineInfo::current();
    // Several instances (docs/reports.md, "staging"): the staged cluster and each instance's
    // own numbers at the end; empty for the one embedded server.
    QJsonObject staging;

    bool thresholdsPassed() const;
    int failedThresholdCount() const;

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;     // indented
    QByteArray toCsv() const;
    QByteArray toJUnitXml() const;
    QString summaryTable() const;
    // One line per group under the table: accounting, latency by kind, streams, outcomes.
    QString groupDetails() const;
    // "close 4001 Unauthorized ×406, connection refused ×12": most frequent first.
    static QString outcomesText(const QMap<QString, quint64> &outcomes);

    // The column names of toCsv() (and keys of each JSON time-series entry), in order.
    static QStringList csvColumns();
    // Writes `data` to `path` atomically (QSaveFile); on failure sets *error to a sentence naming the file.
    static bool writeFile(const QString &path, const QByteArray &data, QString *error);
};
