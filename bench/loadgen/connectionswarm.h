#pragma once

#include "clientconnection.h"
#include "connectionobserver.h"
#include "endpoint.h"
#include "jsonobject.h"
#include "latencyhistogram.h"
#include "sourceaddressplan.h"

#include <memory>
#include <string>
#include <vector>

class EventLoop;
class WsConnection;

// N connections of one kind to one URL, opened with at most K handshakes in flight, spread over
// the source addresses of a SourceAddressPlan. A connection is ready when its handshake is done
// or, for the benchmarks that need it subscribed, when the server's session.welcome arrived.
// Messages other than the welcome, and closes, go on to the benchmark (the sink).
class ConnectionSwarm : public ConnectionObserver
{
public:
    enum class Protocol { WebSocket, Sse };
    enum class ReadyWhen { Handshake, Welcome };

    struct Plan
    {
        Protocol protocol = Protocol::WebSocket;
        std::string requestTarget = "/ws?channel=general";
        int count = 0;
        int concurrency = 100;
        ReadyWhen readyWhen = ReadyWhen::Welcome;
    };

    ConnectionSwarm(EventLoop &loop, const Endpoint &target, const SourceAddressPlan &sources, Plan plan,
                    ConnectionObserver *sink);
    ~ConnectionSwarm() override;

    // Opens every connection; true when all are ready before deadlineNs.
    bool open(int64_t deadlineNs);
    void closeAll();

    int count() const { return int(m_connections.size()); }
    int readyCount() const { return m_ready; }
    int failedCount() const { return m_failed; }
    int closedAfterReady() const { return m_closedAfterReady; }
    ClientConnection &connection(int index) { return *m_connections[size_t(index)]; }
    WsConnection &webSocket(int index); // Protocol::WebSocket only
    const LatencyHistogram &handshakeTimes() const { return m_handshakeTimes; }
    // From the first connect() to the last connection ready.
    int64_t openDurationNs() const { return m_lastReadyNs > m_firstStartNs ? m_lastReadyNs - m_firstStartNs : 0; }
    const std::string &firstFailure() const { return m_firstFailure; }
    // Why the first ready connection closed, if one did. The benchmarks treat that as a failure:
    // the server dropped a client it was being measured with.
    const std::string &firstCloseReason() const { return m_firstCloseReason; }
    // "N connections closed during the run (first: ...)", or empty when none did.
    std::string closedDuringRunError(std::string_view what) const;

    // requested, ready, failed, first failure, open time, rate and handshake times.
    JsonObject toJson() const;

    void onOpened(ClientConnection &connection, int64_t nowNs) override;
    void onMessage(ClientConnection &connection, std::string_view text, int64_t nowNs) override;
    void onClosed(ClientConnection &connection) override;

private:
    void markReady(ClientConnection &connection, uint64_t welcomeLatest, int64_t nowNs);
    void noteFailure(const std::string &failure);

    EventLoop &m_loop;
    Endpoint m_target;
    const SourceAddressPlan &m_sources;
    Plan m_plan;
    ConnectionObserver *m_sink;
    std::vector<std::unique_ptr<ClientConnection>> m_connections;
    int m_started = 0;
    int m_ready = 0;
    int m_failed = 0;
    int m_closedAfterReady = 0;
    int64_t m_firstStartNs = 0;
    int64_t m_lastReadyNs = 0;
    LatencyHistogram m_handshakeTimes;
    std::string m_firstFailure;
    std::string m_firstCloseReason;
};
