#pragma once

#include "eventloop.h"

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <string_view>

class ConnectionObserver;

// One non-blocking TCP client connection on the EventLoop: connect from a chosen loopback source
// address, send a request, then hand every byte the server sends to the protocol (WsConnection,
// SseConnection). Owned by a ConnectionSwarm; lives until the benchmark ends.
class ClientConnection : public IoHandler
{
public:
    enum class State { New, Connecting, Handshaking, Open, Closed };

    ClientConnection(EventLoop &loop, ConnectionObserver &observer, int index);
    ~ClientConnection() override;
    ClientConnection(const ClientConnection &) = delete;
    ClientConnection &operator=(const ClientConnection &) = delete;

    // Starts connecting to `target` from `source` (port chosen by the kernel at connect time);
    // `host` and `requestTarget` go into the request. False (and failure() set) when it could not start.
    bool start(const sockaddr_in &source, const sockaddr_in &target, std::string host, std::string requestTarget);
    // Closes the socket without telling anyone (the benchmark is done with it).
    void close();

    int index() const { return m_index; }
    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    int64_t startedNs() const { return m_startedNs; }
    int64_t openedNs() const { return m_openedNs; }
    const std::string &failure() const { return m_failure; }
    size_t pendingOutput() const { return m_out.size() - m_outSent; }

    // Set by the swarm when the server's session.welcome arrived: the connection is subscribed.
    bool isReady() const { return m_ready; }
    uint64_t welcomeLatest() const { return m_welcomeLatest; }
    void setReady(uint64_t welcomeLatest)
    {
        m_ready = true;
        m_welcomeLatest = welcomeLatest;
    }

    void onIo(uint32_t events) override;

protected:
    // The TCP connection is up: send the request.
    virtual void sendRequest() = 0;
    // Handles received bytes; returns how many it used (the rest is kept for the next call).
    // It may call fail() or close(), after which nothing more is delivered.
    virtual size_t consume(std::string_view bytes, int64_t nowNs) = 0;

    void write(std::string_view bytes);
    void markOpen(int64_t nowNs);
    void fail(std::string reason);

    ConnectionObserver &observer() { return m_observer; }
    const std::string &host() const { return m_host; }
    const std::string &requestTarget() const { return m_requestTarget; }

private:
    void onConnected();
    void readAvailable();
    void flush();
    void updateInterest();

    EventLoop &m_loop;
    ConnectionObserver &m_observer;
    int m_index;
    int m_fd = -1;
    State m_state = State::New;
    bool m_wantWrite = false;
    bool m_ready = false;
    uint64_t m_welcomeLatest = 0;
    int64_t m_startedNs = 0;
    int64_t m_openedNs = 0;
    std::string m_host;
    std::string m_requestTarget;
    std::string m_failure;
    std::string m_in;     // received bytes not yet consumed
    std::string m_out;    // bytes the socket did not take yet
    size_t m_outSent = 0; // of m_out
};
