#pragma once

#include <QTcpServer>

#include <functional>

// The one listening socket. It only accepts: each new descriptor is handed to a worker thread
// (round robin), which creates the QTcpSocket there and reads the request head.
class Listener : public QTcpServer
{
    Q_OBJECT
public:
    using Dispatch = std::function<void(qintptr descriptor)>;

    explicit Listener(Dispatch dispatch, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Dispatch m_dispatch;
};
