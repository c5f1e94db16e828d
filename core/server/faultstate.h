#pragma once

#include <QtGlobal>

#include <atomic>
#include <chrono>

// The faults currently injected into the embedded server. Set from any thread (GUI buttons,
// scenario steps, `serve` flags); workers read these atomics on their hot path.
class FaultState
{
public:
    void setAddedLatency(std::chrono::milliseconds latency, std::chrono::milliseconds jitter);
    std::chrono::milliseconds addedLatency() const { return std::chrono::milliseconds(m_latencyMs.load(std::memory_order_relaxed)); }
    std::chrono::milliseconds latencyJitter() const { return std::chrono::milliseconds(m_jitterMs.load(std::memory_order_relaxed)); }
    bool hasAddedLatency() const { return m_latencyMs.load(std::memory_order_relaxed) > 0 || m_jitterMs.load(std::memory_order_relaxed) > 0; }

    // Fraction 0..1 of published messages whose live delivery is dropped.
    void setMessageDropRate(double fraction);
    double messageDropRate() const { return m_dropRate.load(std::memory_order_relaxed); }
    // Rolls the dice for one message (thread-safe); counts what it drops.
    bool shouldDropMessage();
    quint64 droppedMessages() const { return m_dropped.load(std::memory_order_relaxed); }

    void setPingsIgnored(bool ignored) { m_ignorePings.store(ignored, std::memory_order_relaxed); }
    bool pingsIgnored() const { return m_ignorePings.load(std::memory_order_relaxed); }

    void setReadingStopped(bool stopped) { m_stopReading.store(stopped, std::memory_order_relaxed); }
    bool readingStopped() const { return m_stopReading.load(std::memory_order_relaxed); }

    void setRefusing(bool refusing) { m_refusing.store(refusing, std::memory_order_relaxed); }
    bool isRefusing() const { return m_refusing.load(std::memory_order_relaxed); }

    void clear();

private:
    std::atomic<int> m_latencyMs{0};
    std::atomic<int> m_jitterMs{0};
    std::atomic<double> m_dropRate{0.0};
    std::atomic<quint64> m_dropped{0};
    std::atomic<bool> m_ignorePings{false};
    std::atomic<bool> m_stopReading{false};
    std::atomic<bool> m_refusing{false};
};
