#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

class QSocketNotifier;
class QTimer;

// The one listening socket, on the server's accept thread. It only accepts: each new descriptor
// is handed to a worker thread (round robin), which creates the QTcpSocket there and reads the
// request head.
//
// A raw accept4() loop rather than QTcpServer, for what happens at the descriptor limit: there
// accept() fails with EMFILE while the connection stays queued, the listening socket stays
// readable, and QTcpServer (which treats that as a temporary error) polls it again at once —
// a busy loop at full CPU with nothing said. Here the listener pauses for a moment, says so once
// per episode and counts it; queued connections wait in the backlog until descriptors free up.
class Listener : public QObject
{
    Q_OBJECT
public:
    using Dispatch = std::function<void(qintptr descriptor)>;

    // `exhaustions` counts the times accepting paused for want of descriptors (for /metrics).
    Listener(Dispatch dispatch, std::atomic<quint64> &exhaustions, QObject *parent = nullptr);
    ~Listener() override;

    // The listen(2) backlog; the kernel caps it at net.core.somaxconn.
    void setListenBacklogSize(int size) { m_backlog = size; }
    bool listen(const QHostAddress &address, quint16 port);
    void close();
    bool isListening() const { return m_fd >= 0; }
    quint16 serverPort() const { return m_port; }
    QString errorString() const { return m_error; }

private:
    void onReadable();
    void pauseForDescriptors();

    Dispatch m_dispatch;
    std::atomic<quint64> &m_exhaustions;
    int m_fd = -1;
    int m_backlog = 4096;
    quint16 m_port = 0;
    QString m_error;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_resume = nullptr;
    bool m_exhausted = false;   // in an episode of EMFILE/ENFILE (said once until it ends)
};
