#pragma once

#include <QHash>
#include <QString>

#include <deque>
#include <utility>

// Requests waiting for their answer (receive.correlate, docs/scenarios.md): a key the server
// echoes ({{uuid}} or {{seq}} of the request) and when the request was meant to go out. An
// answer resolves its request into a round trip; a request unanswered for receive.timeout is
// lost. One per simulated client, on its pool's thread.
class PendingRequests
{
public:
    void add(const QString &key, qint64 intendedNs);
    // The request `key` was answered: its intended send time, or -1 if none is waiting (an
    // answer to a request already timed out, a duplicate, or someone else's).
    qint64 resolve(const QString &key);
    // Drops the requests sent before `deadlineNs`; returns how many (each one is lost).
    quint64 expireBefore(qint64 deadlineNs);
    qsizetype size() const { return m_waiting.size(); }

private:
    QHash<QString, qint64> m_waiting;
    std::deque<std::pair<qint64, QString>> m_order; // by send time; resolved ones are skipped
};
