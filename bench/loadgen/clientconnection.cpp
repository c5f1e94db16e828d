#include "clientconnection.h"

#include "connectionobserver.h"
#include "monotonicclock.h"

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {

// Reads go through one buffer shared by every connection of the thread; only bytes a
// protocol could not consume yet are copied into the connection.
constexpr size_t scratchSize = 64 * 1024;
thread_local char scratch[scratchSize];

// How many reads one readiness event may do, so one busy connection cannot starve the others
// (the loop is level-triggered: what is left is reported again).
constexpr int readsPerEvent = 4;

std::string errorText(const char *what, int error)
{
    return std::string(what) + ": " + std::strerror(error);
}

} // namespace

ClientConnection::ClientConnection(EventLoop &loop, ConnectionObserver &observer, int index)
    : m_loop(loop)
    , m_observer(observer)
    , m_index(index)
{
}

ClientConnection::~ClientConnection()
{
    close();
}

bool ClientConnection::start(const sockaddr_in &source, const sockaddr_in &target, std::string host, std::string requestTarget)
{
    m_host = std::move(host);
    m_requestTarget = std::move(requestTarget);
    m_startedNs = MonotonicClock::nowNs();
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        m_failure = errorText("socket", errno);
        m_state = State::Closed;
        return false;
    }
    const int one = 1;
    // Small messages must not wait for Nagle's algorithm: that would be 40 ms of latency.
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // Pick the source port at connect() time, per destination, instead of reserving one at
    // bind() for every destination: otherwise each source address would give far fewer ports.
    ::setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    if (::bind(m_fd, reinterpret_cast<const sockaddr *>(&source), sizeof source) != 0) {
        m_failure = errorText("bind", errno);
        ::close(m_fd);
        m_fd = -1;
        m_state = State::Closed;
        return false;
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&target), sizeof target) != 0 && errno != EINPROGRESS) {
        m_failure = errorText("connect", errno);
        ::close(m_fd);
        m_fd = -1;
        m_state = State::Closed;
        return false;
    }
    m_state = State::Connecting;
    // The socket turns writable when the connect completed (or failed).
    if (!m_loop.add(m_fd, EPOLLOUT, this)) {
        m_failure = errorText("epoll_ctl", errno);
        ::close(m_fd);
        m_fd = -1;
        m_state = State::Closed;
        return false;
    }
    return true;
}

void ClientConnection::close()
{
    if (m_fd < 0)
        return;
    m_loop.remove(m_fd);
    ::close(m_fd);
    m_fd = -1;
    m_state = State::Closed;
    // m_in stays: consume() may still be reading it when a protocol error closes the connection.
    m_out.clear();
    m_outSent = 0;
}

void ClientConnection::fail(std::string reason)
{
    if (m_state == State::Closed)
        return;
    if (m_failure.empty())
        m_failure = std::move(reason);
    close();
    m_observer.onClosed(*this);
}

void ClientConnection::markOpen(int64_t nowNs)
{
    m_state = State::Open;
    m_openedNs = nowNs;
    m_observer.onOpened(*this, nowNs);
}

void ClientConnection::onIo(uint32_t events)
{
    if (m_fd < 0)
        return; // closed earlier in this batch of events
    if (m_state == State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
            fail(errorText("connect", error ? error : ECONNREFUSED));
            return;
        }
        onConnected();
        return;
    }
    if (events & EPOLLOUT)
        flush();
    if (m_fd >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        readAvailable();
}

void ClientConnection::onConnected()
{
    m_state = State::Handshaking;
    m_wantWrite = false;
    m_loop.modify(m_fd, EPOLLIN, this);
    sendRequest();
}

void ClientConnection::readAvailable()
{
    for (int round = 0; round < readsPerEvent && m_fd >= 0; ++round) {
        const ssize_t got = ::read(m_fd, scratch, scratchSize);
        if (got == 0) {
            fail(m_state == State::Open ? "closed by the server" : "closed by the server during the handshake");
            return;
        }
        if (got < 0) {
            if (errno == EAGAIN || errno == EINTR)
                return;
            fail(errorText("read", errno));
            return;
        }
        const int64_t now = MonotonicClock::nowNs();
        size_t used = 0;
        if (m_in.empty()) {
            used = consume(std::string_view(scratch, size_t(got)), now);
            if (m_fd >= 0 && used < size_t(got))
                m_in.assign(scratch + used, size_t(got) - used);
        } else {
            m_in.append(scratch, size_t(got));
            used = consume(m_in, now);
            if (m_fd >= 0)
                m_in.erase(0, used);
            else
                m_in.clear();
        }
        if (size_t(got) < scratchSize)
            return; // the socket is drained
    }
}

void ClientConnection::write(std::string_view bytes)
{
    if (m_fd < 0)
        return;
    if (m_outSent == m_out.size()) {
        // Nothing queued: try the socket first and keep only what it did not take.
        const ssize_t sent = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno != EAGAIN && errno != EINTR) {
            fail(errorText("send", errno));
            return;
        }
        const size_t taken = sent > 0 ? size_t(sent) : 0;
        if (taken == bytes.size())
            return;
        m_out.assign(bytes.substr(taken));
        m_outSent = 0;
    } else {
        m_out.append(bytes);
    }
    updateInterest();
}

void ClientConnection::flush()
{
    while (m_outSent < m_out.size()) {
        const ssize_t sent = ::send(m_fd, m_out.data() + m_outSent, m_out.size() - m_outSent, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EINTR)
                break;
            fail(errorText("send", errno));
            return;
        }
        m_outSent += size_t(sent);
    }
    if (m_outSent == m_out.size()) {
        m_out.clear();
        m_outSent = 0;
    }
    updateInterest();
}

void ClientConnection::updateInterest()
{
    const bool wantWrite = m_outSent < m_out.size();
    if (wantWrite == m_wantWrite || m_fd < 0)
        return;
    m_wantWrite = wantWrite;
    m_loop.modify(m_fd, wantWrite ? (EPOLLIN | EPOLLOUT) : EPOLLIN, this);
}
