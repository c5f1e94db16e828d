#include "session/serverconfigsettings.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace std::chrono_literals;

// The embedded server's settings survive a restart of the window, and a hand-broken settings
// file never stops it from starting: the broken value is named and its default kept.
class tst_ServerConfigSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void roundTripsEverySavedOption();
    void brokenValuesKeepTheirDefaultAndAreNamed();
    void settingsThatDoNotFitTogetherFallBackToDefaults();
};

void tst_ServerConfigSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_serverconfigsettings"));
}

void tst_ServerConfigSettings::roundTripsEverySavedOption()
{
    ServerConfig config;
    config.address = QHostAddress(QStringLiteral("0.0.0.0"));
    config.port = 9123;
    config.workers = 3;
    config.sseEnabled = false;
    config.token = QStringLiteral("t0ken");
    config.allowedOrigins = {QStringLiteral("https://a.example"), QStringLiteral("https://b.example")};
    config.maxMessageBytes = 4096;
    config.maxConnectionsPerAddress = 7;
    config.maxConnectionsPerUser = 3;
    config.messagesPerSecond = 12.5;
    config.messageBurst = 40;
    config.slowConsumerBytes = 65536;
    config.replaySize = 55;
    config.pingInterval = 7s;
    config.sseHeartbeat = 3s;
    {
        QSettings settings;
        ServerConfigSettings::save(settings, config);
    }
    QSettings settings;
    QStringList problems;
    const ServerConfig loaded = ServerConfigSettings::load(settings, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(loaded.address, config.address);
    QCOMPARE(loaded.port, config.port);
    QCOMPARE(loaded.workers, 3);
    QCOMPARE(loaded.webSocketEnabled, true);
    QCOMPARE(loaded.sseEnabled, false);
    QCOMPARE(loaded.token, config.token);
    QCOMPARE(loaded.allowedOrigins, config.allowedOrigins);
    QCOMPARE(loaded.maxMessageBytes, 4096);
    QCOMPARE(loaded.maxConnectionsPerAddress, 7);
    QCOMPARE(loaded.maxConnectionsPerUser, 3);
    QCOMPARE(loaded.messagesPerSecond, 12.5);
    QCOMPARE(loaded.messageBurst, 40.0);
    QCOMPARE(loaded.slowConsumerBytes, 65536);
    QCOMPARE(loaded.replaySize, 55);
    QCOMPARE(loaded.pingInterval, 7000ms);
    QCOMPARE(loaded.sseHeartbeat, 3000ms);
}

void tst_ServerConfigSettings::brokenValuesKeepTheirDefaultAndAreNamed()
{
    QSettings settings;
    settings.setValue(QStringLiteral("server/replaySize"), QStringLiteral("lots"));
    settings.setValue(QStringLiteral("server/address"), QStringLiteral("not-an-address"));
    settings.setValue(QStringLiteral("server/sse"), QStringLiteral("maybe"));
    settings.setValue(QStringLiteral("server/workers"), 2);
    QStringList problems;
    const ServerConfig loaded = ServerConfigSettings::load(settings, &problems);
    QCOMPARE(problems.size(), 3);
    QVERIFY(problems.join(u'\n').contains(QStringLiteral("server/replaySize")));
    QVERIFY(problems.join(u'\n').contains(QStringLiteral("\"lots\"")));
    QVERIFY(problems.join(u'\n').contains(QStringLiteral("server/address")));
    QVERIFY(problems.join(u'\n').contains(QStringLiteral("server/sse")));
    const ServerConfig defaults;
    QCOMPARE(loaded.replaySize, defaults.replaySize);
    QCOMPARE(loaded.address, defaults.address);
    QCOMPARE(loaded.sseEnabled, true);
    QCOMPARE(loaded.workers, 2); // the good value is still taken
}

void tst_ServerConfigSettings::settingsThatDoNotFitTogetherFallBackToDefaults()
{
    QSettings settings;
    settings.setValue(QStringLiteral("server/maxMessageBytes"), 3); // below the 64-byte minimum
    QStringList problems;
    const ServerConfig loaded = ServerConfigSettings::load(settings, &problems);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QStringLiteral("message size")), qPrintable(problems.first()));
    QCOMPARE(loaded.maxMessageBytes, ServerConfig().maxMessageBytes);
}

QTEST_MAIN(tst_ServerConfigSettings)
#include "tst_serverconfigsettings.moc"
