// Where the simulated clients connect from and to: the source-address spreading rule (how many
// loopback addresses a number of connections needs, which address each client takes) and the
// target URLs.
#include "sim/simtarget.h"

#include <QTest>

class tst_SimTarget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sourceAddressesNeeded_data();
    void sourceAddressesNeeded();
    void clientsShareTheAddressesOut();
    void noSpreadingBindsNothing();
    void loopbackTargets_data();
    void loopbackTargets();
    void ephemeralPortRangeIsRead();
    void urlsKeepTheQueriesWritten_data();
    void urlsKeepTheQueriesWritten();
};

void tst_SimTarget::sourceAddressesNeeded_data()
{
    QTest::addColumn<qint64>("connections");
    QTest::addColumn<int>("ports");
    QTest::addColumn<int>("expected");
    // k = ceil(connections / (80% of the range)); Linux's default range 32768-60999 has 28232
    // ports, 80% of it is 22585.6.
    QTest::addRow("none") << qint64(0) << 28232 << 1;
    QTest::addRow("a few") << qint64(100) << 28232 << 1;
    QTest::addRow("80 percent of one address") << qint64(22585) << 28232 << 1;
    QTest::addRow("just over") << qint64(22586) << 28232 << 2;
    QTest::addRow("50,000") << qint64(50000) << 28232 << 3;
    QTest::addRow("100,000") << qint64(100000) << 28232 << 5;
    QTest::addRow("narrow range") << qint64(1000) << 1000 << 2;
    QTest::addRow("capped at 254") << qint64(100'000'000) << 1000 << 254;
    QTest::addRow("nonsense range") << qint64(10) << 0 << 10;
}

void tst_SimTarget::sourceAddressesNeeded()
{
    QFETCH(qint64, connections);
    QFETCH(int, ports);
    QFETCH(int, expected);
    QCOMPARE(SimTarget::sourceAddressesNeeded(connections, ports), expected);
}

void tst_SimTarget::clientsShareTheAddressesOut()
{
    SimTarget target = SimTarget::embeddedServer(8080);
    target.sourceAddressCount = 3;
    QCOMPARE(target.sourceAddressFor(0), QHostAddress(QStringLiteral("127.0.0.1")));
    QCOMPARE(target.sourceAddressFor(1), QHostAddress(QStringLiteral("127.0.0.2")));
    QCOMPARE(target.sourceAddressFor(2), QHostAddress(QStringLiteral("127.0.0.3")));
    QCOMPARE(target.sourceAddressFor(3), QHostAddress(QStringLiteral("127.0.0.1")));
    target.sourceAddressCount = SimTarget::maxSourceAddresses;
    QCOMPARE(target.sourceAddressFor(253), QHostAddress(QStringLiteral("127.0.0.254")));
    QCOMPARE(target.sourceAddressFor(254), QHostAddress(QStringLiteral("127.0.0.1")));
}

void tst_SimTarget::noSpreadingBindsNothing()
{
    SimTarget target = SimTarget::embeddedServer(8080);
    QVERIFY(target.sourceAddressFor(5).isNull());
    target.sourceAddressCount = 1;
    QVERIFY(target.sourceAddressFor(5).isNull());
}

void tst_SimTarget::loopbackTargets_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("loopback");
    QTest::addRow("127.0.0.1") << "ws://127.0.0.1:8080/" << true;
    QTest::addRow("127.1.2.3") << "http://127.1.2.3:80/" << true;
    QTest::addRow("localhost (a name, not an address)") << "ws://localhost:8080/" << false;
    QTest::addRow("::1 (one address only)") << "ws://[::1]:8080/" << false;
    QTest::addRow("remote") << "ws://192.0.2.7:8080/" << false;
}

void tst_SimTarget::loopbackTargets()
{
    QFETCH(QString, url);
    QFETCH(bool, loopback);
    QString error;
    const SimTarget target = SimTarget::fromUrl(QUrl(url), &error);
    QVERIFY2(target.isValid(), qPrintable(error));
    QCOMPARE(target.isIpv4Loopback(), loopback);
}

void tst_SimTarget::ephemeralPortRangeIsRead()
{
    // Whatever the machine says, it is a plausible range size (Linux allows at most 1024-65535).
    const int ports = SimTarget::ephemeralPortCount();
    QVERIFY2(ports >= 1 && ports <= 65535, qPrintable(QString::number(ports)));
}

void tst_SimTarget::urlsKeepTheQueriesWritten_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QByteArray>("expected");
    // A group path with a query: the query is the user's, and channel= follows it. Before, the
    // '?' was encoded into the path ("/%3Froom=lobby?channel=lobby").
    QTest::addRow("path with a query") << "ws://127.0.0.1:9000/" << "/?room=lobby" << ""
                                       << QByteArray("ws://127.0.0.1:9000/?room=lobby&channel=lobby");
    // The target URL's own query is kept too (it was dropped).
    QTest::addRow("target with a query") << "ws://127.0.0.1:9000/socket?tenant=a%20b" << "" << ""
                                         << QByteArray("ws://127.0.0.1:9000/socket?tenant=a%20b&channel=lobby");
    QTest::addRow("both, and a token") << "ws://127.0.0.1:9000/?v=2" << "/live?room=x" << "t&1"
                                       << QByteArray("ws://127.0.0.1:9000/live?v=2&room=x&channel=lobby&token=t%261");
}

void tst_SimTarget::urlsKeepTheQueriesWritten()
{
    QFETCH(QString, target);
    QFETCH(QString, path);
    QFETCH(QString, token);
    QFETCH(QByteArray, expected);
    QString error;
    SimTarget simTarget = SimTarget::fromUrl(QUrl(target), &error);
    QVERIFY2(simTarget.isValid(), qPrintable(error));
    simTarget.token = token;
    scenario::Group group;
    group.path = path;
    QCOMPARE(simTarget.urlFor(group, QStringLiteral("lobby")).toEncoded(), expected);
}

QTEST_GUILESS_MAIN(tst_SimTarget)
#include "tst_simtarget.moc"
