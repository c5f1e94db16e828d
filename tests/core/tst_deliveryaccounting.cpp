// Per-sender delivery accounting (core/delivery, docs/scenarios.md "Delivery accounting"): the
// received-number sets, the live judgement of each message, the carry of a loss taken back, the
// end-of-run reconciliation against what each sender sent inside each receiver's window, and
// requests that wait for their correlated answer.
#include "delivery/deliveryledger.h"
#include "delivery/deliveryreconciler.h"
#include "delivery/intervalset.h"
#include "delivery/pendingrequests.h"
#include "delivery/receiverlog.h"
#include "metrics/metricssnapshot.h"
#include "scenario/scenario.h"

#include <QTest>

#include <random>
#include <set>

class tst_DeliveryAccounting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void intervalSetInOrderIsOneRange();
    void intervalSetMergesAndCounts();
    void intervalSetMatchesAPlainSet();
    void receiverJudgesEachMessage();
    void receiverTakesBackLossWithoutGoingNegative();
    void sessionsWithoutResumeStartOver();
    void reconcileCountsWhatEachWindowMissed_data();
    void reconcileCountsWhatEachWindowMissed();
    void reconcileJoinsResumedSessions();
    void pendingRequestsResolveAndExpire();
};

void tst_DeliveryAccounting::intervalSetInOrderIsOneRange()
{
    IntervalSet set;
    for (quint64 n = 1; n <= 10000; ++n)
        QVERIFY(set.insert(n));
    QCOMPARE(set.rangeCount(), 1);
    QCOMPARE(set.size(), 10000u);
    QVERIFY(!set.insert(5000)); // a duplicate
    QCOMPARE(set.countIn(100, 199), 100u);
    QCOMPARE(set.countIn(9990, 20000), 11u);
    QCOMPARE(set.countIn(10, 9), 0u);
}

void tst_DeliveryAccounting::intervalSetMergesAndCounts()
{
    IntervalSet set;
    for (quint64 n : {1, 2, 3, 7, 8, 5, 10})
        QVERIFY(set.insert(n));
    QCOMPARE(set.rangeCount(), 4); // 1-3, 5, 7-8, 10
    QVERIFY(set.insert(4));        // joins 1-3 and 5
    QCOMPARE(set.rangeCount(), 3);
    QVERIFY(set.insert(9));        // joins 7-8 and 10
    QCOMPARE(set.rangeCount(), 2);
    QVERIFY(set.insert(6));
    QCOMPARE(set.rangeCount(), 1);
    QCOMPARE(set.countIn(0, 100), 10u);
    QVERIFY(set.contains(6));
    QVERIFY(!set.contains(11));
    QVERIFY(!set.contains(0));
}

void tst_DeliveryAccounting::intervalSetMatchesAPlainSet()
{
    // Random inserts against std::set: membership, duplicates and counts agree.
    std::mt19937_64 random(42);
    std::uniform_int_distribution<quint64> value(1, 2000);
    IntervalSet set;
    std::set<quint64> reference;
    for (int i = 0; i < 5000; ++i) {
        const quint64 v = value(random);
        QCOMPARE(set.insert(v), reference.insert(v).second);
    }
    QCOMPARE(set.size(), quint64(reference.size()));
    for (quint64 low = 1; low < 2000; low += 97) {
        const quint64 high = low + 150;
        const auto expected = quint64(std::distance(reference.lower_bound(low), reference.upper_bound(high)));
        QCOMPARE(set.countIn(low, high), expected);
    }
}

void tst_DeliveryAccounting::receiverJudgesEachMessage()
{
    ReceiverLog log(7, 0, QStringLiteral("room"), false);
    log.sessionOpened(0);
    using O = ReceiverLog::Observation;
    QCOMPARE(log.observe(1, 1), O::First);
    QCOMPARE(log.observe(1, 2), O::InOrder);
    QCOMPARE(log.observe(1, 5), O::Gap);       // 3 and 4 missing
    QCOMPARE(log.observe(1, 2), O::Duplicate);
    QCOMPARE(log.observe(1, 3), O::Late);      // one of the missing, late
    QCOMPARE(log.observe(2, 10), O::First);    // another sender counts on its own
    ClientCounters counters;
    log.addTo(counters);
    QCOMPARE(counters.lost, 1u);               // 4 is still missing
    QCOMPARE(counters.duplicated, 1u);
    QCOMPARE(counters.outOfOrder, 1u);
    QCOMPARE(counters.checkedBySender, 6u);
    QCOMPARE(log.receivedFrom(1)->size(), 4u);
}

void tst_DeliveryAccounting::receiverTakesBackLossWithoutGoingNegative()
{
    ReceiverLog log(0, 0, QStringLiteral("c"), false);
    log.sessionOpened(0);
    log.observe(1, 1);
    log.observe(1, 4); // 2, 3 lost
    ClientCounters first;
    log.addTo(first);
    QCOMPARE(first.lost, 2u);
    // The late ones come in a later interval whose counters have no loss to take back from:
    // the take-back waits, and the sum over intervals ends at the true loss.
    log.observe(1, 2);
    log.observe(1, 3);
    ClientCounters second;
    log.addTo(second);
    QCOMPARE(second.lost, 0u);
    log.observe(1, 6); // 5 lost: the true loss is 1, and 1 of the 2 counted is still to take back
    ClientCounters third;
    log.addTo(third);
    QCOMPARE(third.lost, 0u);
    QCOMPARE(log.reportedLost(), 2u);
    log.observe(1, 9); // 7 and 8 lost: true loss 3; the carry is settled against the new loss
    ClientCounters fourth;
    log.addTo(fourth);
    QCOMPARE(fourth.lost, 1u);
    QCOMPARE(first.lost + second.lost + third.lost + fourth.lost, 3u);
    QCOMPARE(log.reportedLost(), 3u);
}

void tst_DeliveryAccounting::sessionsWithoutResumeStartOver()
{
    // Without resume, what a sender sent while this receiver was away is not a gap.
    ReceiverLog log(0, 0, QStringLiteral("c"), false);
    log.sessionOpened(0);
    log.observe(1, 1);
    log.observe(1, 2);
    log.sessionClosed(100);
    log.sessionOpened(200);
    QCOMPARE(log.observe(1, 9), ReceiverLog::Observation::First);
    ClientCounters counters;
    log.addTo(counters);
    QCOMPARE(counters.lost, 0u);
    QCOMPARE(log.windows().size(), size_t(2));

    // With resume, it is: the server should have replayed 3 to 8.
    ReceiverLog resumed(0, 0, QStringLiteral("c"), true);
    resumed.sessionOpened(0);
    resumed.observe(1, 2);
    resumed.sessionClosed(100);
    resumed.sessionOpened(200);
    QCOMPARE(resumed.observe(1, 9), ReceiverLog::Observation::Gap);
    ClientCounters resumedCounters;
    resumed.addTo(resumedCounters);
    QCOMPARE(resumedCounters.lost, 6u);
    QCOMPARE(resumed.windows().size(), size_t(1));
}

namespace {

constexpr qint64 ms = 1'000'000;

scenario::Scenario scenarioWith(scenario::ReceiveSettings::Expect expect)
{
    scenario::Scenario s;
    scenario::Group receivers;
    receivers.name = QStringLiteral("receivers");
    receivers.receive.enabled = true;
    receivers.receive.expect = expect;
    receivers.receive.grace = std::chrono::milliseconds(100);
    s.groups.push_back(receivers);
    return s;
}

} // namespace

void tst_DeliveryAccounting::reconcileCountsWhatEachWindowMissed_data()
{
    QTest::addColumn<int>("expect");
    QTest::addColumn<quint64>("expected");
    QTest::addColumn<quint64>("received");
    // The sender (client 1) sends every 10 ms from 0 to 990 ms: seq n at (n - 1) * 10 ms. The
    // receiver (client 5) is open from 200 to 700 ms; with 100 ms of grace its window is
    // [300, 600] ms: seq 31 to 61, 31 messages. It received 31 to 50 and 55 to 80.
    QTest::addRow("all") << int(scenario::ReceiveSettings::Expect::All) << quint64(31 + 31) << quint64(20 + 7 + 20 + 7);
    QTest::addRow("others") << int(scenario::ReceiveSettings::Expect::Others) << quint64(31) << quint64(20 + 7);
    QTest::addRow("none") << int(scenario::ReceiveSettings::Expect::None) << quint64(0) << quint64(0);
}

void tst_DeliveryAccounting::reconcileCountsWhatEachWindowMissed()
{
    QFETCH(int, expect);
    QFETCH(quint64, expected);
    QFETCH(quint64, received);
    const scenario::Scenario s = scenarioWith(scenario::ReceiveSettings::Expect(expect));
    DeliveryLedger ledger;
    SenderLog *sender = ledger.addSender(1, 0, QStringLiteral("room"));
    // The receiver sends too (client 5, same times): counted only with "all".
    SenderLog *self = ledger.addSender(5, 0, QStringLiteral("room"));
    // Someone on another channel is never expected.
    SenderLog *elsewhere = ledger.addSender(9, 0, QStringLiteral("other"));
    for (int n = 1; n <= 100; ++n) {
        sender->recordSent((n - 1) * 10 * ms);
        self->recordSent((n - 1) * 10 * ms);
        elsewhere->recordSent((n - 1) * 10 * ms);
    }
    ReceiverLog *receiver = ledger.addReceiver(5, 0, QStringLiteral("room"), false);
    receiver->sessionOpened(200 * ms);
    for (quint64 n = 31; n <= 80; ++n) {
        if (n > 50 && n < 55)
            continue;
        receiver->observe(1, n);
        receiver->observe(5, n);
    }
    receiver->sessionClosed(700 * ms);

    const auto results = DeliveryReconciler::reconcile(s, {&ledger}, 1000 * ms);
    QCOMPARE(results.size(), size_t(1));
    QCOMPARE(results[0].accounted, expect != int(scenario::ReceiveSettings::Expect::None));
    QCOMPARE(results[0].expected, expected);
    QCOMPARE(results[0].received, received);
    QCOMPARE(results[0].lost(), expected - received);
}

void tst_DeliveryAccounting::reconcileJoinsResumedSessions()
{
    // Two sessions, [0, 400] and [600, 1000] ms, grace 100 ms. Without resume the windows are
    // [100, 300] and [700, 900]; resumed, one window [100, 900] ms: what was sent while away is
    // expected too. Nothing was received: everything in the windows is lost.
    const scenario::Scenario s = scenarioWith(scenario::ReceiveSettings::Expect::Others);
    for (bool resume : {false, true}) {
        DeliveryLedger ledger;
        SenderLog *sender = ledger.addSender(1, 0, QStringLiteral("c"));
        for (int n = 1; n <= 100; ++n)
            sender->recordSent((n - 1) * 10 * ms);
        ReceiverLog *receiver = ledger.addReceiver(2, 0, QStringLiteral("c"), resume);
        receiver->sessionOpened(0);
        receiver->sessionClosed(400 * ms);
        receiver->sessionOpened(600 * ms);
        // still open when the run ends at 1000 ms
        const auto results = DeliveryReconciler::reconcile(s, {&ledger}, 1000 * ms);
        QCOMPARE(results[0].received, 0u);
        QCOMPARE(results[0].expected, resume ? 81u : 21u + 21u);
    }
}

void tst_DeliveryAccounting::pendingRequestsResolveAndExpire()
{
    PendingRequests pending;
    pending.add(QStringLiteral("a"), 100);
    pending.add(QStringLiteral("b"), 200);
    pending.add(QStringLiteral("c"), 300);
    QCOMPARE(pending.resolve(QStringLiteral("b")), 200);
    QCOMPARE(pending.resolve(QStringLiteral("b")), -1); // answered twice: the second is nobody's
    QCOMPARE(pending.expireBefore(250), 1u);            // "a" timed out; "b" was answered
    QCOMPARE(pending.resolve(QStringLiteral("a")), -1); // too late
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.expireBefore(1000), 1u);
    QCOMPARE(pending.size(), 0);
}

QTEST_GUILESS_MAIN(tst_DeliveryAccounting)
#include "tst_deliveryaccounting.moc"
