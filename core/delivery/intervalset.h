#pragma once

#include <QtGlobal>

#include <utility>
#include <vector>

// A set of unsigned integers kept as sorted, disjoint, non-adjacent closed ranges: the sequence
// numbers one receiver got from one sender. Messages mostly arrive in order, so the set is
// usually one range and an insert extends it in O(1); a gap costs one more range. Used on one
// thread only.
class IntervalSet
{
public:
    // Adds `value`; false when it was already there (a duplicate).
    bool insert(quint64 value);
    bool contains(quint64 value) const;
    // How many values of [low, high] are in the set (0 when high < low).
    quint64 countIn(quint64 low, quint64 high) const;
    quint64 size() const { return m_size; }
    bool isEmpty() const { return m_ranges.empty(); }
    quint64 highest() const { return m_ranges.empty() ? 0 : m_ranges.back().second; }
    qsizetype rangeCount() const { return qsizetype(m_ranges.size()); }

private:
    std::vector<std::pair<quint64, quint64>> m_ranges; // [first, last], sorted, gaps between
    quint64 m_size = 0;
};
