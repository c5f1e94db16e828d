#include "metrics/metricssnapshot.h"
#include "sim/sequencetracker.h"

#include <QTest>

#include <optional>

using Obs = SequenceTracker::Observation;
using Counts = SequenceTracker::Counts;

// One step of a scripted delivery: a sequence number arriving, or a baseline / reset signal.
struct Step
{
    enum Kind { Observe, Baseline, Reset } kind = Observe;
    quint64 a = 0;
    quint64 b = 0;
};
static Step baseline(quint64 latest) { return {Step::Baseline, latest, 0}; }
static Step reset(quint64 oldest, quint64 latest) { return {Step::Reset, oldest, latest}; }
static QList<Step> seqs(std::initializer_list<quint64> list)
{
    QList<Step> steps;
    for (quint64 s : list)
        steps.append({Step::Observe, s, 0});
    return steps;
}
static QList<Step> operator+(QList<Step> a, const Step &b)
{
    a.append(b);
    return a;
}
static QList<Step> operator+(const Step &a, const QList<Step> &b)
{
    return QList<Step>{a} + b;
}

Q_DECLARE_METATYPE(QList<Step>)
Q_DECLARE_METATYPE(Counts)
Q_DECLARE_METATYPE(QList<Obs>)

class tst_SequenceTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sequences_data();
    void sequences();
    void lateArrivalBeyondWindowIsTooOld();
    void bigGapKeepsOnlyTheWindow();
    void addToReportsIncrementsAndTakesBackLoss();
    void addToCarriesATakeBackIntoTheNextInterval();
};

void tst_SequenceTracker::sequences_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<Counts>("expected");      // received, lost, duplicated, outOfOrder, resets
    QTest::addColumn<quint64>("lastSeen");
    QTest::addColumn<QList<Obs>>("observations"); // of the Observe steps, in order; empty: not checked

    QTest::addRow("in order from the first")
        << seqs({5, 6, 7, 8}) << Counts{4, 0, 0, 0, 0} << quint64(8)
        << QList<Obs>{Obs::First, Obs::InOrder, Obs::InOrder, Obs::InOrder};
    QTest::addRow("in order after baseline")
        << baseline(10) + seqs({11, 12, 13}) << Counts{3, 0, 0, 0, 0} << quint64(13)
        << QList<Obs>{Obs::InOrder, Obs::InOrder, Obs::InOrder};
    QTest::addRow("first message after baseline is a gap")
        << baseline(10) + seqs({14}) << Counts{1, 3, 0, 0, 0} << quint64(14)
        << QList<Obs>{Obs::Gap};
    QTest::addRow("baseline only")
        << QList<Step>{baseline(42)} << Counts{0, 0, 0, 0, 0} << quint64(42) << QList<Obs>{};
    QTest::addRow("gap")
        << seqs({1, 2, 5, 6}) << Counts{4, 2, 0, 0, 0} << quint64(6)
        << QList<Obs>{Obs::First, Obs::InOrder, Obs::Gap, Obs::InOrder};
    QTest::addRow("two gaps")
        << seqs({1, 3, 10}) << Counts{3, 7, 0, 0, 0} << quint64(10) << QList<Obs>{};
    QTest::addRow("duplicate of the last")
        << seqs({1, 2, 2, 3}) << Counts{4, 0, 1, 0, 0} << quint64(3)
        << QList<Obs>{Obs::First, Obs::InOrder, Obs::Duplicate, Obs::InOrder};
    QTest::addRow("duplicate of an older one")
        << seqs({1, 2, 3, 1, 2}) << Counts{5, 0, 2, 0, 0} << quint64(3) << QList<Obs>{};
    QTest::addRow("late arrival after gap un-counts the loss")
        << seqs({1, 2, 4, 3, 5}) << Counts{5, 0, 0, 1, 0} << quint64(5)
        << QList<Obs>{Obs::First, Obs::InOrder, Obs::Gap, Obs::OutOfOrder, Obs::InOrder};
    QTest::addRow("late arrival twice: second is a duplicate")
        << seqs({1, 4, 2, 2}) << Counts{4, 1, 1, 1, 0} << quint64(4)
        << QList<Obs>{Obs::First, Obs::Gap, Obs::OutOfOrder, Obs::Duplicate};
    QTest::addRow("gap filled by a replay in order")
        << seqs({1, 2, 6, 7, 3, 4, 5, 8}) << Counts{8, 0, 0, 3, 0} << quint64(8) << QList<Obs>{};
    QTest::addRow("replay overlaps what was received")
        << seqs({1, 2, 6, 2, 3, 4, 5, 6}) << Counts{8, 0, 2, 3, 0} << quint64(6) << QList<Obs>{};
    QTest::addRow("before the baseline is a duplicate")
        << baseline(10) + seqs({9, 11}) << Counts{2, 0, 1, 0, 0} << quint64(11)
        << QList<Obs>{Obs::Duplicate, Obs::InOrder};
    QTest::addRow("reset: the evicted range is not lost")
        << seqs({1, 2}) + reset(50, 60) + seqs({50, 51, 52}) << Counts{5, 0, 0, 0, 1} << quint64(52)
        << QList<Obs>{Obs::First, Obs::InOrder, Obs::InOrder, Obs::InOrder, Obs::InOrder};
    QTest::addRow("reset keeps loss counted before it")
        << seqs({1, 3}) + reset(50, 60) + seqs({50}) << Counts{3, 1, 0, 0, 1} << quint64(50) << QList<Obs>{};
    QTest::addRow("reset then gap after it counts")
        << seqs({1}) + reset(50, 60) + seqs({50, 53}) << Counts{3, 2, 0, 0, 1} << quint64(53) << QList<Obs>{};
    QTest::addRow("reset with an empty buffer: next is latest + 1")
        << seqs({1}) + reset(0, 60) + seqs({61}) << Counts{2, 0, 0, 0, 1} << quint64(61)
        << QList<Obs>{Obs::First, Obs::InOrder};
    QTest::addRow("reset: the channel began again")
        << seqs({100, 101}) + reset(1, 3) + seqs({1, 2, 3, 4}) << Counts{6, 0, 0, 0, 1} << quint64(4)
        << QList<Obs>{Obs::First, Obs::InOrder, Obs::InOrder, Obs::InOrder, Obs::InOrder, Obs::InOrder};
    QTest::addRow("reset before any message")
        << reset(7, 9) + seqs({7, 8, 9}) << Counts{3, 0, 0, 0, 1} << quint64(9)
        << QList<Obs>{Obs::InOrder, Obs::InOrder, Obs::InOrder};
    QTest::addRow("reset inside what was seen changes nothing")
        << seqs({10, 11, 12}) + reset(5, 12) + seqs({13}) << Counts{4, 0, 0, 0, 1} << quint64(13) << QList<Obs>{};
    QTest::addRow("new baseline without resume skips ahead")
        << baseline(10) + seqs({11, 12}) + baseline(30) + seqs({31}) << Counts{3, 0, 0, 0, 0} << quint64(31)
        << QList<Obs>{};
    QTest::addRow("lower baseline starts over")
        << seqs({50, 51}) + baseline(3) + seqs({4, 5}) << Counts{4, 0, 0, 0, 0} << quint64(5) << QList<Obs>{};
    QTest::addRow("gap then new baseline: loss stays")
        << seqs({1, 4}) + baseline(10) + seqs({11}) << Counts{3, 2, 0, 0, 0} << quint64(11) << QList<Obs>{};
}

void tst_SequenceTracker::sequences()
{
    QFETCH(QList<Step>, steps);
    QFETCH(Counts, expected);
    QFETCH(quint64, lastSeen);
    QFETCH(QList<Obs>, observations);

    SequenceTracker tracker;
    QList<Obs> seen;
    for (const Step &step : steps) {
        switch (step.kind) {
        case Step::Observe: seen.append(tracker.observe(step.a)); break;
        case Step::Baseline: tracker.setBaseline(step.a); break;
        case Step::Reset: tracker.reset(step.a, step.b); break;
        }
    }
    const Counts &c = tracker.counts();
    QCOMPARE(c.received, expected.received);
    QCOMPARE(c.lost, expected.lost);
    QCOMPARE(c.duplicated, expected.duplicated);
    QCOMPARE(c.outOfOrder, expected.outOfOrder);
    QCOMPARE(c.resets, expected.resets);
    QCOMPARE(tracker.lastSeen(), lastSeen);
    QVERIFY(tracker.hasPosition());
    if (!observations.isEmpty())
        QCOMPARE(seen, observations);
}

void tst_SequenceTracker::lateArrivalBeyondWindowIsTooOld()
{
    SequenceTracker tracker;
    tracker.observe(1);
    tracker.observe(3); // 2 missing
    QCOMPARE(tracker.counts().lost, 1u);
    for (quint64 s = 4; s <= 3 + SequenceTracker::Window; ++s)
        QCOMPARE(tracker.observe(s), Obs::InOrder);
    QCOMPARE(tracker.missingInWindow(), 0u); // 2 fell out of the window
    // 2 arrives now: too old to judge; counted out of order, the loss stays.
    QCOMPARE(tracker.observe(2), Obs::TooOld);
    QCOMPARE(tracker.counts().lost, 1u);
    QCOMPARE(tracker.counts().outOfOrder, 1u);
    QCOMPARE(tracker.counts().duplicated, 0u);
    // The oldest number still inside the window is judged normally.
    const quint64 oldestInWindow = tracker.lastSeen() - SequenceTracker::Window + 1;
    QCOMPARE(tracker.observe(oldestInWindow), Obs::Duplicate);
}

void tst_SequenceTracker::bigGapKeepsOnlyTheWindow()
{
    SequenceTracker tracker;
    tracker.observe(1);
    tracker.observe(100'000);
    QCOMPARE(tracker.counts().lost, 99'998u);
    QCOMPARE(tracker.missingInWindow(), SequenceTracker::Window - 1);
    QCOMPARE(tracker.observe(99'999), Obs::OutOfOrder);
    QCOMPARE(tracker.observe(100'000 - SequenceTracker::Window + 1), Obs::OutOfOrder);
    QCOMPARE(tracker.observe(100'000 - SequenceTracker::Window), Obs::TooOld);
    QCOMPARE(tracker.counts().lost, 99'996u);
    QCOMPARE(tracker.missingInWindow(), SequenceTracker::Window - 3);
}

void tst_SequenceTracker::addToReportsIncrementsAndTakesBackLoss()
{
    SequenceTracker tracker;
    ClientCounters interval;
    tracker.observe(1);
    tracker.observe(4);       // 2 lost
    tracker.observe(4);       // duplicate
    tracker.addTo(interval);
    QCOMPARE(interval.lost, 2u);
    QCOMPARE(interval.duplicated, 1u);
    QCOMPARE(interval.messagesReceived, 0u); // the client counts received messages itself
    tracker.addTo(interval);  // nothing new
    QCOMPARE(interval.lost, 2u);
    QCOMPARE(interval.duplicated, 1u);

    tracker.observe(2);       // late: loss taken back in the same interval
    tracker.reset(10, 12);
    tracker.addTo(interval);
    QCOMPARE(interval.lost, 1u);
    QCOMPARE(interval.outOfOrder, 1u);
    QCOMPARE(interval.resets, 1u);
}

void tst_SequenceTracker::addToCarriesATakeBackIntoTheNextInterval()
{
    SequenceTracker tracker;
    ClientCounters first, second, third;
    tracker.observe(1);
    tracker.observe(5);       // 2, 3, 4 lost
    tracker.addTo(first);
    QCOMPARE(first.lost, 3u);

    // All three arrive in the next interval, in which nothing else was lost: the interval stays
    // at zero (never negative) and the take-back waits.
    tracker.observe(2);
    tracker.observe(3);
    tracker.observe(4);
    second.lost = 1;          // another client on this thread lost one in this interval
    tracker.addTo(second);
    QCOMPARE(second.lost, 0u);
    QCOMPARE(second.outOfOrder, 3u);

    tracker.observe(8);       // 6, 7 lost
    tracker.addTo(third);
    // 2 new losses, minus the 2 still owed from the last interval.
    QCOMPARE(third.lost, 0u);
    // Summed over the intervals: this tracker's loss (2) and the other client's (1).
    QCOMPARE(first.lost + second.lost + third.lost, tracker.counts().lost + 1);
}

QTEST_GUILESS_MAIN(tst_SequenceTracker)
#include "tst_sequencetracker.moc"
