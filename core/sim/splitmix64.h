#pragma once

#include <QtGlobal>

#include <limits>

// A seeded pseudo-random generator with 8 bytes of state (Steele, Lea and Flood's SplitMix64),
// for what every simulated client draws on its own: backoff jitter, WebSocket mask keys. Each of
// tens of thousands of clients owns one, so its size matters: std::mt19937_64 keeps 2.5 KB of
// state, which was a good part of what an idle simulated client cost. Same seed, same sequence,
// on every platform. Meets the standard's UniformRandomBitGenerator requirements.
class SplitMix64
{
public:
    using result_type = quint64;

    explicit SplitMix64(quint64 seed = 0) : m_state(seed) {}

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

private:
    quint64 m_state;
};
