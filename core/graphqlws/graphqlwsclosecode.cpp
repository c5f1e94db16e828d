#include "graphqlwsclosecode.h"

#include <QCoreApplication>

QString GraphQlWsCloseCode::meaning(quint16 code)
{
    switch (code) {
    case BadRequest:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Bad request");
    case Unauthorized:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Unauthorized");
    case Forbidden:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Forbidden");
    case SubprotocolNotAcceptable:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Subprotocol not acceptable");
    case ConnectionInitialisationTimeout:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Connection initialisation timeout");
    case SubscriberAlreadyExists:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Subscriber already exists");
    case TooManyInitialisationRequests:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Too many initialisation requests");
    case InternalServerError:
        return QCoreApplication::translate("GraphQlWsCloseCode", "Internal server error");
    }
    return QString();
}
