#include "delivery/intervalset.h"

#include <algorithm>

namespace {

// The first range whose last value is >= value.
auto rangeAtOrAfter(std::vector<std::pair<quint64, quint64>> &ranges, quint64 value)
{
    return std::lower_bound(ranges.begin(), ranges.end(), value,
                            [](const std::pair<quint64, quint64> &range, quint64 v) { return range.second < v; });
}

} // namespace

bool IntervalSet::insert(quint64 value)
{
    // The common case first: the next number after everything so far.
    if (!m_ranges.empty() && m_ranges.back().second + 1 == value) {
        ++m_ranges.back().second;
        ++m_size;
        return true;
    }
    auto it = rangeAtOrAfter(m_ranges, value);
    if (it != m_ranges.end() && it->first <= value)
        return false; // inside a range: already there
    const bool joinsNext = it != m_ranges.end() && it->first == value + 1;
    const bool joinsPrevious = it != m_ranges.begin() && std::prev(it)->second + 1 == value;
    if (joinsPrevious && joinsNext) {
        std::prev(it)->second = it->second;
        m_ranges.erase(it);
    } else if (joinsPrevious) {
        std::prev(it)->second = value;
    } else if (joinsNext) {
        it->first = value;
    } else {
        m_ranges.insert(it, {value, value});
    }
    ++m_size;
    return true;
}

bool IntervalSet::contains(quint64 value) const
{
    const auto it = std::lower_bound(m_ranges.begin(), m_ranges.end(), value,
                                     [](const std::pair<quint64, quint64> &range, quint64 v) { return range.second < v; });
    return it != m_ranges.end() && it->first <= value;
}

quint64 IntervalSet::countIn(quint64 low, quint64 high) const
{
    if (high < low)
        return 0;
    quint64 count = 0;
    auto it = std::lower_bound(m_ranges.begin(), m_ranges.end(), low,
                               [](const std::pair<quint64, quint64> &range, quint64 v) { return range.second < v; });
    for (; it != m_ranges.end() && it->first <= high; ++it)
        count += std::min(it->second, high) - std::max(it->first, low) + 1;
    return count;
}
