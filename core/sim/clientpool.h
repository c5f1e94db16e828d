#pragma once

#include "delivery/deliveryledger.h"
#include "inspect/frametaplink.h"
#include "metrics/recorder.h"
#include "scenario/scenario.h"
#include "sim/simtarget.h"
#include "sim/timerqueue.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <vector>

class SessionLength;
class SimClient;

// Runs this thread's share of every group's clients (client i of a group belongs to pool
// i % poolCount), on a worker thread with the same epoll event loop as the server's workers.
// It follows the scenario's schedule by itself from the run's start time (arrivals, ramp-down,
// sends, churn), so the runner never sends it a message per client; it records into its own
// Recorder and publishes that once per tick for the Aggregator.
// Created by the Runner, moved to its thread; start() and stop() are called queued.
class ClientPool : public QObject
{
    Q_OBJECT
public:
    ClientPool(std::shared_ptr<const scenario::Scenario> scenario, SimTarget target,
               int poolIndex, int poolCount, QObject *parent = nullptr);
    ~ClientPool() override;

    Recorder &recorder() { return m_recorder; }
    const scenario::Scenario &scenario() const { return *m_scenario; }
    const SimTarget &target() const { return m_target; }
    TimerQueue &timers() { return m_timers; }
    // This pool's clients' per-sender delivery logs; read by the Runner once the pool stopped.
    DeliveryLedger &ledger() { return m_ledger; }
    const DeliveryLedger &ledger() const { return m_ledger; }
    // The run's time zero (MonotonicClock), as given to start().
    qint64 runStartNs() const { return m_runStartNs; }
    bool isStopping() const { return m_stopping; }
    int poolIndex() const { return m_poolIndex; }
    // The message inspector's tap for this pool's clients (see Runner::setFrameTap).
    void setFrameTap(std::shared_ptr<FrameTap> tap) { m_frameTap.attach(std::move(tap)); }
    const FrameTapLink &frameTap() const { return m_frameTap; }

    // Starts the schedule; `runStartNs` is the run's time zero (MonotonicClock).
    void start(qint64 runStartNs);
    // Every client leaves; emits stopped() when done.
    void stop();

    // --- for the clients ---
    void noteOpened(SimClient &client);
    void noteClosed(SimClient &client);
    std::optional<std::chrono::milliseconds> sessionLengthFor(const SimClient &client);
    // Client `clientIndex` of group `groupIndex` numbered across all groups (0, 1, ...), so
    // source addresses are shared out evenly over the whole run, not per group.
    int clientNumber(int groupIndex, int clientIndex) const { return m_groupOffsets[size_t(groupIndex)] + clientIndex; }

Q_SIGNALS:
    void stopped();

private:
    struct GroupState
    {
        std::vector<SimClient *> clients;   // this pool's share: client i at i / poolCount (null until it starts)
        std::vector<SimClient *> open;      // for rate churn: a random open one leaves
        std::unique_ptr<SessionLength> sessions;
    };

    SimClient *createClient(int groupIndex, int clientIndex);
    void scheduleGroup(int groupIndex);
    void scheduleSends(SimClient *client, qint64 firstNs, qint64 periodNs);
    void scheduleRateChurn(int groupIndex, double ratePerSecond);
    void onTick();

    std::shared_ptr<const scenario::Scenario> m_scenario;
    SimTarget m_target;
    const int m_poolIndex;
    const int m_poolCount;
    Recorder m_recorder;
    TimerQueue m_timers;
    QTimer m_tick;
    qint64 m_runStartNs = 0;
    qint64 m_nextTickNs = 0;
    bool m_stopping = false;
    std::vector<GroupState> m_groups;
    std::vector<int> m_groupOffsets;   // clients of the groups before each group
    std::mt19937_64 m_random;
    FrameTapLink m_frameTap;
    DeliveryLedger m_ledger;
};
