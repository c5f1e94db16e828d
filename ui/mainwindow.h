#pragma once

#include <QMainWindow>

class QLabel;
class QTimer;
class Server;

// The application window. For now (until the full desktop issue lands) it shows where the
// embedded server listens, the page URL with a copy button, and live connection counts read
// from the server's counters ten times a second. It never touches sockets itself.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Server &server, QWidget *parent = nullptr);

private:
    void refresh();

    Server &m_server;
    QLabel *m_address = nullptr;
    QLabel *m_pageUrl = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_webSocket = nullptr;
    QLabel *m_sse = nullptr;
    QLabel *m_poll = nullptr;
    QLabel *m_published = nullptr;
    QTimer *m_refresh = nullptr;
};
