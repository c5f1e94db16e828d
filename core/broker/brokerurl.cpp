#include "brokerurl.h"

#include <QUrl>

QString BrokerUrl::kindName(Kind kind)
{
    return kind == Kind::Redis ? QStringLiteral("redis") : QStringLiteral("nats");
}

QString BrokerUrl::toString() const
{
    QString text = kindName(kind) + QStringLiteral("://") + host + QLatin1Char(':') + QString::number(port);
    if (kind == Kind::Redis && database != 0)
        text += QLatin1Char('/') + QString::number(database);
    return text;
}

std::optional<BrokerUrl> BrokerUrl::parse(const QString &text, QString *error)
{
    const auto failed = [&](const QString &why) -> std::optional<BrokerUrl> {
        if (error)
            *error = QStringLiteral("broker '%1': %2 (expected redis://HOST:PORT[/DB] or nats://HOST:PORT)").arg(text, why);
        return std::nullopt;
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return failed(QStringLiteral("not a URL with a host"));
    BrokerUrl broker;
    if (url.scheme() == u"redis")
        broker.kind = Kind::Redis;
    else if (url.scheme() == u"nats")
        broker.kind = Kind::Nats;
    else
        return failed(QStringLiteral("unknown scheme '%1'").arg(url.scheme()));
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return failed(QStringLiteral("credentials, queries and fragments are not supported"));
    broker.host = url.host();
    const int defaultPort = broker.kind == Kind::Redis ? 6379 : 4222;
    const int port = url.port(defaultPort);
    if (port <= 0 || port > 65535)
        return failed(QStringLiteral("port out of range"));
    broker.port = quint16(port);
    QString path = url.path();
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool ok = false;
        broker.database = path.toInt(&ok);
        if (broker.kind != Kind::Redis || !ok || broker.database < 0 || broker.database > 15)
            return failed(QStringLiteral("the path must be a Redis database number 0-15"));
    }
    return broker;
}
