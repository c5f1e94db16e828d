#include "deliveryqueue.h"

DeliveryQueue::DeliveryQueue(std::function<void()> wake)
    : m_wake(std::move(wake))
{
}

void DeliveryQueue::push(MessagePtr message)
{
    bool wasEmpty = false;
    {
        QMutexLocker lock(&m_mutex);
        wasEmpty = m_pending.empty();
        m_pending.push_back(std::move(message));
    }
    if (wasEmpty && m_wake)
        m_wake();
}

std::vector<MessagePtr> DeliveryQueue::takeAll()
{
    std::vector<MessagePtr> batch;
    QMutexLocker lock(&m_mutex);
    batch.swap(m_pending);
    return batch;
}
