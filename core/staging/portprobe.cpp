#include "portprobe.h"

#include <QHostAddress>
#include <QTcpSocket>

using namespace std::chrono_literals;

PortProbe::PortProbe(QObject *parent)
    : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(100ms);
    connect(&m_retryTimer, &QTimer::timeout, this, &PortProbe::attempt);
    // A program that accepted but does not answer (paused, still loading) gets another try on
    // a new connection rather than one connection waited on forever.
    m_attemptTimer.setSingleShot(true);
    m_attemptTimer.setInterval(2s);
    connect(&m_attemptTimer, &QTimer::timeout, this, &PortProbe::retryLater);
}

PortProbe::~PortProbe() = default;

void PortProbe::start(quint16 port)
{
    stop();
    m_port = port;
    attempt();
}

void PortProbe::stop()
{
    m_retryTimer.stop();
    m_attemptTimer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
}

void PortProbe::attempt()
{
    stop();
    m_received.clear();
    m_socket = std::make_unique<QTcpSocket>();
    QTcpSocket *socket = m_socket.get();
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        if (m_expectedReply.isEmpty()) {
            stop();
            emit answered();
            return;
        }
        socket->write(m_request);
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        m_received += socket->readAll();
        if (m_received.size() < m_expectedReply.size())
            return;
        const bool ok = m_received.startsWith(m_expectedReply);
        if (ok) {
            stop();
            emit answered();
        } else {
            retryLater();
        }
    });
    connect(socket, &QTcpSocket::errorOccurred, this, &PortProbe::retryLater);
    m_attemptTimer.start();
    socket->connectToHost(QHostAddress::LocalHost, m_port);
}

void PortProbe::retryLater()
{
    stop();
    m_retryTimer.start();
}
