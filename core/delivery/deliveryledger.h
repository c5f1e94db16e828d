#pragma once

#include "delivery/receiverlog.h"
#include "delivery/senderlog.h"

#include <deque>

// One client pool's SenderLogs and ReceiverLogs (docs/scenarios.md, "Delivery accounting"): its
// clients write them on the pool's thread while the run goes; when every pool has stopped, the
// Runner hands all ledgers to DeliveryReconciler. A deque, so the clients' pointers stay valid
// as logs are added.
class DeliveryLedger
{
public:
    SenderLog *addSender(int clientNumber, int groupIndex, const QString &channel)
    {
        return &m_senders.emplace_back(clientNumber, groupIndex, channel);
    }
    ReceiverLog *addReceiver(int clientNumber, int groupIndex, const QString &channel, bool joinSessions)
    {
        return &m_receivers.emplace_back(clientNumber, groupIndex, channel, joinSessions);
    }
    const std::deque<SenderLog> &senders() const { return m_senders; }
    const std::deque<ReceiverLog> &receivers() const { return m_receivers; }

private:
    std::deque<SenderLog> m_senders;
    std::deque<ReceiverLog> m_receivers;
};
