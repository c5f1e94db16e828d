#include "listener.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

// How long to wait before trying again when the process is out of descriptors: long enough not
// to spin, short enough that a freed descriptor is used almost at once.
constexpr auto descriptorRetry = 100ms;
// Accepts per readiness notification: then let the thread's other events run.
constexpr int acceptsPerWakeUp = 256;

QString systemError(const char *what, int error)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(error)));
}

} // namespace

Listener::Listener(Dispatch dispatch, std::atomic<quint64> &exhaustions, QObject *parent)
    : QObject(parent)
    , m_dispatch(std::move(dispatch))
    , m_exhaustions(exhaustions)
{
}

Listener::~Listener()
{
    close();
}

bool Listener::listen(const QHostAddress &address, quint16 port)
{
    close();
    m_error.clear();
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_INET;
    // QHostAddress::Any: one dual-stack IPv6 socket, as QTcpServer does.
    const bool dualStack = address.protocol() == QAbstractSocket::AnyIPProtocol;
    if (address.protocol() == QAbstractSocket::IPv6Protocol || dualStack) {
        family = AF_INET6;
        auto *v6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        if (!dualStack) {
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&v6->sin6_addr, &bytes, sizeof bytes);
        }
        length = sizeof(sockaddr_in6);
    } else if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *v4 = reinterpret_cast<sockaddr_in *>(&storage);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        v4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    } else {
        m_error = QStringLiteral("cannot listen on %1: not an IPv4 or IPv6 address").arg(address.toString());
        return false;
    }

    const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        m_error = systemError("socket", errno);
        return false;
    }
    // As QTcpServer does on Unix: a restarted server can bind while old connections linger in
    // TIME_WAIT.
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (family == AF_INET6) {
        const int v6Only = dualStack ? 0 : 1;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6Only, sizeof v6Only);
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0) {
        const int error = errno;
        ::close(fd);
        m_error = error == EADDRINUSE
            ? QStringLiteral("the port is already in use")
            : systemError("bind", error);
        return false;
    }
    if (::listen(fd, m_backlog) != 0) {
        const int error = errno;
        ::close(fd);
        m_error = systemError("listen", error);
        return false;
    }
    sockaddr_storage bound{};
    socklen_t boundLength = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&bound), &boundLength);
    m_port = ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port
                                      : reinterpret_cast<sockaddr_in *>(&bound)->sin_port);
    m_fd = fd;
    m_notifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &Listener::onReadable);
    return true;
}

void Listener::close()
{
    if (m_fd < 0)
        return;
    delete m_notifier;
    m_notifier = nullptr;
    if (m_resume)
        m_resume->stop();
    ::close(m_fd);
    m_fd = -1;
    m_port = 0;
    m_exhausted = false;
}

void Listener::onReadable()
{
    for (int i = 0; i < acceptsPerWakeUp && m_fd >= 0; ++i) {
        const int descriptor = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (descriptor >= 0) {
            if (m_exhausted) {
                m_exhausted = false;
                qInfo("socketscope: accepting connections again (descriptors were freed)");
            }
            m_dispatch(descriptor);
            continue;
        }
        switch (errno) {
        case EINTR:
        case ECONNABORTED: // the peer gave up while queued
        case EPROTO:
        case EPERM:        // a firewall rule refused this one
            continue;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
        case ENOMEM:
            pauseForDescriptors();
            return;
        default: // EAGAIN: the queue is empty
            return;
        }
    }
}

void Listener::pauseForDescriptors()
{
    m_exhaustions.fetch_add(1, std::memory_order_relaxed);
    if (!m_exhausted) {
        m_exhausted = true;
        rlimit limit{};
        ::getrlimit(RLIMIT_NOFILE, &limit);
        qWarning("socketscope: out of file descriptors (this process may open %llu; ulimit -n): new "
                 "connections wait in the listen backlog until some close. Raise the limit or spread "
                 "the load over more processes.",
                 static_cast<unsigned long long>(limit.rlim_cur));
    }
    // Stop polling the listening socket (it stays readable) and look again shortly.
    m_notifier->setEnabled(false);
    if (!m_resume) {
        m_resume = new QTimer(this);
        m_resume->setSingleShot(true);
        connect(m_resume, &QTimer::timeout, this, [this] {
            if (m_notifier) {
                m_notifier->setEnabled(true);
                onReadable();
            }
        });
    }
    m_resume->start(descriptorRetry);
}
