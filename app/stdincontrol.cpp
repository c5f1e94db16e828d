#include "stdincontrol.h"

#include <QSocketNotifier>

#include <cerrno>
#include <unistd.h>

StdinControl::StdinControl(QObject *parent)
    : QObject(parent)
    , m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinControl::onReadable);
}

void StdinControl::onReadable()
{
    char buffer[4096];
    const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (count < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (count <= 0) {
        m_notifier->setEnabled(false);
        Q_EMIT inputClosed();
        return;
    }
    m_pending.append(buffer, qsizetype(count));
    // A parent that writes garbage without line ends must not grow us without bound.
    if (m_pending.size() > 64 * 1024 && !m_pending.contains('\n'))
        m_pending.clear();
    qsizetype end;
    while ((end = m_pending.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_pending.first(end)).trimmed();
        m_pending.remove(0, end + 1);
        if (!line.isEmpty())
            Q_EMIT commandReceived(line);
    }
}
