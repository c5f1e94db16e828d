#include "metrics/runreport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSysInfo>
#include <QThread>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>

#ifndef SOCKETSCOPE_VERSION
#define SOCKETSCOPE_VERSION "dev"
#endif

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RunReport", text);
}

// Reports carry latencies in milliseconds to the microsecond: finer than that is bucket noise.
double roundTo(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

double ms(qint64 ns)
{
    return roundTo(double(ns) / 1e6, 3);
}

double seconds(qint64 ns)
{
    return roundTo(double(ns) / 1e9, 3);
}

QJsonValue latencyJson(const LatencyHistogram &histogram)
{
    QJsonObject o;
    o[u"count"] = double(histogram.count());
    if (histogram.count() == 0) {
        // No samples: null, not a misleading 0.
        for (const char *key : {"min", "p50", "p90", "p99", "p99.9", "max", "mean"})
            o[QLatin1String(key)] = QJsonValue::Null;
        return o;
    }
    o[u"min"] = ms(histogram.minNs());
    o[u"p50"] = ms(histogram.percentileNs(50));
    o[u"p90"] = ms(histogram.percentileNs(90));
    o[u"p99"] = ms(histogram.percentileNs(99));
    o[u"p99.9"] = ms(histogram.percentileNs(99.9));
    o[u"max"] = ms(histogram.maxNs());
    o[u"mean"] = roundTo(histogram.meanNs() / 1e6, 3);
    return o;
}

double percentOf(quint64 part, double base)
{
    return base > 0 ? roundTo(100.0 * double(part) / base, 4) : 0.0;
}

QJsonValue recoveryJson(const RunTimeline *timeline, std::optional<qint64> faultNs)
{
    if (!timeline || !faultNs)
        return QJsonValue::Null;
    QJsonObject o;
    o[u"faultAtSeconds"] = seconds(*faultNs);
    const auto recovery = timeline->recoveryTimeAfter(*faultNs);
    o[u"recovered"] = recovery.has_value();
    o[u"seconds"] = recovery ? QJsonValue(seconds(*recovery)) : QJsonValue(QJsonValue::Null);
    return o;
}

QJsonObject countsJson(const QMap<QString, quint64> &counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        o[it.key()] = double(it.value());
    return o;
}

QJsonObject groupJson(const GroupMetrics &group, const RunTimeline *timeline, std::optional<qint64> faultNs)
{
    const ClientCounters &c = group.total;
    QJsonObject connections;
    connections[u"open"] = double(c.open());
    connections[u"peak"] = double(group.peakOpen);
    connections[u"attempts"] = double(c.connectAttempts);
    connections[u"connects"] = double(c.connectsFirst);
    connections[u"reconnects"] = double(c.reconnects);
    // Sessions the server closed at once (reconnect.minSession), counted in failed too.
    connections[u"rejected"] = double(c.rejectedSessions);
    connections[u"failed"] = double(c.connectFailures);
    connections[u"failedPercent"] = percentOf(c.connectFailures, double(c.connectAttempts));
    connections[u"closed"] = double(c.closes);
    connections[u"unexpectedCloses"] = double(c.unexpectedCloses);
    connections[u"peakConnectsPerSecond"] = timeline ? QJsonValue(double(timeline->peakConnectsPerSecond()))
                                                     : QJsonValue(QJsonValue::Null);
    connections[u"recovery"] = recoveryJson(timeline, faultNs);

    const double expected = double(c.messagesReceived) + double(c.lost);
    QJsonObject messages;
    messages[u"sent"] = double(c.messagesSent);
    messages[u"received"] = double(c.messagesReceived);
    messages[u"sendsSkipped"] = double(c.sendsSkipped);
    messages[u"lost"] = double(c.lost);
    messages[u"lostPercent"] = percentOf(c.lost, expected);
    messages[u"duplicated"] = double(c.duplicated);
    messages[u"outOfOrder"] = double(c.outOfOrder);
    messages[u"resets"] = double(c.resets);
    messages[u"errors"] = double(c.errors);
    messages[u"other"] = double(c.otherReceived);
    messages[u"accounting"] = group.accounting();
    QJsonObject checked;
    checked[u"bySequence"] = double(c.checkedBySequence);
    checked[u"bySender"] = double(c.checkedBySender);
    checked[u"byCorrelation"] = double(c.checkedByCorrelation);
    checked[u"byScript"] = double(c.checkedByScript);
    messages[u"checked"] = checked;
    if (group.reconciled) {
        QJsonObject reconciliation;
        reconciliation[u"expected"] = double(group.reconciledExpected);
        reconciliation[u"received"] = double(group.reconciledReceived);
        reconciliation[u"lost"] = double(group.reconciledExpected - std::min(group.reconciledExpected, group.reconciledReceived));
        messages[u"reconciliation"] = reconciliation;
    }

    QJsonObject bytes;
    bytes[u"sent"] = double(c.bytesSent);
    bytes[u"received"] = double(c.bytesReceived);

    QJsonObject o;
    o[u"name"] = group.name;
    o[u"protocol"] = group.protocol;
    o[u"connections"] = connections;
    o[u"latencyMs"] = latencyJson(group.latencyTotal);
    o[u"rttMs"] = latencyJson(group.rttTotal);
    o[u"serverLatencyMs"] = latencyJson(group.serverLatencyTotal);
    o[u"handshakeMs"] = latencyJson(group.handshakeTotal);
    o[u"messages"] = messages;
    o[u"bytes"] = bytes;
    if (c.streams > 0 || group.streamFirstEventTotal.count() > 0) {
        QJsonObject stream;
        stream[u"count"] = double(c.streams);
        stream[u"events"] = double(c.streamEvents);
        stream[u"bytes"] = double(c.streamBytes);
        stream[u"eventsPerStream"] = c.streams > 0 ? roundTo(double(c.streamEvents) / double(c.streams), 3) : 0.0;
        stream[u"firstEventMs"] = latencyJson(group.streamFirstEventTotal);
        stream[u"gapMs"] = latencyJson(group.streamGapTotal);
        stream[u"durationMs"] = latencyJson(group.streamDurationTotal);
        o[u"stream"] = stream;
    }
    o[u"outcomes"] = countsJson(c.outcomes);
    o[u"subprotocols"] = countsJson(c.subprotocols);
    return o;
}

QString thresholdUnit(const Threshold &threshold)
{
    switch (threshold.unit) {
    case Threshold::Unit::Nanoseconds:
        return QStringLiteral("ms");
    case Threshold::Unit::Percent:
        return QStringLiteral("%");
    case Threshold::Unit::Number:
        break;
    }
    return QStringLiteral("count");
}

// A threshold's numbers in the unit users wrote: milliseconds for durations.
QJsonValue inReportUnit(const Threshold &threshold, double value)
{
    if (!std::isfinite(value))
        return QJsonValue::Null;
    if (threshold.unit == Threshold::Unit::Nanoseconds)
        return roundTo(value / 1e6, 3);
    return value;
}

QString readCpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        // x86: "model name"; many ARM kernels: "Model" or "Hardware".
        for (const char *key : {"model name", "Model", "Hardware"}) {
            file.seek(0);
            while (!file.atEnd()) {
                const QByteArray line = file.readLine();
                const int colon = line.indexOf(':');
                if (colon > 0 && line.left(colon).trimmed() == key)
                    return QString::fromUtf8(line.mid(colon + 1).trimmed());
            }
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

struct CpuUse
{
    double mean = 0;   // weighted by tick length
    double max = 0;
};

CpuUse cpuUse(const RunTimeline &timeline)
{
    CpuUse use;
    double weighted = 0;
    qint64 time = 0;
    for (const TimelinePoint &point : timeline.points()) {
        use.max = std::max(use.max, point.cpuPercent);
        weighted += point.cpuPercent * double(point.intervalNs);
        time += point.intervalNs;
    }
    use.mean = time > 0 ? weighted / double(time) : 0.0;
    return use;
}

QString latencyCell(qint64 ns, quint64 count)
{
    return count ? ThresholdEvaluator::formatDurationNs(double(ns)) : QStringLiteral("-");
}

} // namespace

MachineInfo MachineInfo::current()
{
    MachineInfo info;
    info.hostname = QSysInfo::machineHostName();
    info.cpuModel = readCpuModel();
    info.cores = QThread::idealThreadCount();
    info.os = QSysInfo::prettyProductName();
    info.kernel = QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion();
    info.qtVersion = QString::fromLatin1(qVersion());
    info.version = QStringLiteral(SOCKETSCOPE_VERSION);
    return info;
}

QJsonObject MachineInfo::toJson() const
{
    QJsonObject o;
    o[u"hostname"] = hostname;
    o[u"cpuModel"] = cpuModel;
    o[u"cores"] = cores;
    o[u"os"] = os;
    o[u"kernel"] = kernel;
    o[u"qtVersion"] = qtVersion;
    o[u"socketScopeVersion"] = version;
    return o;
}

bool RunReport::thresholdsPassed() const
{
    return failedThresholdCount() == 0;
}

int RunReport::failedThresholdCount() const
{
    return int(std::count_if(thresholds.begin(), thresholds.end(), [](const ThresholdResult &r) { return !r.passed; }));
}

QStringList RunReport::csvColumns()
{
    return {QStringLiteral("second"),           QStringLiteral("open"),
            QStringLiteral("peakOpen"),         QStringLiteral("connects"),
            QStringLiteral("reconnects"),       QStringLiteral("closed"),
            QStringLiteral("failed"),           QStringLiteral("messagesSent"),
            QStringLiteral("messagesReceived"), QStringLiteral("lost"),
            QStringLiteral("latencyP50Ms"),     QStringLiteral("latencyP99Ms"),
            QStringLiteral("latencyMaxMs"),     QStringLiteral("cpuPercent")};
}

QJsonObject RunReport::toJson() const
{
    QJsonObject o;
    o[u"format"] = QStringLiteral("socketscope-run-report");
    o[u"formatVersion"] = formatVersion;
    o[u"version"] = machine.version;
    o[u"name"] = scenarioName;
    o[u"sourceFile"] = sourceFile;
    o[u"target"] = target;
    o[u"start"] = startTime.isValid() ? QJsonValue(startTime.toUTC().toString(Qt::ISODateWithMs))
                                      : QJsonValue(QJsonValue::Null);
    o[u"durationSeconds"] = seconds(durationNs);

    QJsonObject result;
    result[u"passed"] = !aborted && thresholdsPassed() && exitCode == 0;
    result[u"exitCode"] = exitCode;
    result[u"aborted"] = aborted;
    result[u"abortReason"] = abortReason;
    result[u"thresholdsFailed"] = failedThresholdCount();
    o[u"result"] = result;

    const auto faultNs = timeline.lastConnectionFaultNs();
    QJsonObject summary;
    summary[u"all"] = groupJson(finalSnapshot.all, &timeline, faultNs);
    QJsonArray groups;
    for (size_t i = 0; i < finalSnapshot.groups.size(); ++i) {
        const RunTimeline *groupTimeline = i < groupTimelines.size() ? &groupTimelines[i] : nullptr;
        groups.append(groupJson(finalSnapshot.groups[i], groupTimeline, faultNs));
    }
    summary[u"groups"] = groups;
    o[u"summary"] = summary;
    if (!staging.isEmpty())
        o[u"staging"] = staging;

    // How hard the generator itself worked: a busy generator distorts what it measures.
    const CpuUse cpu = cpuUse(timeline);
    QJsonObject generator;
    generator[u"cpuPercentMean"] = roundTo(cpu.mean, 1);
    generator[u"cpuPercentMax"] = roundTo(cpu.max, 1);
    double lagMax = 0;
    for (double lag : finalSnapshot.loopLagMs)
        lagMax = std::max(lagMax, lag);
    generator[u"loopLagMsLast"] = roundTo(lagMax, 3);
    o[u"generator"] = generator;

    if (finalSnapshot.hasServer) {
        QJsonObject server;
        server[u"open"] = double(finalSnapshot.serverOpen);
        server[u"published"] = double(finalSnapshot.serverPublished);
        server[u"delivered"] = double(finalSnapshot.serverDelivered);
        server[u"droppedByFault"] = double(finalSnapshot.serverDroppedByFault);
        o[u"server"] = server;
    } else {
        o[u"server"] = QJsonValue::Null;
    }

    QJsonArray thresholdArray;
    for (const ThresholdResult &r : thresholds) {
        QJsonObject t;
        t[u"metric"] = r.threshold.metric;
        t[u"condition"] = r.conditionText();
        t[u"unit"] = thresholdUnit(r.threshold);
        t[u"expected"] = inReportUnit(r.threshold, r.threshold.value);
        t[u"actual"] = r.hasValue ? inReportUnit(r.threshold, r.actual) : QJsonValue(QJsonValue::Null);
        t[u"actualText"] = r.actualText;
        t[u"passed"] = r.passed;
        t[u"abortOnFail"] = r.threshold.abortOnFail;
        t[u"message"] = r.message();
        thresholdArray.append(t);
    }
    o[u"thresholds"] = thresholdArray;

    QJsonArray events;
    for (const TimelineEvent &event : timeline.events()) {
        QJsonObject e;
        e[u"atSeconds"] = seconds(event.elapsedNs);
        e[u"text"] = event.text;
        e[u"cutsConnections"] = event.kind == TimelineEvent::Kind::ConnectionFault;
        events.append(e);
    }
    o[u"events"] = events;

    QJsonArray series;
    for (const TimelineSecond &row : timeline.seconds()) {
        QJsonObject r;
        r[u"second"] = row.second;
        r[u"open"] = double(row.open);
        r[u"peakOpen"] = double(row.peakOpen);
        r[u"connects"] = double(row.connects);
        r[u"reconnects"] = double(row.reconnects);
        r[u"closed"] = double(row.closed);
        r[u"failed"] = double(row.failed);
        r[u"messagesSent"] = double(row.messagesSent);
        r[u"messagesReceived"] = double(row.messagesReceived);
        r[u"lost"] = double(row.lost);
        const bool hasLatency = row.latencyCount > 0;
        r[u"latencyP50Ms"] = hasLatency ? QJsonValue(ms(row.latencyP50Ns)) : QJsonValue(QJsonValue::Null);
        r[u"latencyP99Ms"] = hasLatency ? QJsonValue(ms(row.latencyP99Ns)) : QJsonValue(QJsonValue::Null);
        r[u"latencyMaxMs"] = hasLatency ? QJsonValue(ms(row.latencyMaxNs)) : QJsonValue(QJsonValue::Null);
        r[u"cpuPercent"] = roundTo(row.cpuPercent, 1);
        series.append(r);
    }
    o[u"timeseries"] = series;

    o[u"scenario"] = scenario;
    o[u"machine"] = machine.toJson();
    return o;
}

QByteArray RunReport::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

QByteArray RunReport::toCsv() const
{
    QByteArray out = csvColumns().join(u',').toUtf8() + '\n';
    const auto msCell = [](qint64 ns, bool present) {
        // An empty cell, not 0, for a second without latency samples.
        return present ? QByteArray::number(double(ns) / 1e6, 'f', 3) : QByteArray();
    };
    for (const TimelineSecond &row : timeline.seconds()) {
        const bool hasLatency = row.latencyCount > 0;
        const QByteArrayList cells = {
            QByteArray::number(row.second),
            QByteArray::number(row.open),
            QByteArray::number(row.peakOpen),
            QByteArray::number(row.connects),
            QByteArray::number(row.reconnects),
            QByteArray::number(row.closed),
            QByteArray::number(row.failed),
            QByteArray::number(row.messagesSent),
            QByteArray::number(row.messagesReceived),
            QByteArray::number(row.lost),
            msCell(row.latencyP50Ns, hasLatency),
            msCell(row.latencyP99Ns, hasLatency),
            msCell(row.latencyMaxNs, hasLatency),
            QByteArray::number(row.cpuPercent, 'f', 1),
        };
        out += cells.join(',') + '\n';
    }
    return out;
}

QByteArray RunReport::toJUnitXml() const
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();

    const QString tests = QString::number(thresholds.size());
    const QString failures = QString::number(failedThresholdCount());
    const QString time = QString::number(double(durationNs) / 1e9, 'f', 3);
    const QString suiteName = scenarioName.isEmpty() ? QStringLiteral("scenario") : scenarioName;

    // The <testsuites> wrapper is what Jenkins, GitLab and GitHub reporters all accept.
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("SocketScope"));
    xml.writeAttribute(QStringLiteral("tests"), tests);
    xml.writeAttribute(QStringLiteral("failures"), failures);
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("time"), time);

    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), suiteName);
    xml.writeAttribute(QStringLiteral("tests"), tests);
    xml.writeAttribute(QStringLiteral("failures"), failures);
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("skipped"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("time"), time);
    if (startTime.isValid())
        xml.writeAttribute(QStringLiteral("timestamp"), startTime.toUTC().toString(Qt::ISODate));
    if (!machine.hostname.isEmpty())
        xml.writeAttribute(QStringLiteral("hostname"), machine.hostname);

    xml.writeStartElement(QStringLiteral("properties"));
    const auto property = [&xml](const QString &name, const QString &value) {
        xml.writeEmptyElement(QStringLiteral("property"));
        xml.writeAttribute(QStringLiteral("name"), name);
        xml.writeAttribute(QStringLiteral("value"), value);
    };
    property(QStringLiteral("sourceFile"), sourceFile);
    property(QStringLiteral("target"), target);
    property(QStringLiteral("socketScopeVersion"), machine.version);
    property(QStringLiteral("exitCode"), QString::number(exitCode));
    if (aborted)
        property(QStringLiteral("abortReason"), abortReason);
    xml.writeEndElement(); // properties

    for (const ThresholdResult &r : thresholds) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("name"), r.threshold.metric + u' ' + r.conditionText());
        xml.writeAttribute(QStringLiteral("classname"), suiteName);
        xml.writeAttribute(QStringLiteral("time"), QStringLiteral("0"));
        if (!r.passed) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), r.message());
            xml.writeAttribute(QStringLiteral("type"), QStringLiteral("threshold"));
            xml.writeCharacters(r.message());
            xml.writeEndElement();
        } else {
            xml.writeTextElement(QStringLiteral("system-out"), r.message());
        }
        xml.writeEndElement(); // testcase
    }
    xml.writeTextElement(QStringLiteral("system-out"), summaryTable());

    xml.writeEndElement(); // testsuite
    xml.writeEndElement(); // testsuites
    xml.writeEndDocument();
    return out;
}

QString RunReport::summaryTable() const
{
    const QStringList header = {tr("group"), tr("proto"), tr("open"), tr("peak"), tr("connects"), tr("reconn"),
                                tr("failed"), tr("sent"), tr("received"), tr("lost"), tr("dup"), tr("ooo"),
                                tr("p50"), tr("p99"), tr("max")};
    std::vector<QStringList> rows;
    const auto addRow = [&rows](const GroupMetrics &g) {
        const ClientCounters &c = g.total;
        const LatencyHistogram &l = g.latencyTotal;
        rows.push_back({g.name, g.protocol, QString::number(c.open()), QString::number(g.peakOpen),
                        QString::number(c.connects()), QString::number(c.reconnects),
                        QString::number(c.connectFailures), QString::number(c.messagesSent),
                        QString::number(c.messagesReceived), QString::number(c.lost), QString::number(c.duplicated),
                        QString::number(c.outOfOrder), latencyCell(l.percentileNs(50), l.count()),
                        latencyCell(l.percentileNs(99), l.count()), latencyCell(l.maxNs(), l.count())});
    };
    for (const GroupMetrics &group : finalSnapshot.groups)
        addRow(group);
    if (finalSnapshot.groups.size() != 1)
        addRow(finalSnapshot.all);

    std::vector<qsizetype> widths(size_t(header.size()));
    for (qsizetype i = 0; i < header.size(); ++i)
        widths[size_t(i)] = header[i].size();
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[size_t(i)] = std::max(widths[size_t(i)], row[i].size());
    }
    // Names left-aligned, numbers right-aligned.
    const auto line = [&widths](const QStringList &cells) {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i > 0)
                text += QStringLiteral("  ");
            text += i < 2 ? cells[i].leftJustified(widths[size_t(i)]) : cells[i].rightJustified(widths[size_t(i)]);
        }
        return text.trimmed() + u'\n';
    };

    QString out;
    out += tr("%1: %2s against %3").arg(scenarioName.isEmpty() ? tr("run") : scenarioName,
                                        ThresholdEvaluator::formatNumber(seconds(durationNs)), target) + u'\n';
    out += line(header);
    for (const QStringList &row : rows)
        out += line(row);

    out += groupDetails();

    const quint64 peakRate = timeline.peakConnectsPerSecond();
    out += tr("peak connects/s: %1").arg(peakRate);
    if (const auto fault = timeline.lastConnectionFaultNs()) {
        const auto recovery = timeline.recoveryTimeAfter(*fault);
        out += tr(", recovery after the fault at %1: %2")
                   .arg(ThresholdEvaluator::formatDurationNs(double(*fault)),
                        recovery ? ThresholdEvaluator::formatDurationNs(double(*recovery)) : tr("never"));
    }
    const CpuUse cpu = cpuUse(timeline);
    out += tr(", CPU mean %1%, max %2%").arg(cpu.mean, 0, 'f', 1).arg(cpu.max, 0, 'f', 1) + u'\n';

    if (!thresholds.empty()) {
        out += tr("thresholds:") + u'\n';
        for (const ThresholdResult &r : thresholds) {
            out += QStringLiteral("  %1  %2 %3  (%4)\n")
                       .arg(r.passed ? tr("PASS") : tr("FAIL"), r.threshold.metric, r.conditionText(), r.actualText);
        }
    }
    if (aborted)
        out += tr("aborted: %1").arg(abortReason) + u'\n';
    if (thresholds.empty())
        out += tr("result: no thresholds, exit %1").arg(exitCode) + u'\n';
    else if (thresholdsPassed())
        out += tr("result: all %1 thresholds passed, exit %2").arg(thresholds.size()).arg(exitCode) + u'\n';
    else
        out += tr("result: %1 of %2 thresholds failed, exit %3")
                   .arg(failedThresholdCount())
                   .arg(thresholds.size())
                   .arg(exitCode)
            + u'\n';
    return out;
}

QString RunReport::outcomesText(const QMap<QString, quint64> &outcomes)
{
    // Most frequent first, so the reason that matters leads.
    QList<QPair<QString, quint64>> sorted;
    for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it)
        sorted.append({it.key(), it.value()});
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList parts;
    for (const auto &[outcome, count] : sorted)
        parts.append(QStringLiteral("%1 \u00d7%2").arg(outcome).arg(count));
    return parts.join(QStringLiteral(", "));
}

QString RunReport::groupDetails() const
{
    // What the table cannot say per group: which accounting checked its deliveries, each kind
    // of latency apart, how its sessions ended (docs/reports.md, "Summary table").
    const auto latencyText = [](const LatencyHistogram &h) {
        return tr("p50 %1, p99 %2, max %3 (%4 samples)")
            .arg(latencyCell(h.percentileNs(50), h.count()), latencyCell(h.percentileNs(99), h.count()),
                 latencyCell(h.maxNs(), h.count()))
            .arg(h.count());
    };
    QString out;
    for (const GroupMetrics &g : finalSnapshot.groups) {
        const ClientCounters &c = g.total;
        QStringList parts;
        QString accounting = tr("accounting: %1").arg(g.accounting());
        if (g.reconciled)
            accounting += tr(" (%1 expected in the receivers' windows, %2 received)").arg(g.reconciledExpected).arg(g.reconciledReceived);
        parts.append(accounting);
        if (g.latencyTotal.count())
            parts.append(tr("one-way %1").arg(latencyText(g.latencyTotal)));
        if (g.rttTotal.count())
            parts.append(tr("round trip %1").arg(latencyText(g.rttTotal)));
        if (g.serverLatencyTotal.count())
            parts.append(tr("server clock (wall) %1").arg(latencyText(g.serverLatencyTotal)));
        if (c.streams) {
            parts.append(tr("streams %1, %2 events, first event %3, gaps %4")
                             .arg(c.streams)
                             .arg(c.streamEvents)
                             .arg(latencyText(g.streamFirstEventTotal), latencyText(g.streamGapTotal)));
        }
        if (c.otherReceived)
            parts.append(tr("%1 other messages (not matched)").arg(c.otherReceived));
        if (c.rejectedSessions)
            parts.append(tr("%1 sessions closed by the server at once (counted failed)").arg(c.rejectedSessions));
        if (!c.subprotocols.isEmpty())
            parts.append(tr("subprotocol %1").arg(outcomesText(c.subprotocols)));
        if (!c.outcomes.isEmpty())
            parts.append(tr("outcomes: %1").arg(outcomesText(c.outcomes)));
        out += QStringLiteral("  %1: %2\n").arg(g.name, parts.join(QStringLiteral("; ")));
    }
    // Several instances: each one's own account at the end (docs/reports.md, "staging").
    if (!staging.isEmpty()) {
        out += tr("  staged: %1\n").arg(staging.value(u"description").toString());
        for (const QJsonValue value : staging.value(u"instances").toArray()) {
            const QJsonObject i = value.toObject();
            const QJsonObject open = i.value(u"open").toObject();
            QString presence;
            const qint64 joins = i.value(u"presence_joins").toInteger();
            const qint64 leaves = i.value(u"presence_leaves").toInteger();
            const qint64 refused = i.value(u"user_limit_refused").toInteger();
            if (joins + leaves + refused > 0)
                presence = tr(", presence joins %1 leaves %2, refused by the user limit %3").arg(joins).arg(leaves).arg(refused);
            out += tr("  instance %1 (:%2): open ws %3 sse %4 poll %5, delivered %6, broker %7, local only %8, "
                      "recovered from the stream %9, lost in gaps %10, bus latency mean %11 ms, restarts %12%13\n")
                       .arg(i.value(u"index").toInt()).arg(i.value(u"port").toInt())
                       .arg(open.value(u"ws").toInteger()).arg(open.value(u"sse").toInteger()).arg(open.value(u"poll").toInteger())
                       .arg(i.value(u"delivered").toInteger())
                       .arg(i.value(u"broker_up").toBool() ? tr("up") : tr("down"))
                       .arg(i.value(u"broker_local_only").toInteger())
                       .arg(i.value(u"gap_recovered").toInteger())
                       .arg(i.value(u"gap_lost").toInteger())
                       .arg(i.value(u"bus_latency_mean_ms").toDouble(), 0, 'f', 2)
                       .arg(i.value(u"restarts").toInt())
                       .arg(presence);
        }
        for (const QJsonValue value : staging.value(u"faults").toArray())
            out += tr("  fault at %1 s: %2\n").arg(value.toObject().value(u"at_ms").toDouble() / 1000.0, 0, 'f', 1)
                       .arg(value.toObject().value(u"fault").toString());
    }
    return out;
}

bool RunReport::writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
