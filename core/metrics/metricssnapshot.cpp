#include "metrics/metricssnapshot.h"

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
    return *this;
}
