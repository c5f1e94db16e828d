#include "tokenbucket.h"

#include <algorithm>

TokenBucket::TokenBucket(double ratePerSecond, double burst, qint64 nowNs)
    : m_rate(ratePerSecond)
    , m_burst(std::max(1.0, burst))
    , m_tokens(m_burst)
    , m_lastNs(nowNs)
{
}

void TokenBucket::refill(qint64 nowNs)
{
    if (nowNs <= m_lastNs)
        return;
    m_tokens = std::min(m_burst, m_tokens + double(nowNs - m_lastNs) * m_rate / 1e9);
    m_lastNs = nowNs;
}

bool TokenBucket::tryTake(qint64 nowNs)
{
    if (isUnlimited())
        return true;
    refill(nowNs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

double TokenBucket::available(qint64 nowNs)
{
    refill(nowNs);
    return m_tokens;
}
