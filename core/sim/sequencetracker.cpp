#include "sequencetracker.h"

#include "metrics/metricssnapshot.h"

#include <algorithm>
#include <bit>

bool SequenceTracker::isMissing(quint64 seq) const
{
    const quint64 bit = seq % Window;
    return (m_missing[bit / 64] >> (bit % 64)) & 1;
}

void SequenceTracker::setMissing(quint64 seq, bool missing)
{
    const quint64 bit = seq % Window;
    const quint64 mask = quint64(1) << (bit % 64);
    if (missing)
        m_missing[bit / 64] |= mask;
    else
        m_missing[bit / 64] &= ~mask;
}

quint64 SequenceTracker::missingInWindow() const
{
    quint64 n = 0;
    for (quint64 word : m_missing)
        n += quint64(std::popcount(word));
    return n;
}

void SequenceTracker::advanceTo(quint64 highest, bool markMissing)
{
    Q_ASSERT(highest > m_highest);
    if (highest - m_highest >= Window) {
        // The whole window moves past: every old bit falls out (missing ones stay lost).
        m_missing.fill(0);
        if (markMissing) {
            for (quint64 seq = highest - Window + 1; seq < highest; ++seq)
                setMissing(seq, true);
        }
    } else {
        // Each number passed over takes the bit of the number Window below it, which leaves the
        // window now: overwrite it.
        for (quint64 seq = m_highest + 1; seq < highest; ++seq)
            setMissing(seq, markMissing);
    }
    setMissing(highest, false);
    m_highest = highest;
}

void SequenceTracker::startOver(quint64 highest)
{
    m_missing.fill(0);
    m_highest = highest;
    m_started = true;
}

void SequenceTracker::setBaseline(quint64 latest)
{
    if (!m_started || latest < m_highest)
        startOver(latest);
    else if (latest > m_highest)
        advanceTo(latest, false);
}

SequenceTracker::Observation SequenceTracker::observe(quint64 seq)
{
    ++m_counts.received;
    if (!m_started) {
        startOver(seq);
        return Observation::First;
    }
    if (seq > m_highest) {
        const quint64 skipped = seq - m_highest - 1;
        advanceTo(seq, true);
        m_counts.lost += skipped;
        return skipped == 0 ? Observation::InOrder : Observation::Gap;
    }
    if (m_highest - seq >= Window) {
        ++m_counts.outOfOrder;
        return Observation::TooOld;
    }
    if (isMissing(seq)) {
        setMissing(seq, false);
        --m_counts.lost;
        ++m_counts.outOfOrder;
        return Observation::OutOfOrder;
    }
    ++m_counts.duplicated;
    return Observation::Duplicate;
}

void SequenceTracker::reset(quint64 oldest, quint64 latest)
{
    ++m_counts.resets;
    // The next number the server sends.
    const quint64 next = oldest > 0 ? oldest : latest + 1;
    if (!m_started || latest < m_highest) {
        // The channel's numbering began again (or nothing was seen): a fresh count.
        startOver(next - 1);
        return;
    }
    if (next - 1 > m_highest)
        advanceTo(next - 1, false);
}

void SequenceTracker::addTo(ClientCounters &into)
{
    into.duplicated += m_counts.duplicated - m_reported.duplicated;
    into.outOfOrder += m_counts.outOfOrder - m_reported.outOfOrder;
    into.resets += m_counts.resets - m_reported.resets;
    m_reported.duplicated = m_counts.duplicated;
    m_reported.outOfOrder = m_counts.outOfOrder;
    m_reported.resets = m_counts.resets;
    m_reported.received = m_counts.received;
    if (m_counts.lost >= m_reported.lost) {
        into.lost += m_counts.lost - m_reported.lost;
        m_reported.lost = m_counts.lost;
    } else {
        const quint64 takeBack = std::min(m_reported.lost - m_counts.lost, into.lost);
        into.lost -= takeBack;
        m_reported.lost -= takeBack;
    }
}
