#include "sim/simtarget.h"

#include "protocol/redaction.h"

#include <QFile>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace {

QByteArray newRunTag()
{
    return QByteArray::number(QRandomGenerator::global()->generate64(), 36);
}

QString defaultPath(scenario::Protocol protocol)
{
    switch (protocol) {
    case scenario::Protocol::WebSocket: return QStringLiteral("/ws");
    case scenario::Protocol::Sse: return QStringLiteral("/events");
    case scenario::Protocol::Poll: return QStringLiteral("/poll");
    case scenario::Protocol::Publish: return QStringLiteral("/publish");
    // Always with a `url` (ScenarioLoader): the embedded server speaks neither.
    case scenario::Protocol::SocketIo: return QStringLiteral("/socket.io/");
    case scenario::Protocol::GraphQlWs: return QStringLiteral("/graphql");
    }
    return QStringLiteral("/");
}

} // namespace

SimTarget SimTarget::fromUrl(const QUrl &url, QString *error)
{
    SimTarget target;
    const QString scheme = url.scheme().toLower();
    const bool secure = scheme == QLatin1String("wss") || scheme == QLatin1String("https");
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss")
            && scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        if (error)
            *error = QStringLiteral("expected a ws://, wss://, http:// or https:// URL with a host, got \"%1\"")
                         .arg(Redaction::url(url));
        return {};
    }
    QUrl base;
    base.setHost(url.host());
    base.setPort(url.port(secure ? 443 : 80));
    base.setPath(url.path().isEmpty() ? QStringLiteral("/") : url.path());
    target.baseQuery = url.query(QUrl::FullyEncoded).toUtf8();
    target.webSocketBase = base;
    target.webSocketBase.setScheme(secure ? QStringLiteral("wss") : QStringLiteral("ws"));
    target.httpBase = base;
    target.httpBase.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
    target.runTag = newRunTag();
    return target;
}

SimTarget SimTarget::embeddedServer(quint16 port)
{
    SimTarget target = fromUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)), nullptr);
    target.embedded = true;
    return target;
}

SimTarget SimTarget::forGroupUrls()
{
    SimTarget target;
    target.runTag = newRunTag();
    return target;
}

QUrl SimTarget::urlFor(const scenario::Group &group, const QString &channel,
                       const QList<QPair<QString, QString>> &query, int spread) const
{
    QUrl url = group.protocol == scenario::Protocol::WebSocket ? webSocketBase : httpBase;
    if (!instancePorts.isEmpty())
        url.setPort(instancePorts[qAbs(spread) % instancePorts.size()]);
    // A group's own path wins; then a path given with the target URL; then the protocol's default.
    // A group path may carry a query ("/?room=lobby"): it joins the target's, as written.
    QString groupQuery;
    if (!group.path.isEmpty()) {
        const qsizetype question = group.path.indexOf(u'?');
        url.setPath(question < 0 ? group.path : group.path.left(question), QUrl::TolerantMode);
        if (question >= 0)
            groupQuery = group.path.mid(question + 1);
    } else if (url.path().isEmpty() || url.path() == QLatin1String("/")) {
        url.setPath(defaultPath(group.protocol));
    }
    QStringList written;
    if (!baseQuery.isEmpty())
        written.append(QString::fromUtf8(baseQuery));
    if (!groupQuery.isEmpty())
        written.append(groupQuery);
    QUrlQuery items;
    if (group.protocol != scenario::Protocol::Publish)
        items.addQueryItem(QStringLiteral("channel"), channel);
    if (!token.isEmpty() && group.protocol != scenario::Protocol::Publish)
        items.addQueryItem(QStringLiteral("token"), token);
    for (const auto &[key, value] : query)
        items.addQueryItem(key, value);
    if (!items.isEmpty())
        written.append(items.query(QUrl::FullyEncoded));
    if (!written.isEmpty())
        url.setQuery(written.join(u'&'), QUrl::TolerantMode);
    return url;
}

QHostAddress SimTarget::sourceAddressFor(int clientNumber) const
{
    if (sourceAddressCount <= 1)
        return {};
    // 127.0.0.1 + i: all of 127.0.0.0/8 is the loopback interface on Linux, no setup needed.
    return QHostAddress(quint32(0x7F000001u + quint32(clientNumber % sourceAddressCount) * quint32(sourceAddressStride)));
}

bool SimTarget::isIpv4Loopback() const
{
    const QHostAddress host(webSocketBase.host());
    return host.protocol() == QAbstractSocket::IPv4Protocol && host.isLoopback();
}

int SimTarget::sourceAddressesNeeded(qint64 connections, int ephemeralPorts)
{
    const double usablePerAddress = std::max(1.0, 0.8 * double(ephemeralPorts));
    return int(std::clamp<double>(std::ceil(double(connections) / usablePerAddress), 1.0, double(maxSourceAddresses)));
}

int SimTarget::ephemeralPortCount()
{
    constexpr int linuxDefault = 60999 - 32768 + 1;
    QFile file(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (!file.open(QIODevice::ReadOnly))
        return linuxDefault;
    // "32768\t60999\n": the first and the last port, inclusive.
    const QList<QByteArray> parts = file.readAll().simplified().split(' ');
    bool okLow = false;
    bool okHigh = false;
    const int low = parts.value(0).toInt(&okLow);
    const int high = parts.value(1).toInt(&okHigh);
    if (!okLow || !okHigh || high < low)
        return linuxDefault;
    return high - low + 1;
}
