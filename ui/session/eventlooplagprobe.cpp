#include "eventlooplagprobe.h"

#include "metrics/monotonicclock.h"

#include <algorithm>
#include <chrono>

using namespace std::chrono_literals;

namespace {
constexpr auto interval = 100ms;
}

EventLoopLagProbe::EventLoopLagProbe(QObject *parent)
    : QObject(parent)
    , m_timer(this)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopLagProbe::onTick);
    m_expectedNs = MonotonicClock::nowNs() + std::chrono::nanoseconds(interval).count();
    m_timer.start();
}

double EventLoopLagProbe::recentMaxLagMs() const
{
    return *std::max_element(std::begin(m_samples), std::end(m_samples));
}

void EventLoopLagProbe::onTick()
{
    const qint64 now = MonotonicClock::nowNs();
    m_samples[m_next] = std::max<qint64>(0, now - m_expectedNs) / 1e6;
    m_next = (m_next + 1) % int(std::size(m_samples));
    m_expectedNs = now + std::chrono::nanoseconds(interval).count();
}
