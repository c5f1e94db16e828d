#pragma once

#include "channelmessage.h"

#include <QMutex>

#include <functional>
#include <vector>

// A worker's inbox of published messages. Any thread pushes; the worker drains the whole batch.
// Only the push that finds the queue empty wakes the worker, so under load one wake-up carries
// many messages instead of one cross-thread event per message.
class DeliveryQueue
{
public:
    explicit DeliveryQueue(std::function<void()> wake);

    void push(MessagePtr message);
    std::vector<MessagePtr> takeAll();

private:
    QMutex m_mutex;
    std::vector<MessagePtr> m_pending;
    std::function<void()> m_wake;
};
