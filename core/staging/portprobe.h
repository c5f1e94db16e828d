#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <memory>

class QTcpSocket;

// Knocks on a loopback port until the program behind it is ready: it accepts a connection and,
// when a reply is expected, answers `request` with a reply starting with `expectedReply`
// (Redis: "PING\r\n" -> "+PONG"; NATS greets every client with an "INFO {...}" line unasked).
// A port that accepts is not enough for a broker: Redis accepts while it still loads.
// Retries every 100 ms until answered() or stop(); the owner bounds the whole wait.
class PortProbe : public QObject
{
    Q_OBJECT
public:
    explicit PortProbe(QObject *parent = nullptr);
    ~PortProbe() override;

    void setRequest(const QByteArray &request) { m_request = request; }
    void setExpectedReply(const QByteArray &prefix) { m_expectedReply = prefix; }

    void start(quint16 port);
    void stop();

signals:
    void answered();

private:
    void attempt();
    void retryLater();

    std::unique_ptr<QTcpSocket> m_socket;
    QTimer m_retryTimer;
    QTimer m_attemptTimer;
    QByteArray m_request;
    QByteArray m_expectedReply;
    QByteArray m_received;
    quint16 m_port = 0;
};
