#include "metrics/metricssnapshot.h"

#include <QStringList>

ClientCounters &ClientCounters::operator+=(const ClientCounters &other)
{
    connectAttempts += other.connectAttempts;
    connectsFirst += other.connectsFirst;
    reconnects += other.reconnects;
    connectFailures += other.connectFailures;
    closes += other.closes;
    unexpectedCloses += other.unexpectedCloses;
    messagesSent += other.messagesSent;
    messagesReceived += other.messagesReceived;
    bytesSent += other.bytesSent;
    bytesReceived += other.bytesReceived;
    lost += other.lost;
    duplicated += other.duplicated;
    outOfOrder += other.outOfOrder;
    resets += other.resets;
    sendsSkipped += other.sendsSkipped;
    errors += other.errors;
    rejectedSessions += other.rejectedSessions;
    otherReceived += other.otherReceived;
    checkedBySequence += other.checkedBySequence;
    checkedBySender += other.checkedBySender;
    checkedByCorrelation += other.checkedByCorrelation;
    checkedByScript += other.checkedByScript;
    streams += other.streams;
    streamEvents += other.streamEvents;
    streamBytes += other.streamBytes;
    for (auto it = other.outcomes.cbegin(); it != other.outcomes.cend(); ++it)
        outcomes[it.key()] += it.value();
    for (auto it = other.subprotocols.cbegin(); it != other.subprotocols.cend(); ++it)
        subprotocols[it.key()] += it.value();
    return *this;
}

QString GroupMetrics::accounting() const
{
    QStringList kinds;
    if (reconciled || total.checkedBySender > 0)
        kinds.append(QStringLiteral("per sender"));
    if (total.checkedBySequence > 0)
        kinds.append(QStringLiteral("server sequence"));
    if (total.checkedByCorrelation > 0)
        kinds.append(QStringLiteral("round trip"));
    if (total.checkedByScript > 0)
        kinds.append(QStringLiteral("script"));
    return kinds.isEmpty() ? QStringLiteral("none") : kinds.join(QStringLiteral(" + "));
}
