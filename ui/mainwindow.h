#pragma once

#include <QMainWindow>

class QLabel;
class QTimer;
class EmbeddedServerHost;

// The application window. For now (until the full desktop issue lands) it shows where the
// embedded server listens, the page URL with a copy button, and live connection counts read
// from the server's counters ten times a second. It never touches sockets itself.
// Settings > Worker event loop chooses the server and simulator threads' event loop (the
// project's epoll loop or Qt's stock one, to compare); it is saved and applies at the next start.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(EmbeddedServerHost &host, QWidget *parent = nullptr);

    // The QSettings key of the worker event-loop choice ("epoll" or "qt").
    static QString eventLoopSettingsKey();

private:
    void refresh();
    void buildSettingsMenu();

    EmbeddedServerHost &m_host;
    QLabel *m_address = nullptr;
    QLabel *m_pageUrl = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_webSocket = nullptr;
    QLabel *m_sse = nullptr;
    QLabel *m_poll = nullptr;
    QLabel *m_published = nullptr;
    QTimer *m_refresh = nullptr;
};
