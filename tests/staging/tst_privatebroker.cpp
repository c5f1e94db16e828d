#include "stagingsupport.h"

#include "staging/privatebroker.h"

#include <QFile>
#include <QHostAddress>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

using namespace std::chrono_literals;
using namespace StagingSupport;

Q_DECLARE_METATYPE(PrivateBroker::Kind)

namespace {

// Brokers start in well under a second on an idle machine; these bounds are for a busy one.
constexpr auto startTimeout = 60s;

// The process is stopped (SIGSTOP): state 'T' in /proc/PID/stat.
bool isStopped(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = file.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.size() > close + 2 && text.at(close + 2) == 'T';
}

// A client that speaks just enough of each protocol to get a ping answered.
class PingClient : public QObject
{
public:
    PingClient(PrivateBroker::Kind kind, quint16 port)
        : m_kind(kind)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    // NATS greets with INFO and expects CONNECT before anything else.
    bool handshake()
    {
        if (!socket.waitForConnected(5000))
            return false;
        if (m_kind == PrivateBroker::Kind::Nats) {
            if (!QTest::qWaitFor([this] { return received.contains("\r\n"); }, 10000))
                return false;
            received.clear();
            socket.write("CONNECT {\"verbose\":false,\"pedantic\":false}\r\n");
        }
        return true;
    }
    void ping() { socket.write("PING\r\n"); }
    bool gotPong() const { return received.contains(m_kind == PrivateBroker::Kind::Redis ? "+PONG" : "PONG"); }

    QTcpSocket socket;
    QByteArray received;

private:
    PrivateBroker::Kind m_kind;
};

} // namespace

class TestPrivateBroker : public QObject
{
    Q_OBJECT

private slots:
    void startsAndAnswers_data();
    void startsAndAnswers();
    void redisKeepsWhatIsSet();
    void pauseHoldsAnswersBack_data();
    void pauseHoldsAnswersBack();
    void killAndRestartOnTheSamePort_data();
    void killAndRestartOnTheSamePort();
    void restartWaitsForItsPort();
    void missingExecutableNamesThePackage_data();
    void missingExecutableNamesThePackage();

private:
    void addKinds();
};

void TestPrivateBroker::addKinds()
{
    QTest::addColumn<PrivateBroker::Kind>("kind");
    QTest::addRow("redis") << PrivateBroker::Kind::Redis;
    QTest::addRow("nats") << PrivateBroker::Kind::Nats;
}

void TestPrivateBroker::startsAndAnswers_data()
{
    addKinds();
}

void TestPrivateBroker::startsAndAnswers()
{
    QFETCH(PrivateBroker::Kind, kind);
    STAGING_REQUIRE_PROGRAM(PrivateBroker::programName(kind));
    PrivateBroker broker;
    QSignalSpy ready(&broker, &PrivateBroker::ready);
    QVERIFY2(broker.start(kind), qPrintable(broker.errorString()));
    QVERIFY2(broker.waitForReady(startTimeout), qPrintable(broker.errorString()));
    QCOMPARE(ready.count(), 1);
    QVERIFY(broker.pid() > 0);

    const QUrl url(broker.url());
    QCOMPARE(url.scheme(), kind == PrivateBroker::Kind::Redis ? QStringLiteral("redis") : QStringLiteral("nats"));
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(url.port(), int(broker.port()));

    // The URL is what a client gets: it connects there and is answered.
    PingClient client(kind, quint16(url.port()));
    QVERIFY(client.handshake());
    client.ping();
    QTRY_VERIFY_WITH_TIMEOUT(client.gotPong(), 10000);

    broker.stop();
    QVERIFY(!broker.isRunning());
    QVERIFY(redisCommand(quint16(url.port()), "PING", 1000).isEmpty());
}

void TestPrivateBroker::redisKeepsWhatIsSet()
{
    STAGING_REQUIRE_PROGRAM(QStringLiteral("redis-server"));
    PrivateBroker broker;
    QVERIFY2(broker.start(PrivateBroker::Kind::Redis), qPrintable(broker.errorString()));
    QVERIFY2(broker.waitForReady(startTimeout), qPrintable(broker.errorString()));
    QCOMPARE(redisCommand(broker.port(), "SET staging:greeting hello"), QByteArray("+OK"));
    QCOMPARE(redisGet(broker.port(), "staging:greeting"), QByteArray("hello"));
}

void TestPrivateBroker::pauseHoldsAnswersBack_data()
{
    addKinds();
}

void TestPrivateBroker::pauseHoldsAnswersBack()
{
    QFETCH(PrivateBroker::Kind, kind);
    STAGING_REQUIRE_PROGRAM(PrivateBroker::programName(kind));
    PrivateBroker broker;
    QVERIFY2(broker.start(kind), qPrintable(broker.errorString()));
    QVERIFY2(broker.waitForReady(startTimeout), qPrintable(broker.errorString()));
    PingClient client(kind, broker.port());
    QVERIFY(client.handshake());
    client.ping();
    QTRY_VERIFY_WITH_TIMEOUT(client.gotPong(), 10000);
    client.received.clear();

    QSignalSpy paused(&broker, &PrivateBroker::paused);
    QSignalSpy resumed(&broker, &PrivateBroker::resumed);
    // What the client had received when the broker was let go: a stopped process answers
    // nothing, however slow this machine is.
    QByteArray receivedWhilePaused = "<not resumed>";
    connect(&broker, &PrivateBroker::resumed, this, [&] { receivedWhilePaused = client.received; });
    QVERIFY(broker.pause(1500ms));
    QCOMPARE(paused.count(), 1);
    QVERIFY(broker.isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(isStopped(broker.pid()), 5000);
    client.ping();

    QVERIFY(resumed.wait(30000));
    QCOMPARE(receivedWhilePaused, QByteArray());
    QVERIFY(!broker.isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(client.gotPong(), 10000);
    QVERIFY(broker.isReady());
}

void TestPrivateBroker::killAndRestartOnTheSamePort_data()
{
    addKinds();
}

void TestPrivateBroker::killAndRestartOnTheSamePort()
{
    QFETCH(PrivateBroker::Kind, kind);
    STAGING_REQUIRE_PROGRAM(PrivateBroker::programName(kind));
    PrivateBroker broker;
    QVERIFY2(broker.start(kind), qPrintable(broker.errorString()));
    QVERIFY2(broker.waitForReady(startTimeout), qPrintable(broker.errorString()));
    const quint16 port = broker.port();
    const qint64 firstPid = broker.pid();
    if (kind == PrivateBroker::Kind::Redis)
        QCOMPARE(redisCommand(port, "SET staging:before-kill 1"), QByteArray("+OK"));

    QSignalSpy errors(&broker, &PrivateBroker::errorOccurred);
    broker.kill();
    QVERIFY(!broker.isRunning());
    QVERIFY(isGone(firstPid));
    QVERIFY(!broker.isReady());
    QCOMPARE(errors.count(), 0); // asked for, so not an error

    QVERIFY2(broker.restart(), qPrintable(broker.errorString()));
    QVERIFY2(broker.waitForReady(startTimeout), qPrintable(broker.errorString()));
    QCOMPARE(broker.port(), port);
    QVERIFY(broker.pid() != firstPid);
    PingClient client(kind, port);
    QVERIFY(client.handshake());
    client.ping();
    QTRY_VERIFY_WITH_TIMEOUT(client.gotPong(), 10000);
    // Documented: Redis runs without persistence, a restarted one is empty.
    if (kind == PrivateBroker::Kind::Redis)
        QCOMPARE(redisGet(port, "staging:before-kill"), QByteArray(""));
}

void TestPrivateBroker::restartWaitsForItsPort()
{
    STAGING_REQUIRE_PROGRAM(QStringLiteral("redis-server"));
    PrivateBroker broker;
    QVERIFY2(broker.start(PrivateBroker::Kind::Redis), qPrintable(broker.errorString()));
    QVERIFY2(broker.waitForReady(startTimeout), qPrintable(broker.errorString()));
    const quint16 port = broker.port();
    broker.kill();

    // The port is taken when the broker comes back: it keeps trying the same port.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
    QSignalSpy ready(&broker, &PrivateBroker::ready);
    QSignalSpy errors(&broker, &PrivateBroker::errorOccurred);
    QVERIFY2(broker.restart(), qPrintable(broker.errorString()));
    QSet<qint64> attempts;
    const auto attempted = [&] {
        if (const qint64 pid = broker.pid(); pid > 0)
            attempts.insert(pid);
        return attempts.size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(attempted() >= 2, 30000);
    QCOMPARE(ready.count(), 0);
    QVERIFY2(errors.isEmpty(), qPrintable(broker.errorString()));
    squatter.close();

    QVERIFY2(broker.waitForReady(startTimeout), qPrintable(broker.errorString()));
    QCOMPARE(broker.port(), port);
    QCOMPARE(redisCommand(port, "PING"), QByteArray("+PONG"));
}

void TestPrivateBroker::missingExecutableNamesThePackage_data()
{
    addKinds();
}

void TestPrivateBroker::missingExecutableNamesThePackage()
{
    QFETCH(PrivateBroker::Kind, kind);
    PrivateBroker broker;
    const QString name = PrivateBroker::programName(kind);
    broker.setExecutable(QStringLiteral("/nonexistent/") + name);
    QSignalSpy errors(&broker, &PrivateBroker::errorOccurred);
    QVERIFY(!broker.start(kind));
    QVERIFY2(broker.errorString().startsWith(QStringLiteral("%1 is not installed: apt-get install %1").arg(name)),
             qPrintable(broker.errorString()));
    QVERIFY(!broker.isRunning());
    QVERIFY(!broker.waitForReady(1s));
    QCOMPARE(errors.count(), 0); // the failure is start()'s answer, not a later signal
}

QTEST_GUILESS_MAIN(TestPrivateBroker)
#include "tst_privatebroker.moc"
