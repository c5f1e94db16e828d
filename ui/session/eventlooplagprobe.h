#pragma once

#include <QObject>
#include <QTimer>

// Measures how late this thread's event loop runs a timer: a 100 ms precise timer whose
// lateness is the time the loop spent on other work first. The window's status bar shows the
// worst lateness of the last second; a GUI that lags cannot show a run as it happens.
class EventLoopLagProbe : public QObject
{
    Q_OBJECT
public:
    explicit EventLoopLagProbe(QObject *parent = nullptr);

    // The worst lateness seen over the last second (about ten samples), in milliseconds.
    double recentMaxLagMs() const;

private:
    void onTick();

    QTimer m_timer;
    qint64 m_expectedNs = 0;
    double m_samples[10] = {};
    int m_next = 0;
};
