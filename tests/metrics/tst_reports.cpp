#include "metrics/aggregator.h"
#include "metrics/runreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QXmlStreamReader>

namespace {

constexpr qint64 ms = 1'000'000;

Threshold makeThreshold(const QString &metric, Threshold::Op op, double value, Threshold::Unit unit, const QString &expression)
{
    Threshold t;
    t.metric = metric;
    t.op = op;
    t.value = value;
    t.unit = unit;
    t.expression = expression;
    return t;
}

} // namespace

class tst_Reports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonHasTheDocumentedKeys();
    void csvHasOneRowPerSecond();
    void junitHasOneTestCasePerThreshold();
    void summaryTable();
    void writeFile();

private:
    RunReport m_report;
    ClientCounters m_recorded;      // all groups, everything the recorders saw
};

void tst_Reports::initTestCase()
{
    // A 2.5 s run of two groups, built the way the Runner builds it: recorders, aggregator ticks,
    // a restart fault, thresholds evaluated at the end.
    Recorder recorder(2);
    Aggregator aggregator;
    aggregator.setGroups({QStringLiteral("chat"), QStringLiteral("feed")}, {QStringLiteral("ws"), QStringLiteral("sse")});
    aggregator.addRecorder(&recorder);
    aggregator.start();
    aggregator.stop();
    const qint64 t0 = aggregator.startNs();
    for (int tick = 1; tick <= 25; ++tick) {
        for (int g = 0; g < 2; ++g) {
            ClientCounters &c = recorder.counters(g);
            if (tick <= 5) {
                c.connectAttempts += 11;
                c.connectsFirst += 10;
                c.connectFailures += 1;
                recorder.recordHandshake(g, (2 + g) * ms);
            }
            if (tick == 12) { // the restart: everyone drops
                c.closes += 50;
                c.unexpectedCloses += 50;
            }
            if (tick >= 14 && tick <= 18) {
                c.connectAttempts += 10;
                c.reconnects += 10;
            }
            c.messagesSent += 20;
            c.messagesReceived += 19;
            c.lost += tick == 13 ? 3 : 0;
            c.checkedBySequence += 19; // the deliveries were accounted (loss thresholds then judge)
            c.bytesSent += 20 * 64;
            c.bytesReceived += 19 * 64;
            for (int i = 0; i < 19; ++i)
                recorder.recordLatency(g, (5 + i + 30 * g) * ms);
            m_recorded += c;
        }
        recorder.publish();
        if (tick == 12)
            aggregator.markEvent(1150 * ms, QStringLiteral("restart"), TimelineEvent::Kind::ConnectionFault);
        aggregator.tickAt(t0 + tick * 100 * ms);
    }

    m_report.scenarioName = QStringLiteral("chat & feed <demo>");
    m_report.sourceFile = QStringLiteral("scenarios/chat.json");
    m_report.scenario = QJsonObject{{QStringLiteral("name"), m_report.scenarioName}};
    m_report.target = QStringLiteral("embedded (127.0.0.1:41235)");
    m_report.startTime = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    m_report.durationNs = 2500 * ms;
    m_report.finalSnapshot = aggregator.latest();
    m_report.timeline = aggregator.timeline();
    m_report.groupTimelines = aggregator.groupTimelines();
    const std::vector<Threshold> thresholds{
        makeThreshold(QStringLiteral("latency.p99"), Threshold::Op::Less, 50.0 * ms, Threshold::Unit::Nanoseconds, QStringLiteral("<50ms")),
        makeThreshold(QStringLiteral("delivery.lost"), Threshold::Op::Equal, 0, Threshold::Unit::Number, QStringLiteral("==0")),
        makeThreshold(QStringLiteral("connect.failed"), Threshold::Op::Less, 20, Threshold::Unit::Percent, QStringLiteral("<20%")),
    };
    m_report.thresholds = ThresholdEvaluator(m_report.finalSnapshot, m_report.timeline).evaluate(thresholds);
    m_report.exitCode = 99;
    QCOMPARE(m_report.failedThresholdCount(), 2);
    QVERIFY(m_report.thresholds[2].passed);
}

void tst_Reports::jsonHasTheDocumentedKeys()
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(m_report.toJsonBytes(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = document.object();
    for (const char *key : {"format", "formatVersion", "version", "name", "sourceFile", "target", "start",
                            "durationSeconds", "result", "summary", "generator", "server", "thresholds", "events",
                            "timeseries", "scenario", "machine"})
        QVERIFY2(o.contains(QLatin1String(key)), key);
    QCOMPARE(o[u"format"].toString(), QStringLiteral("socketscope-run-report"));
    QCOMPARE(o[u"formatVersion"].toInt(), 1);
    QCOMPARE(o[u"name"].toString(), m_report.scenarioName);
    QCOMPARE(o[u"start"].toString(), QStringLiteral("2024-05-01T12:00:00.000Z"));
    QCOMPARE(o[u"durationSeconds"].toDouble(), 2.5);
    QCOMPARE(o[u"result"][u"passed"].toBool(), false);
    QCOMPARE(o[u"result"][u"exitCode"].toInt(), 99);
    QCOMPARE(o[u"result"][u"thresholdsFailed"].toInt(), 2);
    QCOMPARE(o[u"scenario"][u"name"].toString(), m_report.scenarioName);
    QVERIFY(!o[u"machine"][u"socketScopeVersion"].toString().isEmpty());
    QVERIFY(o[u"machine"][u"cores"].toInt() >= 1);
    QVERIFY(o[u"server"].isNull());

    const QJsonObject all = o[u"summary"][u"all"].toObject();
    QCOMPARE(all[u"name"].toString(), QStringLiteral("all"));
    const QJsonObject connections = all[u"connections"].toObject();
    QCOMPARE(connections[u"attempts"].toDouble(), double(m_recorded.connectAttempts));
    QCOMPARE(connections[u"connects"].toDouble(), 100.0);
    QCOMPARE(connections[u"reconnects"].toDouble(), 100.0);
    QCOMPARE(connections[u"failed"].toDouble(), 10.0);
    QCOMPARE(connections[u"closed"].toDouble(), 100.0);
    QCOMPARE(connections[u"open"].toDouble(), 100.0);
    QCOMPARE(connections[u"peak"].toDouble(), 100.0);
    QCOMPARE(connections[u"peakConnectsPerSecond"].toDouble(), 100.0);
    // Restart marked at 1.15 s, open back to 100 at the tick of 1.8 s.
    QCOMPARE(connections[u"recovery"][u"recovered"].toBool(), true);
    QCOMPARE(connections[u"recovery"][u"seconds"].toDouble(), 0.65);
    QCOMPARE(connections[u"recovery"][u"faultAtSeconds"].toDouble(), 1.15);
    const QJsonObject messages = all[u"messages"].toObject();
    QCOMPARE(messages[u"sent"].toDouble(), double(m_recorded.messagesSent));
    QCOMPARE(messages[u"received"].toDouble(), double(m_recorded.messagesReceived));
    QCOMPARE(messages[u"lost"].toDouble(), 6.0);
    QCOMPARE(all[u"bytes"][u"received"].toDouble(), double(m_recorded.bytesReceived));
    const QJsonObject latency = all[u"latencyMs"].toObject();
    for (const char *key : {"count", "min", "p50", "p90", "p99", "p99.9", "max", "mean"})
        QVERIFY2(latency.contains(QLatin1String(key)), key);
    QCOMPARE(latency[u"count"].toDouble(), 2.0 * 25 * 19);
    QCOMPARE(latency[u"max"].toDouble(), 53.0);
    QCOMPARE(latency[u"min"].toDouble(), 5.0);
    QVERIFY(std::abs(latency[u"p99"].toDouble() - m_report.finalSnapshot.all.latencyTotal.percentileNs(99) / 1e6) < 0.001);
    QCOMPARE(all[u"handshakeMs"][u"count"].toDouble(), 10.0);

    const QJsonArray groups = o[u"summary"][u"groups"].toArray();
    QCOMPARE(groups.size(), 2);
    QCOMPARE(groups[1][u"name"].toString(), QStringLiteral("feed"));
    QCOMPARE(groups[1][u"protocol"].toString(), QStringLiteral("sse"));
    QCOMPARE(groups[1][u"connections"][u"connects"].toDouble(), 50.0);
    QCOMPARE(groups[1][u"connections"][u"peakConnectsPerSecond"].toDouble(), 50.0);
    QCOMPARE(groups[0][u"latencyMs"][u"max"].toDouble(), 23.0);

    const QJsonArray thresholds = o[u"thresholds"].toArray();
    QCOMPARE(thresholds.size(), 3);
    QCOMPARE(thresholds[0][u"metric"].toString(), QStringLiteral("latency.p99"));
    QCOMPARE(thresholds[0][u"condition"].toString(), QStringLiteral("<50ms"));
    QCOMPARE(thresholds[0][u"unit"].toString(), QStringLiteral("ms"));
    QCOMPARE(thresholds[0][u"expected"].toDouble(), 50.0);
    QCOMPARE(thresholds[0][u"passed"].toBool(), false);
    QVERIFY(thresholds[0][u"actual"].toDouble() > 50.0);
    QCOMPARE(thresholds[1][u"actual"].toDouble(), 6.0);
    QCOMPARE(thresholds[1][u"actualText"].toString(), QStringLiteral("6"));
    QCOMPARE(thresholds[2][u"passed"].toBool(), true);
    QCOMPARE(thresholds[2][u"unit"].toString(), QStringLiteral("%"));

    const QJsonArray events = o[u"events"].toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0][u"text"].toString(), QStringLiteral("restart"));
    QCOMPARE(events[0][u"cutsConnections"].toBool(), true);

    const QJsonArray series = o[u"timeseries"].toArray();
    QCOMPARE(series.size(), 3);
    double connects = 0;
    double received = 0;
    for (const QJsonValue &row : series) {
        for (const QString &column : RunReport::csvColumns())
            QVERIFY2(row.toObject().contains(column), qPrintable(column));
        connects += row[u"connects"].toDouble();
        received += row[u"messagesReceived"].toDouble();
    }
    QCOMPARE(connects, 200.0);
    QCOMPARE(received, double(m_recorded.messagesReceived));
    QCOMPARE(series[0][u"second"].toInt(), 1);
    QCOMPARE(series[0][u"connects"].toDouble(), 100.0);
    QCOMPARE(series[1][u"closed"].toDouble(), 100.0);
    QCOMPARE(series[2][u"open"].toDouble(), 100.0);
    QVERIFY(series[0][u"latencyP99Ms"].toDouble() > 0);
}

void tst_Reports::csvHasOneRowPerSecond()
{
    const QByteArray csv = m_report.toCsv();
    QVERIFY(csv.endsWith('\n'));
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 3);
    QCOMPARE(QString::fromUtf8(lines[0]), RunReport::csvColumns().join(u','));
    const QStringList columns = RunReport::csvColumns();
    const auto column = [&](const char *name) { return columns.indexOf(QLatin1String(name)); };
    quint64 connects = 0;
    quint64 reconnects = 0;
    quint64 sent = 0;
    quint64 lost = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> cells = lines[i].split(',');
        QCOMPARE(cells.size(), columns.size());
        QCOMPARE(cells[column("second")].toInt(), i);
        connects += cells[column("connects")].toULongLong();
        reconnects += cells[column("reconnects")].toULongLong();
        sent += cells[column("messagesSent")].toULongLong();
        lost += cells[column("lost")].toULongLong();
        bool ok = false;
        cells[column("latencyP50Ms")].toDouble(&ok);
        QVERIFY(ok);
    }
    QCOMPARE(connects, m_recorded.connectsFirst + m_recorded.reconnects);
    QCOMPARE(reconnects, m_recorded.reconnects);
    QCOMPARE(sent, m_recorded.messagesSent);
    QCOMPARE(lost, m_recorded.lost);
    QCOMPARE(lines[3].split(',')[column("open")].toInt(), 100);
}

void tst_Reports::junitHasOneTestCasePerThreshold()
{
    QXmlStreamReader xml(m_report.toJUnitXml());
    int suites = 0;
    QStringList cases;
    QStringList failed;
    QStringList failureMessages;
    QString current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"testsuite") {
            ++suites;
            QCOMPARE(xml.attributes().value(QLatin1String("name")).toString(), m_report.scenarioName);
            QCOMPARE(xml.attributes().value(QLatin1String("tests")).toString(), QStringLiteral("3"));
            QCOMPARE(xml.attributes().value(QLatin1String("failures")).toString(), QStringLiteral("2"));
        } else if (xml.name() == u"testcase") {
            current = xml.attributes().value(QLatin1String("name")).toString();
            cases << current;
        } else if (xml.name() == u"failure") {
            failed << current;
            failureMessages << xml.attributes().value(QLatin1String("message")).toString();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suites, 1);
    QCOMPARE(cases, (QStringList{QStringLiteral("latency.p99 <50ms"), QStringLiteral("delivery.lost ==0"),
                                 QStringLiteral("connect.failed <20%")}));
    QCOMPARE(failed, (QStringList{QStringLiteral("latency.p99 <50ms"), QStringLiteral("delivery.lost ==0")}));
    QCOMPARE(failureMessages[0], m_report.thresholds[0].message());
    QVERIFY(failureMessages[0].startsWith(QStringLiteral("latency.p99 was ")));
    QVERIFY(failureMessages[0].endsWith(QStringLiteral("ms, expected <50ms")));
    QCOMPARE(failureMessages[1], QStringLiteral("delivery.lost was 6, expected ==0"));

    // No thresholds: still a valid suite, with no test cases.
    RunReport empty;
    empty.scenarioName = QStringLiteral("empty");
    QXmlStreamReader emptyXml(empty.toJUnitXml());
    int emptyCases = 0;
    while (!emptyXml.atEnd()) {
        emptyXml.readNext();
        if (emptyXml.isStartElement() && emptyXml.name() == u"testcase")
            ++emptyCases;
    }
    QVERIFY(!emptyXml.hasError());
    QCOMPARE(emptyCases, 0);
}

void tst_Reports::summaryTable()
{
    const QString table = m_report.summaryTable();
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines[1].startsWith(QStringLiteral("group")));
    QVERIFY(lines[2].startsWith(QStringLiteral("chat ")));
    QVERIFY(lines[3].startsWith(QStringLiteral("feed ")));
    QVERIFY(lines[4].startsWith(QStringLiteral("all ")));
    QVERIFY(table.contains(QStringLiteral("FAIL  latency.p99 <50ms")));
    QVERIFY(table.contains(QStringLiteral("FAIL  delivery.lost ==0  (6)")));
    QVERIFY(table.contains(QStringLiteral("PASS  connect.failed <20%  (4.76%)")));
    QVERIFY(table.contains(QStringLiteral("2 of 3 thresholds failed")));
    QVERIFY(table.contains(QStringLiteral("peak connects/s: 100")));
    // Columns line up: every row of the group table is as wide as the header or narrower.
    QCOMPARE(lines[2].indexOf(QStringLiteral("ws")), lines[1].indexOf(QStringLiteral("proto")));
}

void tst_Reports::writeFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    QString error;
    QVERIFY(RunReport::writeFile(path, m_report.toCsv(), &error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), m_report.toCsv());
    QVERIFY(!RunReport::writeFile(dir.filePath(QStringLiteral("missing/dir/x.json")), "{}", &error));
    QVERIFY(error.contains(QStringLiteral("missing/dir/x.json")));
}

QTEST_GUILESS_MAIN(tst_Reports)
#include "tst_reports.moc"
