#include "embeddedserverhost.h"

#include "server/server.h"

using namespace std::chrono_literals;

EmbeddedServerHost::EmbeddedServerHost(QObject *parent)
    : QObject(parent)
{
}

EmbeddedServerHost::~EmbeddedServerHost()
{
    if (m_server && m_server->isRunning())
        m_server->stopAndWait(5s);
}

bool EmbeddedServerHost::isRunning() const
{
    return m_server && m_server->isRunning();
}

ServerConfig EmbeddedServerHost::requestedConfig() const
{
    ServerConfig config = m_config;
    config.port = m_requestedPort;
    return config;
}

quint16 EmbeddedServerHost::port() const
{
    return m_server ? m_server->port() : m_config.port;
}

bool EmbeddedServerHost::start(const ServerConfig &config, int portAttempts)
{
    if (m_server)
        stop();
    return startOn(config, portAttempts);
}

bool EmbeddedServerHost::startOn(ServerConfig config, int portAttempts)
{
    if (const QString problem = config.validate(); !problem.isEmpty()) {
        m_error = problem;
        Q_EMIT errorOccurred(m_error);
        return false;
    }
    const int attempts = config.port == 0 ? 1 : std::max(1, portAttempts);
    const quint16 firstPort = config.port;
    for (int i = 0; i < attempts && int(firstPort) + i <= 65535; ++i) {
        config.port = quint16(firstPort + i);
        auto candidate = std::make_unique<Server>(config);
        if (candidate->start()) {
            m_server = std::move(candidate);
            m_config = config;
            m_config.port = m_server->port();
            m_requestedPort = firstPort;
            m_error.clear();
            Q_EMIT serverChanged(m_server.get());
            return true;
        }
        m_error = candidate->errorString();
    }
    Q_EMIT errorOccurred(m_error);
    return false;
}

bool EmbeddedServerHost::applyConfig(ServerConfig config)
{
    const ServerConfig previous = m_config;
    if (const QString problem = config.validate(); !problem.isEmpty()) {
        m_error = problem;
        Q_EMIT errorOccurred(m_error);
        return false;
    }
    const bool samePort = config.port == 0 || config.port == previous.port;
    const quint16 wish = samePort ? m_requestedPort : config.port;
    if (samePort)
        config.port = previous.port;
    stop();
    // The same port must be free again at once (the listener sets SO_REUSEADDR): one attempt,
    // so that the address users copied stays right.
    if (startOn(config, 1)) {
        m_requestedPort = wish;
        return true;
    }
    const QString failure = m_error;
    startOn(previous, 20);
    m_error = failure;
    return false;
}

void EmbeddedServerHost::stop()
{
    if (!m_server)
        return;
    if (m_server->isRunning())
        m_server->stopAndWait(5s);
    m_server.reset();
    Q_EMIT serverChanged(nullptr);
}
