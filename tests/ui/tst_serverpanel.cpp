#include "panels/serverpanel.h"
#include "scenario/scenarioloader.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"
#include "session/runsession.h"
#include "staging/privatebroker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <QWebSocket>

#include <memory>
#include <vector>

#include <csignal>

using namespace std::chrono_literals;

// The server panel against a real embedded server and real clients.
class tst_ServerPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void applyRestartsOnTheSamePortWithTheNewSettings();
    void warnsWhenExposedWithoutAToken();
    void invalidFieldsAreShownAndCannotBeApplied();
    void liveCountsByProtocol();
    void stopStartAndRestart();
    void settingsAreLockedDuringARun();
    void tokenIsHiddenUntilShown();
    void fieldsFollowSettingsAppliedByARun();
    void brokerIsAppliedAndItsStateShown();
    void jwtIsChosenWithItsKey();

private:
    template<typename T>
    T *child(const char *name)
    {
        T *widget = m_panel->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qWarning("no %s", name);
        return widget;
    }
    QUrl wsUrl(const QString &query = {}) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws%2").arg(m_host->port()).arg(query));
    }

    std::unique_ptr<EmbeddedServerHost> m_host;
    std::unique_ptr<RunSession> m_session;
    std::unique_ptr<ServerPanel> m_panel;
};

void tst_ServerPanel::init()
{
    qRegisterMetaType<Server *>();
    m_host = std::make_unique<EmbeddedServerHost>();
    ServerConfig config;
    config.port = 0;
    config.workers = 2;
    QVERIFY(m_host->start(config));
    m_session = std::make_unique<RunSession>(*m_host);
    m_panel = std::make_unique<ServerPanel>(*m_host, m_session.get());
    m_panel->resize(480, 760);
    m_panel->show();
}

void tst_ServerPanel::cleanup()
{
    m_panel.reset();
    m_session.reset();
    m_host.reset();
}

void tst_ServerPanel::applyRestartsOnTheSamePortWithTheNewSettings()
{
    const quint16 port = m_host->port();
    QVERIFY(port != 0);
    auto *apply = child<QPushButton>("serverApply");
    auto *replay = child<QSpinBox>("serverReplay");
    auto *token = child<QLineEdit>("serverToken");
    auto *perUser = child<QSpinBox>("serverMaxPerUser");
    QVERIFY(apply && replay && token && perUser);
    QCOMPARE(perUser->value(), 5);
    QVERIFY(!apply->isEnabled()); // nothing changed yet
    QCOMPARE(child<QSpinBox>("serverPort")->value(), int(port));

    // A client connected before Apply sees the restart.
    QWebSocket before;
    QSignalSpy beforeConnected(&before, &QWebSocket::connected);
    before.open(wsUrl());
    QVERIFY(beforeConnected.wait());

    QSignalSpy changed(m_host.get(), &EmbeddedServerHost::serverChanged);
    QSignalSpy applied(m_panel.get(), &ServerPanel::configApplied);
    replay->setValue(50);
    token->setText(QStringLiteral("s3cret"));
    perUser->setValue(2);
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    QVERIFY(changed.size() >= 1);
    QCOMPARE(m_host->port(), port);
    QVERIFY(m_host->isRunning());
    QCOMPARE(m_host->server()->config().replaySize, 50);
    QCOMPARE(m_host->server()->config().token, QStringLiteral("s3cret"));
    QCOMPARE(m_host->server()->config().workers, 2);
    QCOMPARE(m_host->server()->config().maxConnectionsPerUser, 2);
    QVERIFY(!apply->isEnabled());
    QTRY_COMPARE(before.state(), QAbstractSocket::UnconnectedState);

    // Without the token a client is now refused (4001); with it, it gets in.
    QWebSocket anonymous;
    QSignalSpy anonymousClosed(&anonymous, &QWebSocket::disconnected);
    anonymous.open(wsUrl());
    QVERIFY(anonymousClosed.wait());
    QCOMPARE(int(anonymous.closeCode()), 4001);
    QWebSocket member;
    QSignalSpy memberConnected(&member, &QWebSocket::connected);
    member.open(wsUrl(QStringLiteral("?token=s3cret")));
    QVERIFY(memberConnected.wait());
    QTRY_COMPARE(child<QLabel>("serverWebSocketCount")->text(), QStringLiteral("1"));
}

void tst_ServerPanel::warnsWhenExposedWithoutAToken()
{
    auto *warning = child<QLabel>("serverWarning");
    auto *address = child<QComboBox>("serverAddress");
    auto *token = child<QLineEdit>("serverToken");
    QVERIFY(warning && address && token);
    QVERIFY(!warning->isVisibleTo(m_panel.get()));
    address->setCurrentText(QStringLiteral("0.0.0.0"));
    QVERIFY(warning->isVisibleTo(m_panel.get()));
    QVERIFY(m_panel->isExposedWithoutToken());
    QVERIFY(warning->text().contains(QLatin1String("token")));
    token->setText(QStringLiteral("t"));
    QVERIFY(!warning->isVisibleTo(m_panel.get()));
    token->clear();
    QVERIFY(warning->isVisibleTo(m_panel.get()));
    address->setCurrentText(QStringLiteral("::1"));
    QVERIFY(!warning->isVisibleTo(m_panel.get()));
    // Settings restored by the window count too.
    ServerConfig exposed = m_host->config();
    exposed.address = QHostAddress(QStringLiteral("192.168.1.20"));
    m_panel->setConfig(exposed);
    QVERIFY(warning->isVisibleTo(m_panel.get()));
    QCOMPARE(m_panel->config().address, QHostAddress(QStringLiteral("192.168.1.20")));
}

void tst_ServerPanel::invalidFieldsAreShownAndCannotBeApplied()
{
    auto *error = child<QLabel>("serverError");
    auto *apply = child<QPushButton>("serverApply");
    auto *address = child<QComboBox>("serverAddress");
    QVERIFY(!error->isVisibleTo(m_panel.get()));
    address->setCurrentText(QStringLiteral("my laptop"));
    QVERIFY(error->isVisibleTo(m_panel.get()));
    QVERIFY2(error->text().contains(QLatin1String("my laptop")), qPrintable(error->text()));
    QVERIFY(!apply->isEnabled());
    QVERIFY(!m_panel->apply());
    address->setCurrentText(QStringLiteral("127.0.0.1"));
    QVERIFY(!error->isVisibleTo(m_panel.get()));
    auto *origins = child<QLineEdit>("serverOrigins");
    origins->setText(QStringLiteral("http://localhost:3000, https://app.example.com:8443 app.example.com"));
    QVERIFY(error->isVisibleTo(m_panel.get()));
    QVERIFY2(error->text().contains(QLatin1String("\"app.example.com\"")), qPrintable(error->text()));
    QVERIFY(!apply->isEnabled());
    origins->setText(QStringLiteral("http://localhost:3000, https://app.example.com:8443"));
    QVERIFY(!error->isVisibleTo(m_panel.get()));
    QCOMPARE(m_panel->config().allowedOrigins, QStringList({QStringLiteral("http://localhost:3000"), QStringLiteral("https://app.example.com:8443")}));
    origins->clear();

    // ServerConfig::validate() speaks for the rest.
    child<QCheckBox>("serverWebSocket")->setChecked(false);
    child<QCheckBox>("serverSse")->setChecked(false);
    child<QCheckBox>("serverPoll")->setChecked(false);
    QVERIFY(error->isVisibleTo(m_panel.get()));
    QVERIFY2(error->text().contains(QLatin1String("protocol")), qPrintable(error->text()));
    QVERIFY(!apply->isEnabled());
    child<QCheckBox>("serverSse")->setChecked(true);
    QVERIFY(!error->isVisibleTo(m_panel.get()));
    QVERIFY(apply->isEnabled());

    // A start failure is shown too: another server holds the port we ask for.
    ServerConfig busy;
    busy.port = 0;
    Server blocker(busy);
    QVERIFY(blocker.start());
    child<QSpinBox>("serverPort")->setValue(blocker.port());
    QVERIFY(!m_panel->apply());
    QVERIFY(error->isVisibleTo(m_panel.get()));
    QVERIFY(m_host->isRunning()); // the old settings run again
    blocker.stopAndWait(3s);
}

void tst_ServerPanel::liveCountsByProtocol()
{
    auto *ws = child<QLabel>("serverWebSocketCount");
    auto *sse = child<QLabel>("serverSseCount");
    auto *messages = child<QLabel>("serverMessages");
    QTRY_COMPARE(ws->text(), QStringLiteral("0"));
    std::vector<std::unique_ptr<QWebSocket>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<QWebSocket>());
        clients.back()->open(wsUrl());
    }
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> stream(network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_host->port())))));
    QTRY_COMPARE(ws->text(), QStringLiteral("3"));
    QTRY_COMPARE(sse->text(), QStringLiteral("1"));
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/publish").arg(m_host->port())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    std::unique_ptr<QNetworkReply> publish(network.post(request, QByteArray(R"({"channel":"general","type":"t","payload":{}})")));
    QTRY_VERIFY2(messages->text().contains(QLatin1String("published 1,")), qPrintable(messages->text()));
    clients.pop_back();
    QTRY_COMPARE(ws->text(), QStringLiteral("2"));
    stream->abort();
    QTRY_COMPARE(sse->text(), QStringLiteral("0"));
}

void tst_ServerPanel::stopStartAndRestart()
{
    auto *start = child<QPushButton>("serverStart");
    auto *stop = child<QPushButton>("serverStop");
    auto *restart = child<QPushButton>("serverRestart");
    auto *status = child<QLabel>("serverStatus");
    const quint16 port = m_host->port();
    QVERIFY(!start->isEnabled());
    QVERIFY(status->text().contains(QString::number(port)));
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(!m_host->isRunning());
    QCOMPARE(status->text(), QStringLiteral("Stopped"));
    QVERIFY(start->isEnabled());
    QVERIFY(!stop->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(m_host->isRunning());
    QCOMPARE(m_host->port(), port);

    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(wsUrl());
    QVERIFY(connected.wait());
    QSignalSpy changed(m_host.get(), &EmbeddedServerHost::serverChanged);
    QTest::mouseClick(restart, Qt::LeftButton);
    QVERIFY(changed.size() >= 1);
    QCOMPARE(m_host->port(), port);
    QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(int(client.closeCode()), 1001);
}

void tst_ServerPanel::settingsAreLockedDuringARun()
{
    auto *apply = child<QPushButton>("serverApply");
    auto *stop = child<QPushButton>("serverStop");
    auto *restart = child<QPushButton>("serverRestart");
    auto *lock = child<QLabel>("serverRunLock");
    child<QSpinBox>("serverReplay")->setValue(77);
    QVERIFY(apply->isEnabled());
    const scenario::LoadResult loaded = scenario::ScenarioLoader::loadJson(R"({
        "name": "lock", "workers": 1,
        "groups": [ { "protocol": "ws", "clients": 2, "phases": { "hold": "30s" } } ]
    })", QStringLiteral("lock.json"));
    QVERIFY2(loaded.isOk(), qPrintable(loaded.errorText()));
    QVERIFY(m_session->start(std::make_shared<const scenario::Scenario>(*loaded.scenario)));
    QTRY_VERIFY(m_session->isRunning());
    QVERIFY(!apply->isEnabled());
    QVERIFY(!stop->isEnabled());
    QVERIFY(!restart->isEnabled());
    QVERIFY(lock->isVisibleTo(m_panel.get()));
    Server *during = m_host->server();
    QVERIFY(!m_panel->apply());
    QCOMPARE(m_host->server(), during);

    QSignalSpy finished(m_session.get(), &RunSession::finished);
    m_session->stop();
    QVERIFY(finished.wait(10000));
    QTRY_VERIFY(apply->isEnabled());
    QVERIFY(!lock->isVisibleTo(m_panel.get()));
    QVERIFY(stop->isEnabled());
}

void tst_ServerPanel::tokenIsHiddenUntilShown()
{
    auto *token = child<QLineEdit>("serverToken");
    auto *show = child<QToolButton>("serverShowToken");
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    show->click();
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    show->click();
    QCOMPARE(token->echoMode(), QLineEdit::Password);
}

void tst_ServerPanel::fieldsFollowSettingsAppliedByARun()
{
    auto *replay = child<QSpinBox>("serverReplay");
    auto *apply = child<QPushButton>("serverApply");
    const quint16 port = m_host->port();
    QCOMPARE(replay->value(), 1000);
    const scenario::LoadResult loaded = scenario::ScenarioLoader::loadJson(R"({
        "name": "replay", "workers": 1, "server": { "replay": 5 },
        "groups": [ { "protocol": "ws", "clients": 1, "phases": { "hold": "30s" } } ]
    })", QStringLiteral("replay.json"));
    QVERIFY2(loaded.isOk(), qPrintable(loaded.errorText()));
    QVERIFY(m_session->start(std::make_shared<const scenario::Scenario>(*loaded.scenario)));
    QCOMPARE(m_host->config().replaySize, 5);
    QCOMPARE(m_host->port(), port);
    QCOMPARE(replay->value(), 5);
    QSignalSpy finished(m_session.get(), &RunSession::finished);
    m_session->stop();
    QVERIFY(finished.wait(10000));
    QTRY_VERIFY(!m_session->isRunning());
    // Nothing to apply: the fields are what runs.
    QVERIFY(!apply->isEnabled());
}

void tst_ServerPanel::brokerIsAppliedAndItsStateShown()
{
    // The Broker field joins the window's server to other instances through a real Redis; the
    // panel says how the broker is doing (docs/server.md, "Several instances").
    PrivateBroker redis;
    QVERIFY2(redis.start(PrivateBroker::Kind::Redis) && redis.waitForReady(20s), qPrintable(redis.errorString()));
    auto *broker = child<QLineEdit>("serverBroker");
    auto *apply = child<QPushButton>("serverApply");
    QVERIFY(broker && apply);
    broker->setText(QStringLiteral("kafka://nowhere:1"));
    QVERIFY(!apply->isEnabled()); // not a broker URL: named, not applied
    broker->setText(redis.url());
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(m_host->server()->config().broker, redis.url());
    auto *messages = child<QLabel>("serverMessages");
    QVERIFY(messages);
    QTRY_VERIFY_WITH_TIMEOUT(messages->text().contains(QStringLiteral("Broker %1: up").arg(redis.url())), 10000);
    ::kill(pid_t(redis.pid()), SIGSTOP);
    QTRY_VERIFY_WITH_TIMEOUT(messages->text().contains(QStringLiteral("not answering")), 10000);
    ::kill(pid_t(redis.pid()), SIGCONT);
    QTRY_VERIFY_WITH_TIMEOUT(messages->text().contains(QStringLiteral(": up")), 10000);
}

void tst_ServerPanel::jwtIsChosenWithItsKey()
{
    auto *algorithm = child<QComboBox>("serverJwtAlgorithm");
    auto *key = child<QLineEdit>("serverJwtKey");
    auto *apply = child<QPushButton>("serverApply");
    auto *error = child<QLabel>("serverError");
    QVERIFY(algorithm && key && apply && error);
    QVERIFY(!key->isEnabled());
    algorithm->setCurrentText(QStringLiteral("HS256"));
    QVERIFY(key->isEnabled());
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    // No secret yet: said, and cannot be applied.
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("secret")), qPrintable(error->text()));
    QVERIFY(!apply->isEnabled());
    key->setText(QStringLiteral("a shared secret"));
    QVERIFY(!error->isVisible());
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(m_host->isRunning());
    QCOMPARE(m_host->server()->config().jwtAlgorithm, QStringLiteral("HS256"));
    QCOMPARE(m_host->server()->config().jwtSecret, QByteArray("a shared secret"));
    // A WebSocket without a token is now refused with the JWT reason.
    QWebSocket anonymous;
    QSignalSpy closed(&anonymous, &QWebSocket::disconnected);
    anonymous.open(wsUrl());
    QVERIFY(closed.wait());
    QCOMPARE(int(anonymous.closeCode()), 4001);
    QCOMPARE(anonymous.closeReason(), QStringLiteral("token required: pass ?token= or Authorization: Bearer"));

    algorithm->setCurrentText(QStringLiteral("RS256"));
    QCOMPARE(key->echoMode(), QLineEdit::Normal);
    QVERIFY2(key->placeholderText().contains(QLatin1String("public key file")), qPrintable(key->placeholderText()));
}

QTEST_MAIN(tst_ServerPanel)
#include "tst_serverpanel.moc"
