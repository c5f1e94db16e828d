#include "panels/faultpanel.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"
#include "server/faultstate.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"
#include "session/runsession.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpSocket>
#include <QTest>
#include <QToolButton>
#include <QWebSocket>

#include <memory>
#include <vector>

using namespace std::chrono_literals;

// Each fault button causes its fault on the real embedded server at once, with real clients.
class tst_FaultPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void dropHalfClosesAboutHalf();
    void restartClosesAllWith1001AndListensAgain();
    void refuseForSecondsRefusesThenAccepts();
    void lastingFaultsToggleAndFollowTheServer();
    void restartDuringARunShowsAsChurnAndAMarker();
    void actionsFollowTheServer();

private:
    template<typename T>
    T *child(const char *name)
    {
        T *widget = m_panel->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qWarning("no %s", name);
        return widget;
    }
    QUrl wsUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_host->port())); }
    // Opens `count` WebSockets and waits until all are connected.
    bool connectClients(int count);
    int disconnectedClients() const;

    std::unique_ptr<EmbeddedServerHost> m_host;
    std::unique_ptr<RunSession> m_session;
    std::unique_ptr<FaultPanel> m_panel;
    std::vector<std::unique_ptr<QWebSocket>> m_clients;
};

void tst_FaultPanel::init()
{
    m_host = std::make_unique<EmbeddedServerHost>();
    ServerConfig config;
    config.port = 0;
    config.workers = 2;
    QVERIFY(m_host->start(config));
    m_session = std::make_unique<RunSession>(*m_host);
    m_panel = std::make_unique<FaultPanel>(*m_host, m_session.get());
    m_panel->show();
}

void tst_FaultPanel::cleanup()
{
    m_clients.clear();
    m_panel.reset();
    m_session.reset();
    m_host.reset();
}

bool tst_FaultPanel::connectClients(int count)
{
    int connected = 0;
    for (int i = 0; i < count; ++i) {
        m_clients.push_back(std::make_unique<QWebSocket>());
        connect(m_clients.back().get(), &QWebSocket::connected, this, [&connected] { ++connected; });
        m_clients.back()->open(wsUrl());
    }
    QDeadlineTimer deadline(10s);
    while (connected < count && !deadline.hasExpired())
        QTest::qWait(10);
    for (auto &client : m_clients)
        disconnect(client.get(), &QWebSocket::connected, this, nullptr);
    return connected == count;
}

int tst_FaultPanel::disconnectedClients() const
{
    int count = 0;
    for (const auto &client : m_clients)
        count += client->state() == QAbstractSocket::UnconnectedState;
    return count;
}

void tst_FaultPanel::dropHalfClosesAboutHalf()
{
    QVERIFY(connectClients(20));
    QTRY_COMPARE(m_host->server()->stats().openWebSocket, qint64(20));
    auto *percent = child<QSpinBox>("faultDropPercent");
    auto *button = child<QToolButton>("faultDropConnections");
    QVERIFY(percent && button);
    QCOMPARE(percent->value(), 50);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(disconnectedClients() > 0);
    // Settled when the server and the clients agree on who is left.
    QTRY_COMPARE(m_host->server()->stats().openWebSocket, qint64(20 - disconnectedClients()));
    const int dropped = disconnectedClients();
    qInfo("dropped %d of 20", dropped);
    // Each connection is dropped with probability 1/2: 3..17 of 20 fails once in ~4,500 runs.
    QVERIFY2(dropped >= 3 && dropped <= 17, qPrintable(QString::number(dropped)));

    // 100% drops the rest.
    percent->setValue(100);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(disconnectedClients(), 20);
    QTRY_COMPARE(m_host->server()->stats().openWebSocket, qint64(0));
}

void tst_FaultPanel::restartClosesAllWith1001AndListensAgain()
{
    QVERIFY(connectClients(5));
    Server *server = m_host->server();
    QSignalSpy restarted(server, &Server::restarted);
    child<QDoubleSpinBox>("faultRestartDowntime")->setValue(0.5);
    QTest::mouseClick(child<QToolButton>("faultRestart"), Qt::LeftButton);
    QTRY_COMPARE(disconnectedClients(), 5);
    for (const auto &client : m_clients)
        QCOMPARE(int(client->closeCode()), 1001);
    QVERIFY(!server->isListening());
    m_panel->refresh();
    QVERIFY2(child<QLabel>("faultStatus")->text().contains(QLatin1String("restarting")), qPrintable(child<QLabel>("faultStatus")->text()));
    QVERIFY(restarted.wait(5000));
    QVERIFY(server->isListening());
    QCOMPARE(m_host->server(), server); // the same server object, only restarted
    // The clients can come back: churn.
    m_clients.clear();
    QVERIFY(connectClients(5));
}

void tst_FaultPanel::refuseForSecondsRefusesThenAccepts()
{
    Server *server = m_host->server();
    child<QDoubleSpinBox>("faultRefuseSeconds")->setValue(1.0);
    QTest::mouseClick(child<QToolButton>("faultRefuse"), Qt::LeftButton);
    QVERIFY(server->isRefusing());
    m_panel->refresh();
    QVERIFY(child<QLabel>("faultStatus")->text().contains(QLatin1String("refusing")));

    QTcpSocket refused;
    QSignalSpy errors(&refused, &QAbstractSocket::errorOccurred);
    refused.connectToHost(QHostAddress::LocalHost, m_host->port());
    QVERIFY(errors.wait(5000));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);

    QTRY_VERIFY_WITH_TIMEOUT(!server->isRefusing(), 5000);
    QTRY_VERIFY(server->isListening());
    QVERIFY(connectClients(1));
    m_panel->refresh();
    QCOMPARE(child<QLabel>("faultStatus")->text(), QStringLiteral("No faults active"));
}

void tst_FaultPanel::lastingFaultsToggleAndFollowTheServer()
{
    FaultState *faults = m_host->server()->faults();
    QAction *latency = m_panel->latencyAction();
    QVERIFY(latency->isCheckable());
    child<QSpinBox>("faultLatency")->setValue(120);
    child<QSpinBox>("faultJitter")->setValue(30);
    latency->trigger();
    QVERIFY(latency->isChecked());
    QCOMPARE(faults->addedLatency(), 120ms);
    QCOMPARE(faults->latencyJitter(), 30ms);
    // Changing the value while on applies at once.
    child<QSpinBox>("faultLatency")->setValue(300);
    QCOMPARE(faults->addedLatency(), 300ms);
    latency->trigger();
    QVERIFY(!faults->hasAddedLatency());

    child<QSpinBox>("faultMessageDropPercent")->setValue(25);
    QTest::mouseClick(child<QToolButton>("faultDropMessages"), Qt::LeftButton);
    QCOMPARE(faults->messageDropRate(), 0.25);
    QVERIFY(child<QLabel>("faultStatus")->text().contains(QLatin1String("25%")));
    QTest::mouseClick(child<QToolButton>("faultDropMessages"), Qt::LeftButton);
    QCOMPARE(faults->messageDropRate(), 0.0);

    m_panel->ignorePingsAction()->trigger();
    QVERIFY(faults->pingsIgnored());
    m_panel->stopReadingAction()->trigger();
    QVERIFY(faults->readingStopped());
    m_panel->stopReadingAction()->trigger();
    m_panel->ignorePingsAction()->trigger();
    QVERIFY(!faults->readingStopped());
    QVERIFY(!faults->pingsIgnored());

    // A fault set elsewhere (a scenario step) shows as on.
    m_host->server()->setReadingStopped(true);
    QTRY_VERIFY(m_panel->stopReadingAction()->isChecked());
    m_host->server()->setReadingStopped(false);
    QTRY_VERIFY(!m_panel->stopReadingAction()->isChecked());
}

void tst_FaultPanel::restartDuringARunShowsAsChurnAndAMarker()
{
    const scenario::LoadResult loaded = scenario::ScenarioLoader::loadJson(R"({
        "name": "churn", "workers": 1,
        "groups": [ { "protocol": "ws", "clients": 10, "phases": { "hold": "30s" },
                      "reconnect": { "initialDelay": "100ms", "maxDelay": "500ms", "jitter": "none" } } ]
    })", QStringLiteral("churn.json"));
    QVERIFY2(loaded.isOk(), qPrintable(loaded.errorText()));
    QSignalSpy markers(m_session.get(), &RunSession::markerAdded);
    QVERIFY(m_session->start(std::make_shared<const scenario::Scenario>(*loaded.scenario)));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->lastSnapshot().all.total.connectsFirst == 10, 10000);
    QCOMPARE(m_session->lastSnapshot().all.total.reconnects, quint64(0));

    child<QDoubleSpinBox>("faultRestartDowntime")->setValue(0.3);
    markers.clear(); // phase markers so far
    m_panel->restartAction()->trigger();
    QCOMPARE(markers.size(), 1);
    const auto marker = markers.first().first().value<TimelineMarker>();
    QCOMPARE(marker.kind, TimelineMarker::Kind::Fault);
    QVERIFY2(marker.label.startsWith(QLatin1String("Restart")), qPrintable(marker.label));
    // Every client was closed by the restart and came back.
    QTRY_VERIFY_WITH_TIMEOUT(m_session->lastSnapshot().all.total.reconnects >= 10, 10000);
    QVERIFY(m_session->lastSnapshot().all.total.unexpectedCloses >= 10);

    QSignalSpy finished(m_session.get(), &RunSession::finished);
    m_session->stop();
    QVERIFY(finished.wait(10000));
}

void tst_FaultPanel::actionsFollowTheServer()
{
    const QList<QAction *> actions = m_panel->faultActions();
    QCOMPARE(actions.size(), 7);
    QCOMPARE(actions.first(), m_panel->restartAction());
    QVERIFY(!actions.first()->shortcut().isEmpty());
    for (QAction *action : actions)
        QVERIFY(action->isEnabled());
    m_host->stop();
    for (QAction *action : actions)
        QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
    QCOMPARE(child<QLabel>("faultStatus")->text(), QStringLiteral("The server is not running"));
    // Without a server the actions do nothing (and nothing crashes).
    m_panel->restartAction()->trigger();
    ServerConfig config;
    config.port = 0;
    QVERIFY(m_host->start(config));
    for (QAction *action : actions)
        QVERIFY(action->isEnabled());
}

QTEST_MAIN(tst_FaultPanel)
#include "tst_faultpanel.moc"
