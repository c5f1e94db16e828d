// Scenarios with several instances (docs/scenarios.md, "Several instances"), run through the
// Runner: real `socketscope serve` processes joined by a private redis-server, nginx in front
// when asked, and the instance faults. Receivers account per sender (the publisher stamps every
// message), so what never crossed to another instance is lost in the report, exactly.
#include "runsupport.h"

#include "metrics/runreport.h"
#include "scenario/runner.h"
#include "staging/childprocess.h"

#include <QJsonArray>
#include <QTest>

using RunSupport::describe;
using RunSupport::group;
using RunSupport::load;
using RunSupport::runToEnd;

class tst_StagedRuns : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void partitionLosesExactlyWhatTheCutOffInstanceKeptToItself();
    void killedInstanceBehindNginxLosesNothingForResumers();
    void pausedBrokerDelaysButLosesNothing();

private:
    std::unique_ptr<Runner> run(const QByteArray &json, int timeoutMs = 90000);
    static QJsonObject instance(const RunReport &report, int index);
};

void tst_StagedRuns::initTestCase()
{
    for (const char *program : {"redis-server", "nginx"}) {
        QVERIFY2(!ChildProcess::findExecutable(QString::fromLatin1(program)).isEmpty(),
                 qPrintable(QStringLiteral("%1 is not installed (scripts/install-deps installs it)").arg(QLatin1String(program))));
    }
}

std::unique_ptr<Runner> tst_StagedRuns::run(const QByteArray &json, int timeoutMs)
{
    const auto scenario = load(json);
    if (!scenario)
        return nullptr;
    auto runner = std::make_unique<Runner>(scenario);
    runner->setInstanceExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    if (!runToEnd(*runner, timeoutMs))
        return nullptr;
    return runner;
}

QJsonObject tst_StagedRuns::instance(const RunReport &report, int index)
{
    return report.staging.value(u"instances").toArray().at(index).toObject();
}

// The subscribers' part every scenario here shares: per-sender accounting through resumes.
static const QByteArray receiveBlock = R"("resume": true,
      "receive": { "sender": "$.payload.from", "seq": "$.payload.seq", "sentAt": "$.payload.sentAt", "expect": "all", "grace": "200ms" })";
static const QByteArray publisherBody = R"("body": { "channel": "c", "type": "feed.item",
               "payload": { "from": "{{client}}", "seq": "{{seq}}", "sentAt": "{{sentAt}}" } })";

void tst_StagedRuns::partitionLosesExactlyWhatTheCutOffInstanceKeptToItself()
{
    // No proxy: client n connects to instance n % 2, so 20 subscribers are on each, and the one
    // publisher posts to instance 0, which is cut off from the broker for 2 s.
    const auto runner = run(R"({
      "name": "partition", "target": "embedded",
      "server": { "instances": 2, "broker": "redis", "rate": 0 },
      "groups": [
        { "name": "subscribers", "protocol": "ws", "channel": "c", "clients": 40, "phases": { "hold": "8s" },
          )" + receiveBlock + R"( },
        { "name": "publisher", "protocol": "publish", "channel": "c", "clients": 1,
          "phases": { "delay": "1s", "hold": "6s" }, "send": { "rate": 20, "type": "feed.item" },
          )" + publisherBody + R"( }
      ],
      "faults": [ { "at": "3s", "action": "partitionInstance", "instance": 0, "duration": "2s" } ]
    })");
    QVERIFY(runner);
    const RunReport &report = runner->report();
    const GroupMetrics &subscribers = group(report, QStringLiteral("subscribers"));
    qInfo("%s", qPrintable(describe(subscribers)));
    QCOMPARE(subscribers.accounting(), QStringLiteral("per sender"));
    const quint64 keptToItself = quint64(instance(report, 0).value(u"broker_local_only").toInteger());
    QVERIFY2(keptToItself > 0, "the partition delivered nothing locally only");
    QCOMPARE(instance(report, 1).value(u"broker_local_only").toInteger(), 0);
    // Each message instance 0 kept to itself is lost for each of instance 1's 20 subscribers;
    // everything else reached everyone.
    QCOMPARE(subscribers.total.lost, keptToItself * 20);
    QCOMPARE(subscribers.total.duplicated, 0u);
    QCOMPARE(report.staging.value(u"faults").toArray().size(), 1);
}

void tst_StagedRuns::killedInstanceBehindNginxLosesNothingForResumers()
{
    const auto runner = run(R"({
      "name": "kill", "target": "embedded",
      "server": { "instances": 2, "broker": "redis", "rate": 0, "proxy": { "kind": "nginx", "balance": "round_robin" } },
      "groups": [
        { "name": "ws", "protocol": "ws", "channel": "c", "clients": 30, "phases": { "hold": "9s" }, "user": "u{{client}}",
          "reconnect": { "initialDelay": "100ms", "maxDelay": "1s" }, )" + receiveBlock + R"( },
        { "name": "sse", "protocol": "sse", "channel": "c", "clients": 20, "phases": { "hold": "9s" },
          "reconnect": { "initialDelay": "100ms", "maxDelay": "1s" }, )" + receiveBlock + R"( },
        { "name": "poll", "protocol": "poll", "channel": "c", "clients": 10, "pollTimeout": "2s", "phases": { "hold": "9s" },
          "reconnect": { "initialDelay": "100ms", "maxDelay": "1s" }, "resume": true },
        { "name": "publisher", "protocol": "publish", "channel": "c", "clients": 1,
          "phases": { "delay": "1s", "hold": "6s" }, "send": { "rate": 10, "type": "feed.item" },
          "reconnect": { "initialDelay": "100ms", "maxDelay": "1s" }, )" + publisherBody + R"( }
      ],
      "faults": [ { "at": "3s", "action": "killInstance", "instance": 0, "downtime": "1s" } ]
    })");
    QVERIFY(runner);
    const RunReport &report = runner->report();
    quint64 reconnects = 0;
    for (const QString &name : {QStringLiteral("ws"), QStringLiteral("sse"), QStringLiteral("poll")}) {
        const GroupMetrics &g = group(report, name);
        qInfo("%s", qPrintable(describe(g)));
        // Long polls read the channel's numbered history (no per-sender receive for poll).
        QCOMPARE(g.accounting(), name == u"poll" ? QStringLiteral("server sequence") : QStringLiteral("per sender"));
        QCOMPARE(g.total.lost, 0u);
        QCOMPARE(g.total.duplicated, 0u);
        QVERIFY(g.total.messagesReceived > 0);
        reconnects += g.total.reconnects;
    }
    // Round robin put half the streaming clients on the killed instance: they came back
    // through nginx, on the other instance, and resumed.
    QVERIFY2(reconnects > 0, "nobody was on the killed instance");
    QCOMPARE(instance(report, 0).value(u"restarts").toInt(), 1);
    QCOMPARE(report.staging.value(u"proxy").toObject().value(u"kind").toString(), QStringLiteral("nginx"));
    // Presence is kept in Redis: the survivor announced every user's join, those that joined
    // on the killed instance too; nobody was refused (a user per client).
    QVERIFY2(instance(report, 1).value(u"presence_joins").toInteger() >= 30,
             qPrintable(QString::number(instance(report, 1).value(u"presence_joins").toInteger())));
    QCOMPARE(instance(report, 1).value(u"user_limit_refused").toInteger(), 0);
}

void tst_StagedRuns::pausedBrokerDelaysButLosesNothing()
{
    const auto runner = run(R"({
      "name": "pause", "target": "embedded",
      "server": { "instances": 2, "broker": "redis", "rate": 0 },
      "groups": [
        { "name": "subscribers", "protocol": "sse", "channel": "c", "clients": 20, "phases": { "hold": "8s" },
          )" + receiveBlock + R"( },
        { "name": "publisher", "protocol": "publish", "channel": "c", "clients": 1,
          "phases": { "delay": "1s", "hold": "6s" }, "send": { "rate": 20, "type": "feed.item" },
          )" + publisherBody + R"( }
      ],
      "faults": [ { "at": "3s", "action": "brokerDown", "mode": "pause", "duration": "1500ms" } ]
    })");
    QVERIFY(runner);
    const RunReport &report = runner->report();
    const GroupMetrics &subscribers = group(report, QStringLiteral("subscribers"));
    qInfo("%s", qPrintable(describe(subscribers)));
    QCOMPARE(subscribers.total.lost, 0u);
    QCOMPARE(subscribers.total.duplicated, 0u);
    // Held back by the pause: the slowest deliveries waited most of it.
    QVERIFY2(subscribers.latencyTotal.maxNs() >= 1'000'000'000, qPrintable(QString::number(subscribers.latencyTotal.maxNs())));
    QVERIFY(instance(report, 0).value(u"broker_unavailable").toInteger() >= 1);
    QCOMPARE(instance(report, 0).value(u"broker_local_only").toInteger(), 0);
}

QTEST_GUILESS_MAIN(tst_StagedRuns)
#include "tst_stagedruns.moc"
