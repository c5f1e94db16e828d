#include "faultstate.h"

#include <QRandomGenerator>

#include <algorithm>

void FaultState::setAddedLatency(std::chrono::milliseconds latency, std::chrono::milliseconds jitter)
{
    m_latencyMs.store(int(std::max<qint64>(0, latency.count())), std::memory_order_relaxed);
    m_jitterMs.store(int(std::max<qint64>(0, jitter.count())), std::memory_order_relaxed);
}

void FaultState::setMessageDropRate(double fraction)
{
    m_dropRate.store(std::clamp(fraction, 0.0, 1.0), std::memory_order_relaxed);
}

bool FaultState::shouldDropMessage()
{
    const double rate = messageDropRate();
    if (rate <= 0.0)
        return false;
    const bool drop = rate >= 1.0 || QRandomGenerator::global()->generateDouble() < rate;
    if (drop)
        m_dropped.fetch_add(1, std::memory_order_relaxed);
    return drop;
}

void FaultState::clear()
{
    setAddedLatency({}, {});
    setMessageDropRate(0);
    setPingsIgnored(false);
    setReadingStopped(false);
    setRefusing(false);
}
