#include "listener.h"

Listener::Listener(Dispatch dispatch, QObject *parent)
    : QTcpServer(parent)
    , m_dispatch(std::move(dispatch))
{
}

void Listener::incomingConnection(qintptr descriptor)
{
    m_dispatch(descriptor);
}
