#include "metrics/recorder.h"

#include <QMutexLocker>

Recorder::Recorder(int groupCount)
    : m_current(size_t(groupCount))
    , m_mailbox(size_t(groupCount))
{
}

void RecorderInterval::merge(const RecorderInterval &other)
{
    counters += other.counters;
    for (auto member : {&RecorderInterval::latency, &RecorderInterval::handshake, &RecorderInterval::rtt,
                        &RecorderInterval::serverLatency, &RecorderInterval::streamFirstEvent,
                        &RecorderInterval::streamGap, &RecorderInterval::streamDuration}) {
        if ((other.*member).count())
            (this->*member).merge(other.*member);
    }
}

void RecorderInterval::clear()
{
    counters = {};
    for (auto member : {&RecorderInterval::latency, &RecorderInterval::handshake, &RecorderInterval::rtt,
                        &RecorderInterval::serverLatency, &RecorderInterval::streamFirstEvent,
                        &RecorderInterval::streamGap, &RecorderInterval::streamDuration}) {
        if ((this->*member).count())
            (this->*member).reset();
    }
}

void Recorder::publish()
{
    QMutexLocker lock(&m_mailboxMutex);
    for (size_t i = 0; i < m_current.size(); ++i) {
        m_mailbox[i].merge(m_current[i]);
        m_current[i].clear();
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
        into[i].merge(m_mailbox[i]);
        m_mailbox[i].clear();
    }
    m_mailboxDirty = false;
}
