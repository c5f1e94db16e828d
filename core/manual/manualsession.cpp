#include "manual/manualsession.h"

#include <QDateTime>

ManualSession::ManualSession(QObject *parent)
    : QObject(parent)
{
}

ManualSession::~ManualSession() = default;

void ManualSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

ManualFrame ManualSession::frame(ManualFrame::Direction direction, ManualFrame::Kind kind, QByteArray payload)
{
    ManualFrame f;
    f.timeMs = QDateTime::currentMSecsSinceEpoch();
    f.direction = direction;
    f.kind = kind;
    f.payload = std::move(payload);
    return f;
}

void ManualSession::logNote(ManualFrame::Kind kind, const QString &text)
{
    Q_EMIT frameLogged(frame(ManualFrame::Direction::Local, kind, text.toUtf8()));
}

void ManualSession::reportError(const QString &message)
{
    logNote(ManualFrame::Kind::Error, message);
    Q_EMIT errorOccurred(message);
}
