#include "metrics/recorder.h"

#include <QMutexLocker>

Recorder::Recorder(int groupCount)
    : m_current(size_t(groupCount))
    , m_mailbox(size_t(groupCount))
{
}

void Recorder::publish()
{
    QMutexLocker lock(&m_mailboxMutex);
    for (size_t i = 0; i < m_current.size(); ++i) {
        RecorderInterval &current = m_current[i];
        RecorderInterval &box = m_mailbox[i];
        box.counters += current.counters;
        box.latency.merge(current.latency);
        box.handshake.merge(current.handshake);
        current.counters = {};
        if (current.latency.count())
            current.latency.reset();
        if (current.handshake.count())
            current.handshake.reset();
    }
    m_mailboxDirty = true;
}

void Recorder::take(std::vector<RecorderInterval> &into)
{
    QMutexLocker lock(&m_mailboxMutex);
    if (!m_mailboxDirty)
        return;
    if (into.size() < m_mailbox.size())
        into.resize(m_mailbox.size());
    for (size_t i = 0; i < m_mailbox.size(); ++i) {
        RecorderInterval &box = m_mailbox[i];
        into[i].counters += box.counters;
        into[i].latency.merge(box.latency);
        into[i].handshake.merge(box.handshake);
        box.counters = {};
        if (box.latency.count())
            box.latency.reset();
        if (box.handshake.count())
            box.handshake.reset();
    }
    m_mailboxDirty = false;
}
