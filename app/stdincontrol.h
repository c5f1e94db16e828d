#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

// `serve --control-stdin`: the parent that started this instance (a scenario staging several
// instances) steers its faults with one command per line on our standard input. Nothing listens
// on the network for it, so nobody else can send one. End of input (the parent went away) is
// reported once, so the instance can stop instead of running on unsupervised.
class StdinControl : public QObject
{
    Q_OBJECT
public:
    explicit StdinControl(QObject *parent = nullptr);

Q_SIGNALS:
    void commandReceived(const QString &line);
    void inputClosed();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_pending;
};
