#include "server/replaybuffer.h"

#include <QTest>

namespace {

MessagePtr message(quint64 seq)
{
    auto m = std::make_shared<ChannelMessage>();
    m->seq = seq;
    return m;
}

QList<quint64> seqs(const ReplayBuffer::Slice &slice)
{
    QList<quint64> out;
    for (const auto &m : slice.messages)
        out << m->seq;
    return out;
}

} // namespace

class tst_ReplayBuffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyBuffer();
    void returnsEverythingAfterTheResumePoint();
    void evictsOldestAndSignalsReset();
    void resumePointAheadOfChannelIsAReset();
    void zeroCapacityKeepsNothingButKnowsLatest();
    void wrapsAroundManyTimes();
};

void tst_ReplayBuffer::emptyBuffer()
{
    ReplayBuffer buffer(10);
    const auto slice = buffer.since(0);
    QVERIFY(!slice.reset);
    QVERIFY(slice.messages.isEmpty());
    QCOMPARE(slice.latest, 0u);
}

void tst_ReplayBuffer::returnsEverythingAfterTheResumePoint()
{
    ReplayBuffer buffer(10);
    for (quint64 i = 1; i <= 5; ++i)
        buffer.append(message(i));
    QCOMPARE(seqs(buffer.since(0)), (QList<quint64>{1, 2, 3, 4, 5}));
    QCOMPARE(seqs(buffer.since(3)), (QList<quint64>{4, 5}));
    QVERIFY(buffer.since(5).messages.isEmpty());
    QVERIFY(!buffer.since(5).reset);
    QVERIFY(!buffer.since(0).reset);
    QCOMPARE(buffer.since(2).latest, 5u);
}

void tst_ReplayBuffer::evictsOldestAndSignalsReset()
{
    ReplayBuffer buffer(3);
    for (quint64 i = 1; i <= 7; ++i)
        buffer.append(message(i));
    QCOMPARE(buffer.size(), 3);
    QCOMPARE(buffer.oldest(), 5u);
    // 4 is the newest the client may have seen without a gap.
    const auto covered = buffer.since(4);
    QVERIFY(!covered.reset);
    QCOMPARE(seqs(covered), (QList<quint64>{5, 6, 7}));
    // 5 and 6 were never seen by a client at 2: 3 and 4 are gone, so it is told.
    const auto gap = buffer.since(2);
    QVERIFY(gap.reset);
    QCOMPARE(gap.oldest, 5u);
    QCOMPARE(gap.latest, 7u);
    QCOMPARE(seqs(gap), (QList<quint64>{5, 6, 7}));
}

void tst_ReplayBuffer::resumePointAheadOfChannelIsAReset()
{
    ReplayBuffer buffer(5);
    buffer.append(message(1));
    buffer.append(message(2));
    const auto slice = buffer.since(90);
    QVERIFY(slice.reset);
    QCOMPARE(seqs(slice), (QList<quint64>{1, 2}));
}

void tst_ReplayBuffer::zeroCapacityKeepsNothingButKnowsLatest()
{
    ReplayBuffer buffer(0);
    buffer.append(message(1));
    buffer.append(message(2));
    QCOMPARE(buffer.latest(), 2u);
    QVERIFY(buffer.since(0).reset);
    QVERIFY(!buffer.since(2).reset);
    QVERIFY(buffer.since(0).messages.isEmpty());
}

void tst_ReplayBuffer::wrapsAroundManyTimes()
{
    ReplayBuffer buffer(7);
    for (quint64 i = 1; i <= 1000; ++i) {
        buffer.append(message(i));
        const auto slice = buffer.since(i > 3 ? i - 3 : 0);
        QCOMPARE(slice.messages.last()->seq, i);
        QCOMPARE(slice.messages.size(), qsizetype(qMin<quint64>(i, 3)));
        QVERIFY(!slice.reset);
    }
}

QTEST_GUILESS_MAIN(tst_ReplayBuffer)
#include "tst_replaybuffer.moc"
