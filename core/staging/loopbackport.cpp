#include "loopbackport.h"

#include <QHostAddress>
#include <QTcpServer>

namespace LoopbackPort {

quint16 pickFree()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace LoopbackPort
