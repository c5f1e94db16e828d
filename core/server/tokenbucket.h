#pragma once

#include <QtGlobal>

// A token bucket for per-connection message rate limits: `rate` tokens per second refill a bucket
// that holds at most `burst`. Time is passed in (ns, monotonic) so tests can drive it exactly.
class TokenBucket
{
public:
    TokenBucket(double ratePerSecond, double burst, qint64 nowNs);

    // Takes one token if there is one.
    bool tryTake(qint64 nowNs);
    double available(qint64 nowNs);
    bool isUnlimited() const { return m_rate <= 0; }

private:
    void refill(qint64 nowNs);

    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastNs;
};
