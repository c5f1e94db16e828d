#include "servercontext.h"

#include <QDateTime>

namespace {

const char *protocolLabel(int protocol)
{
    switch (protocol) {
    case ServerCounters::WebSocket: return "ws";
    case ServerCounters::Sse: return "sse";
    case ServerCounters::Poll: return "poll";
    default: return "http";
    }
}

void appendMetric(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void appendSample(QByteArray &out, const char *name, quint64 value, const QByteArray &labels = {})
{
    out += name;
    if (!labels.isEmpty())
        out += '{' + labels + '}';
    out += ' ';
    out += QByteArray::number(value);
    out += '\n';
}

void appendBrokerMetrics(QByteArray &out, const BrokerStats &broker)
{
    const auto load = [](const BrokerStats::Counter &counter) { return counter.load(std::memory_order_relaxed); };
    appendMetric(out, "socketscope_broker_up", "gauge", "1 while the broker between instances is connected and answering PINGs.");
    appendSample(out, "socketscope_broker_up", broker.isUp() ? 1 : 0);
    appendMetric(out, "socketscope_broker_connected", "gauge", "1 while connected to the broker (publishes go to it, and wait there while it is stalled).");
    appendSample(out, "socketscope_broker_connected", broker.available.load(std::memory_order_relaxed) ? 1 : 0);
    struct Plain { const char *name; const char *help; const BrokerStats::Counter &value; };
    const Plain plain[] = {
        {"socketscope_broker_published_total", "Messages published on this instance and numbered by the broker.", broker.published},
        {"socketscope_broker_received_total", "Messages received from the broker (this instance's own included).", broker.received},
        {"socketscope_broker_local_only_total", "Messages delivered on this instance only, unnumbered, while the broker was unavailable: other instances never got them.", broker.localOnly},
        {"socketscope_broker_unavailable_total", "Times the broker became unavailable (lost, cut off) or stalled (not answering, as when paused).", broker.availabilityLosses},
        {"socketscope_broker_gap_fills_total", "Reads of a channel's stream to fill a gap in the numbers.", broker.gapFills},
        {"socketscope_broker_gap_recovered_messages_total", "Messages recovered from the broker's stream after a gap.", broker.gapMessagesRecovered},
        {"socketscope_broker_gap_lost_messages_total", "Numbers the broker's stream no longer had when a gap was filled.", broker.gapMessagesLost},
    };
    for (const Plain &metric : plain) {
        appendMetric(out, metric.name, "counter", metric.help);
        appendSample(out, metric.name, load(metric.value));
    }
    appendMetric(out, "socketscope_broker_round_trip_seconds", "gauge", "The last PING round trip to the broker.");
    out += "socketscope_broker_round_trip_seconds " + QByteArray::number(double(broker.roundTripNs.load(std::memory_order_relaxed)) / 1e9, 'g', 6) + '\n';
    appendMetric(out, "socketscope_broker_bus_latency_seconds", "summary", "From publishing on any instance to receiving from the broker here.");
    out += "socketscope_broker_bus_latency_seconds_sum " + QByteArray::number(double(load(broker.busLatencySumUs)) / 1e6, 'g', 9) + '\n';
    out += "socketscope_broker_bus_latency_seconds_count " + QByteArray::number(load(broker.busLatencyCount)) + '\n';
}

void appendPresenceMetrics(QByteArray &out, const PresenceDirectory &presence)
{
    const PresenceDirectory::Counters &counters = presence.counters();
    appendMetric(out, "socketscope_presence_scope", "gauge",
                 "1 while presence and the per-user limit cover every instance joined by the broker, 0 while they cover this instance only.");
    appendSample(out, "socketscope_presence_scope", presence.scope() == PresenceDirectory::Scope::Cluster ? 1 : 0);
    appendMetric(out, "socketscope_presence_members", "gauge", "Users present, summed over channels, as of the last presence event.");
    appendSample(out, "socketscope_presence_members", quint64(qMax<qint64>(0, counters.members.load())));
    appendMetric(out, "socketscope_presence_joins_total", "counter", "presence.join events announced on this instance (a user's first connection to a channel).");
    appendSample(out, "socketscope_presence_joins_total", counters.joins.load());
    appendMetric(out, "socketscope_presence_leaves_total", "counter", "presence.leave events announced on this instance (a user's last connection to a channel closed).");
    appendSample(out, "socketscope_presence_leaves_total", counters.leaves.load());
    appendMetric(out, "socketscope_user_limit_refused_total", "counter", "WebSocket connections refused here by the per-user connection limit (close 4029).");
    appendSample(out, "socketscope_user_limit_refused_total", counters.refused.load());
}

} // namespace

qint64 ServerContext::openConnections(ServerCounters::Protocol protocol) const
{
    qint64 total = 0;
    for (const auto &worker : counters)
        total += worker->open[protocol].load(std::memory_order_relaxed);
    return total;
}

quint64 ServerContext::sum(ServerCounters::Counter ServerCounters::*counter) const
{
    quint64 total = 0;
    for (const auto &worker : counters)
        total += ((*worker).*counter).load(std::memory_order_relaxed);
    return total;
}

QByteArray ServerContext::prometheusText() const
{
    QByteArray out;
    out.reserve(4096);

    appendMetric(out, "socketscope_connections", "gauge", "Open connections by protocol.");
    for (int p = 0; p < ServerCounters::ProtocolCount; ++p)
        appendSample(out, "socketscope_connections", quint64(qMax<qint64>(0, openConnections(ServerCounters::Protocol(p)))),
                     QByteArray("protocol=\"") + protocolLabel(p) + '"');

    appendMetric(out, "socketscope_connections_accepted_total", "counter", "Connections (WS) and subscriptions (SSE, poll requests) accepted.");
    for (int p = 0; p < ServerCounters::ProtocolCount; ++p) {
        quint64 total = 0;
        for (const auto &worker : counters)
            total += worker->accepted[p].load(std::memory_order_relaxed);
        appendSample(out, "socketscope_connections_accepted_total", total, QByteArray("protocol=\"") + protocolLabel(p) + '"');
    }

    appendMetric(out, "socketscope_messages_delivered_total", "counter", "Messages written to subscribers by protocol.");
    for (int p = 0; p < ServerCounters::Http; ++p) {
        quint64 total = 0;
        for (const auto &worker : counters)
            total += worker->delivered[p].load(std::memory_order_relaxed);
        appendSample(out, "socketscope_messages_delivered_total", total, QByteArray("protocol=\"") + protocolLabel(p) + '"');
    }

    struct Plain { const char *name; const char *help; ServerCounters::Counter ServerCounters::*field; };
    const Plain plain[] = {
        {"socketscope_messages_received_total", "Client messages accepted (WebSocket text, POST /publish).", &ServerCounters::messagesReceived},
        {"socketscope_messages_published_total", "Messages published to channels.", &ServerCounters::messagesPublished},
        {"socketscope_bytes_sent_total", "Bytes queued for sending to clients.", &ServerCounters::bytesSent},
        {"socketscope_bytes_received_total", "Bytes received from clients (messages and request bodies).", &ServerCounters::bytesReceived},
        {"socketscope_http_requests_total", "HTTP requests answered.", &ServerCounters::httpRequests},
        {"socketscope_http_errors_total", "HTTP requests answered with 4xx or 5xx.", &ServerCounters::httpErrors},
        {"socketscope_replayed_messages_total", "Messages sent from replay buffers on resume.", &ServerCounters::replayed},
        {"socketscope_resume_resets_total", "Resume points older than the replay buffer (reset signalled).", &ServerCounters::resets},
        {"socketscope_slow_consumer_closes_total", "Subscribers closed for exceeding the unsent-bytes limit.", &ServerCounters::slowConsumerCloses},
        {"socketscope_ping_timeouts_total", "WebSocket connections closed after two missed pongs.", &ServerCounters::pingTimeouts},
        {"socketscope_head_timeouts_total", "HTTP connections closed for sending the request head or body too slowly.", &ServerCounters::headTimeouts},
        {"socketscope_rate_limited_messages_total", "Client messages refused by the rate limit.", &ServerCounters::rateLimited},
        {"socketscope_rate_limit_closes_total", "Connections closed for persistently exceeding the rate limit.", &ServerCounters::rateLimitCloses},
        {"socketscope_invalid_messages_total", "Client messages that were not valid envelopes.", &ServerCounters::invalidMessages},
        {"socketscope_fault_dropped_connections_total", "Connections dropped by the drop-connections fault.", &ServerCounters::faultDroppedConnections},
    };
    for (const Plain &metric : plain) {
        appendMetric(out, metric.name, "counter", metric.help);
        appendSample(out, metric.name, sum(metric.field));
    }

    appendMetric(out, "socketscope_rejected_connections_total", "counter", "Connections or requests refused by policy.");
    appendSample(out, "socketscope_rejected_connections_total", sum(&ServerCounters::rejectedAuth), "reason=\"unauthorized\"");
    appendSample(out, "socketscope_rejected_connections_total", sum(&ServerCounters::rejectedOrigin), "reason=\"origin\"");
    appendSample(out, "socketscope_rejected_connections_total", sum(&ServerCounters::rejectedPerAddress), "reason=\"per_address_limit\"");
    appendSample(out, "socketscope_rejected_connections_total", sum(&ServerCounters::rejectedOversize), "reason=\"too_large\"");

    appendMetric(out, "socketscope_accept_paused_no_descriptors_total", "counter",
                 "Times accepting paused because the process was out of file descriptors.");
    appendSample(out, "socketscope_accept_paused_no_descriptors_total", acceptPausesNoDescriptors.load(std::memory_order_relaxed));

    appendMetric(out, "socketscope_fault_dropped_messages_total", "counter", "Live deliveries dropped by the message-drop fault.");
    appendSample(out, "socketscope_fault_dropped_messages_total", faults.droppedMessages());

    appendMetric(out, "socketscope_channels", "gauge", "Channels that exist (evicted ones no longer do).");
    appendSample(out, "socketscope_channels", quint64(hub.channelCount()));
    appendMetric(out, "socketscope_ephemeral_messages_total", "counter",
                 "Messages of an ephemeral type (--ephemeral-types) relayed unnumbered and not kept.");
    appendSample(out, "socketscope_ephemeral_messages_total", hub.ephemeralRelayed());
    appendMetric(out, "socketscope_channels_max", "gauge", "The channel limit (--max-channels).");
    appendSample(out, "socketscope_channels_max", quint64(hub.maxChannels()));
    appendMetric(out, "socketscope_channels_evicted_total", "counter",
                 "Channels evicted after the idle timeout with no subscriber and nothing published.");
    appendSample(out, "socketscope_channels_evicted_total", hub.evictions());
    appendMetric(out, "socketscope_channel_limit_refused_total", "counter",
                 "Subscriptions and publishes refused because a new channel was over the channel limit.");
    appendSample(out, "socketscope_channel_limit_refused_total", hub.limitRefusals());
    appendMetric(out, "socketscope_workers", "gauge", "Worker threads serving connections.");
    appendSample(out, "socketscope_workers", quint64(counters.size()));
    appendMetric(out, "socketscope_uptime_seconds", "gauge", "Seconds since the server started.");
    appendSample(out, "socketscope_uptime_seconds", quint64(qMax<qint64>(0, QDateTime::currentMSecsSinceEpoch() - startedMs) / 1000));
    if (jwt) {
        appendMetric(out, "socketscope_jwt_refused_total", "counter", "Requests and WebSockets refused for their JSON Web Token, by reason.");
        for (int r = 1; r < int(JwtVerifier::Refusal::Count); ++r) {
            const auto refusal = JwtVerifier::Refusal(r);
            appendSample(out, "socketscope_jwt_refused_total", jwt->refusals(refusal),
                         QByteArray("reason=\"") + JwtVerifier::refusalName(refusal) + '"');
        }
        appendMetric(out, "socketscope_jwt_expired_closes_total", "counter",
                     "WebSockets and SSE streams closed because their token expired while they were open (4001 \"token expired\").");
        appendSample(out, "socketscope_jwt_expired_closes_total", sum(&ServerCounters::tokenExpiredCloses));
    }
    if (broker)
        appendBrokerMetrics(out, *broker);
    if (presence)
        appendPresenceMetrics(out, *presence);
    if (config.usesTls()) {
        appendMetric(out, "socketscope_tls_handshake_failures_total", "counter",
                     "Connections that ended before their TLS handshake completed.");
        appendSample(out, "socketscope_tls_handshake_failures_total", sum(&ServerCounters::tlsHandshakeFailures));
    }
    return out;
}
