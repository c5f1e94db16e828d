#include "scenario/runner.h"
#include "scenario/scenarioloader.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"
#include "session/runsession.h"

#include <QSignalSpy>
#include <QTest>

using QMapStringQuint64 = QMap<QString, quint64>;

// A run started from the window: real clients against the window's server, which it adopts
// the scenario's server settings into (same port) and which outlives the run; the phase and
// fault moments the charts draw.
class tst_RunSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runsAgainstTheWindowsServerAndMarksPhasesAndFaults();
    void refusesABadRunWithTheRunnersReason();
    void outcomesText_data();
    void outcomesText();

private:
    static std::shared_ptr<const scenario::Scenario> load(const QString &json)
    {
        scenario::LoadResult result = scenario::ScenarioLoader::loadJson(json.toUtf8(), QStringLiteral("test.json"));
        if (!result.isOk())
            qWarning("%s", qPrintable(result.errorText()));
        return result.isOk() ? std::make_shared<const scenario::Scenario>(std::move(*result.scenario)) : nullptr;
    }
};

void tst_RunSession::runsAgainstTheWindowsServerAndMarksPhasesAndFaults()
{
    ServerConfig config;
    config.port = 0;
    EmbeddedServerHost host;
    QVERIFY(host.start(config));
    const quint16 port = host.port();
    const auto scenario = load(QStringLiteral(R"({"name": "session", "target": "embedded", "duration": "3s",
        "server": {"replay": 77},
        "groups": [{"name": "chat", "protocol": "ws", "clients": 8,
                    "phases": {"rampUp": "400ms", "hold": "1s", "rampDown": "500ms"},
                    "send": {"rate": 5}}]})"));
    QVERIFY(scenario);
    RunSession session(host);
    QSignalSpy finished(&session, &RunSession::finished);
    QSignalSpy snapshots(&session, &RunSession::snapshotReady);
    QVERIFY(session.start(scenario));
    QCOMPARE(session.state(), RunSession::State::Running);
    // The scenario's server settings went to the window's server, on the same port.
    QCOMPARE(host.port(), port);
    QCOMPARE(host.config().replaySize, 77);
    QTRY_COMPARE_WITH_TIMEOUT(host.server()->stats().openWebSocket, qint64(8), 10000);
    session.noteFault(QStringLiteral("drop 50% of connections"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(session.state(), RunSession::State::Finished);
    QVERIFY(snapshots.count() >= 20);
    QVERIFY(session.lastSnapshot().all.total.messagesReceived > 0);
    QCOMPARE(session.runner()->report().finalSnapshot.all.total.connectsFirst, quint64(8));

    QStringList labels;
    for (const TimelineMarker &marker : session.markers())
        labels << marker.label;
    QVERIFY2(labels.contains(QStringLiteral("chat: ramp-up")), qPrintable(labels.join(u',')));
    QVERIFY(labels.contains(QStringLiteral("chat: hold")));
    QVERIFY(labels.contains(QStringLiteral("chat: ramp-down")));
    QVERIFY(labels.contains(QStringLiteral("drop 50% of connections")));
    // Phase markers sit where the phases begin (timer slack allowed).
    for (const TimelineMarker &marker : session.markers()) {
        if (marker.label == u"chat: hold")
            QVERIFY2(marker.elapsedNs >= 350'000'000 && marker.elapsedNs < 1'000'000'000, qPrintable(QString::number(marker.elapsedNs)));
    }
    // The window's server outlives the run.
    QVERIFY(host.server()->isListening());
}

void tst_RunSession::refusesABadRunWithTheRunnersReason()
{
    ServerConfig config;
    config.port = 0;
    EmbeddedServerHost host;
    QVERIFY(host.start(config));
    // More clients than the process may have descriptors for: the runner's preflight refuses
    // before opening anything, and says so.
    const auto scenario = load(QStringLiteral(R"({"name": "too-big", "target": "embedded", "duration": "2s",
        "groups": [{"name": "g", "protocol": "ws", "clients": 60000, "phases": {"hold": "1s"}}]})"));
    QVERIFY(scenario);
    RunSession session(host);
    QSignalSpy failed(&session, &RunSession::startFailed);
    QVERIFY(!session.start(scenario));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("file descriptors")), qPrintable(failed.first().first().toString()));
    QCOMPARE(session.state(), RunSession::State::Idle);
}

void tst_RunSession::outcomesText_data()
{
    using Outcomes = QMapStringQuint64;
    QTest::addColumn<Outcomes>("outcomes");
    QTest::addColumn<int>("most");
    QTest::addColumn<int>("maxChars");
    QTest::addColumn<QString>("expected");
    const Outcomes rejected{{QStringLiteral("close 4001 Unauthorized"), 406}, {QStringLiteral("connection refused"), 12},
                            {QStringLiteral("HTTP 503 Service Unavailable"), 3}, {QStringLiteral("connection reset"), 40},
                            {QStringLiteral("timeout"), 1}};
    QTest::addRow("none") << Outcomes() << 3 << 0 << QString();
    QTest::addRow("one") << Outcomes{{QStringLiteral("connection refused"), 12}} << 3 << 0 << QStringLiteral("connection refused \u00d712");
    QTest::addRow("top three, most frequent first")
        << rejected << 3 << 0 << QStringLiteral("close 4001 Unauthorized \u00d7406, connection reset \u00d740, connection refused \u00d712 +2 more");
    QTest::addRow("all, one a line")
        << rejected << 0 << 0
        << QStringLiteral("close 4001 Unauthorized \u00d7406\nconnection reset \u00d740\nconnection refused \u00d712\n"
                          "HTTP 503 Service Unavailable \u00d73\ntimeout \u00d71");
    // A long close reason is cut in the status line (the tooltip, most = 0, has it whole).
    QTest::addRow("cut") << Outcomes{{QStringLiteral("close 4000 the room you asked for is closed for maintenance"), 7}} << 3 << 20
                         << QStringLiteral("close 4000 the room\u2026 \u00d77");
}

void tst_RunSession::outcomesText()
{
    QFETCH(QMapStringQuint64, outcomes);
    QFETCH(int, most);
    QFETCH(int, maxChars);
    QFETCH(QString, expected);
    QCOMPARE(RunSession::outcomesText(outcomes, most, maxChars), expected);
}

QTEST_MAIN(tst_RunSession)
#include "tst_runsession.moc"
