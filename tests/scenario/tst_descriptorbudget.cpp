// The descriptor preflight: how many clients a scenario has connected at its peak, what that
// costs in descriptors (the embedded server's side counted when it runs in this process), and the
// message that refuses a run the limit cannot hold.
#include "scenario/descriptorbudget.h"
#include "scenario/scenario.h"
#include "scenario/scenarioloader.h"

#include <QTest>

namespace {

scenario::Scenario load(const QByteArray &groups)
{
    const scenario::LoadResult result = scenario::ScenarioLoader::loadJson(R"({"name": "t", "groups": )" + groups + "}", QStringLiteral("t.json"));
    if (!result.isOk())
        qFatal("%s", qPrintable(result.errorText()));
    return *result.scenario;
}

} // namespace

class tst_DescriptorBudget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void peakClients_data();
    void peakClients();
    void embeddedServerDoublesTheConnections();
    void fitsOrExplains();
    void noLimitAlwaysFits();
};

void tst_DescriptorBudget::peakClients_data()
{
    QTest::addColumn<QByteArray>("groups");
    QTest::addColumn<qint64>("peak");
    QTest::addRow("one group") << QByteArray(R"([{"protocol": "ws", "clients": 500}])") << qint64(500);
    QTest::addRow("groups together") << QByteArray(R"([{"protocol": "ws", "clients": 500}, {"protocol": "sse", "clients": 300}])")
                                     << qint64(800);
    // The second group starts after the first has left: they never overlap.
    QTest::addRow("one after the other")
        << QByteArray(R"([{"protocol": "ws", "clients": 500, "phases": {"hold": "10s"}},
                          {"protocol": "sse", "clients": 300, "phases": {"delay": "20s", "hold": "10s"}}])")
        << qint64(500);
    // A group without hold or ramp-down stays until the run ends, so a later group overlaps it.
    QTest::addRow("the first stays to the end")
        << QByteArray(R"([{"protocol": "ws", "clients": 500},
                          {"protocol": "sse", "clients": 300, "phases": {"delay": "20s", "hold": "10s"}}])")
        << qint64(800);
    QTest::addRow("overlapping ramps")
        << QByteArray(R"([{"protocol": "ws", "clients": 100, "phases": {"rampUp": "10s", "hold": "10s", "rampDown": "10s"}},
                          {"protocol": "poll", "clients": 50, "phases": {"delay": "25s", "hold": "10s"}},
                          {"protocol": "publish", "clients": 7, "phases": {"delay": "40s", "hold": "1s"}}])")
        << qint64(150);
    QTest::addRow("arrival rate") << QByteArray(R"([{"protocol": "ws", "clients": 40, "arrivalRate": 10, "phases": {"hold": "1s"}},
                                                    {"protocol": "ws", "clients": 5, "phases": {"delay": "4500ms", "hold": "1s"}}])")
                                  << qint64(45);
}

void tst_DescriptorBudget::peakClients()
{
    QFETCH(QByteArray, groups);
    QFETCH(qint64, peak);
    QCOMPARE(load(groups).peakClients(), peak);
}

void tst_DescriptorBudget::embeddedServerDoublesTheConnections()
{
    const scenario::Scenario s = load(R"([{"protocol": "ws", "clients": 1000}])");
    const DescriptorBudget embedded = DescriptorBudget::forRun(s, true, 4);
    QCOMPARE(embedded.clientConnections(), qint64(1000));
    QCOMPARE(embedded.serverConnections(), qint64(1000));
    QCOMPARE(embedded.reserve(), DescriptorBudget::fixedReserve + 4 * DescriptorBudget::reservePerThread);
    QCOMPARE(embedded.needed(), 2000 + embedded.reserve());
    const DescriptorBudget remote = DescriptorBudget::forRun(s, false, 2);
    QCOMPARE(remote.serverConnections(), qint64(0));
    QCOMPARE(remote.needed(), 1000 + remote.reserve());
}

void tst_DescriptorBudget::fitsOrExplains()
{
    const scenario::Scenario s = load(R"([{"protocol": "ws", "clients": 10000}])");
    const DescriptorBudget budget = DescriptorBudget::forRun(s, true, 0); // reserve 100
    QCOMPARE(budget.needed(), qint64(20100));
    QVERIFY(budget.check(20100).isEmpty());
    QVERIFY(budget.check(1'000'000).isEmpty());
    const QString message = budget.check(4096);
    QCOMPARE(message, QStringLiteral(
        "this scenario needs about 20100 file descriptors at its peak (10000 client connections, 10000 for the "
        "embedded server's side of them, 100 in reserve), but the process may open only 4096 (RLIMIT_NOFILE). "
        "Raise the limit with 'ulimit -n 20100' (above the hard limit, 'ulimit -Hn', that needs root, or "
        "LimitNOFILE= for a service), run fewer clients (--clients-scale 0.19), or run the server in another "
        "process ('socketscope serve', then --target ws://HOST:PORT/)."));
    // The advised scale fits: 1900 clients, 3800 connections + 100 <= 4096.
    QVERIFY(DescriptorBudget::forRun(load(R"([{"protocol": "ws", "clients": 1900}])"), true, 0).check(4096).isEmpty());
    // A limit below the reserve leaves no scale to advise.
    QVERIFY(!budget.check(50).contains(QLatin1String("--clients-scale 0")));
}

void tst_DescriptorBudget::noLimitAlwaysFits()
{
    const scenario::Scenario s = load(R"([{"protocol": "ws", "clients": 100000}])");
    QVERIFY(DescriptorBudget::forRun(s, true, 8).check(-1).isEmpty());
    QVERIFY(DescriptorBudget::processLimit() == -1 || DescriptorBudget::processLimit() > 0);
}

QTEST_GUILESS_MAIN(tst_DescriptorBudget)
#include "tst_descriptorbudget.moc"
