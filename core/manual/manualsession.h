#pragma once

#include "manual/manualconnection.h"
#include "manual/manualframe.h"

#include <QByteArray>
#include <QObject>
#include <QString>

// What the manual client tab needs from a session of a protocol that runs over WebSocket or
// long-polling (SocketIoManualSession, GraphQlManualSession): its state, a log of timestamped
// ManualFrames, errors, and the ways to end it. The protocol's own commands (emit, subscribe)
// live in each class. The plain WebSocket/SSE mode stays ManualConnection, which has more to
// say about the handshake and the transport.
// Owned by one manual client tab, used in the GUI thread: one session at human rates, so a
// signal per frame is fine.
class ManualSession : public QObject
{
    Q_OBJECT
public:
    using State = ManualConnection::State;

    explicit ManualSession(QObject *parent = nullptr);
    ~ManualSession() override;

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }

    // Opens the last session again with the same options; false when there was none.
    virtual bool reconnect() = 0;
    // Ends the session the way the protocol says goodbye; nothing is reported as an error.
    virtual void close() = 0;
    // Drops the connection at once.
    virtual void abort() = 0;

Q_SIGNALS:
    void stateChanged(ManualConnection::State state);
    void frameLogged(const ManualFrame &frame);
    // Anything that went wrong: a refused connect, a close code of the protocol, a lost connection.
    void errorOccurred(const QString &message);

protected:
    void setState(State state);
    static ManualFrame frame(ManualFrame::Direction direction, ManualFrame::Kind kind, QByteArray payload = {});
    void logNote(ManualFrame::Kind kind, const QString &text);
    // An Error frame in the log and errorOccurred().
    void reportError(const QString &message);

private:
    State m_state = State::Unconnected;
};
