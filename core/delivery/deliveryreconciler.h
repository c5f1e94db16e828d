#pragma once

#include "delivery/deliveryledger.h"
#include "scenario/scenario.h"

#include <vector>

// The end-of-run check of per-sender delivery accounting (docs/scenarios.md, "Delivery
// accounting"): each receiver is compared with what each sender it should hear from (the same
// channel; its own sends too with receive.expect "all", not with "others") sent while it was
// open, from receive.grace after a window opened until receive.grace before it closed. Whatever
// was sent in a window and not received is lost, including the last messages of a run and
// everything for a receiver that got nothing. Runs on the Runner's thread after the pools stopped.
class DeliveryReconciler
{
public:
    struct GroupResult
    {
        bool accounted = false;     // the group reads per-sender stamps and expects something
        int receivers = 0;
        quint64 expected = 0;       // sends that fell into a receiver's window, over its receivers
        quint64 received = 0;       // ... of those, received
        quint64 liveLost = 0;       // what the receivers counted lost while the run went
        quint64 lost() const { return expected - received; }
    };

    // One result per scenario group. `endNs`: when the run ended, for a window still open.
    static std::vector<GroupResult> reconcile(const scenario::Scenario &scenario,
                                              const std::vector<const DeliveryLedger *> &ledgers, qint64 endNs);
};
