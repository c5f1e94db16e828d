#include "delivery/deliveryreconciler.h"

#include <QHash>

#include <algorithm>
#include <chrono>

namespace {

// The sequence numbers of `sender`'s sends made within [fromNs, toNs]: [first, last], empty
// when first > last. Send times are non-decreasing in the sequence number.
std::pair<quint64, quint64> sentWithin(const SenderLog &sender, qint64 fromNs, qint64 toNs)
{
    const std::vector<qint64> &times = sender.sentNs();
    const auto begin = std::lower_bound(times.begin(), times.end(), fromNs);
    const auto end = std::upper_bound(times.begin(), times.end(), toNs);
    return {quint64(begin - times.begin()) + 1, quint64(end - times.begin())};
}

} // namespace

std::vector<DeliveryReconciler::GroupResult> DeliveryReconciler::reconcile(
    const scenario::Scenario &scenario, const std::vector<const DeliveryLedger *> &ledgers, qint64 endNs)
{
    std::vector<GroupResult> results(scenario.groups.size());
    QHash<QString, std::vector<const SenderLog *>> sendersByChannel;
    for (const DeliveryLedger *ledger : ledgers)
        for (const SenderLog &sender : ledger->senders())
            sendersByChannel[sender.channel()].push_back(&sender);

    for (const DeliveryLedger *ledger : ledgers) {
        for (const ReceiverLog &receiver : ledger->receivers()) {
            const scenario::Group &group = scenario.groups[size_t(receiver.groupIndex())];
            if (group.receive.expect == scenario::ReceiveSettings::Expect::None)
                continue;
            GroupResult &result = results[size_t(receiver.groupIndex())];
            result.accounted = true;
            ++result.receivers;
            result.liveLost += receiver.reportedLost();
            const qint64 graceNs = std::chrono::nanoseconds(group.receive.grace).count();
            const bool others = group.receive.expect == scenario::ReceiveSettings::Expect::Others;
            const auto senders = sendersByChannel.constFind(receiver.channel());
            if (senders == sendersByChannel.cend())
                continue;
            for (const auto &[openedNs, closedNs] : receiver.windows()) {
                const qint64 fromNs = openedNs + graceNs;
                const qint64 toNs = (closedNs < 0 ? endNs : closedNs) - graceNs;
                if (toNs < fromNs)
                    continue; // a session shorter than twice the grace expects nothing
                for (const SenderLog *sender : *senders) {
                    if (others && sender->clientNumber() == receiver.clientNumber())
                        continue;
                    const auto [first, last] = sentWithin(*sender, fromNs, toNs);
                    if (first > last)
                        continue;
                    result.expected += last - first + 1;
                    if (const IntervalSet *got = receiver.receivedFrom(sender->clientNumber()))
                        result.received += got->countIn(first, last);
                }
            }
        }
    }
    return results;
}
