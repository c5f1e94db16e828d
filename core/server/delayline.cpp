#include "delayline.h"

#include "metrics/monotonicclock.h"

DelayLine::DelayLine(Release release, QObject *parent)
    : QObject(parent)
    , m_release(std::move(release))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DelayLine::onTimeout);
}

void DelayLine::schedule(qint64 dueNs, Item item)
{
    // upper_bound keeps insertion order among equal due times.
    m_items.emplace_hint(m_items.upper_bound(dueNs), dueNs, std::move(item));
    arm();
}

void DelayLine::arm()
{
    if (m_items.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 waitNs = m_items.begin()->first - MonotonicClock::nowNs();
    m_timer.start(int(qMax<qint64>(0, (waitNs + 999'999) / 1'000'000)));
}

void DelayLine::onTimeout()
{
    const qint64 now = MonotonicClock::nowNs();
    while (!m_items.empty() && m_items.begin()->first <= now + 500'000) {
        Item item = std::move(m_items.begin()->second);
        m_items.erase(m_items.begin());
        m_release(item);
    }
    arm();
}
