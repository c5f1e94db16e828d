#include "accesspolicy.h"

#include "serverconfig.h"
#include "protocol/httprequesthead.h"

bool AccessPolicy::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Every byte of the longer input is looked at whatever the answer, so the time taken does
    // not tell an attacker how much of a guess was right.
    const qsizetype length = qMax(a.size(), b.size());
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < length; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        difference |= x ^ y;
    }
    return difference == 0;
}

bool AccessPolicy::tokenAccepted(const ServerConfig &config, const HttpRequestHead &head)
{
    if (config.token.isEmpty())
        return true;
    const QByteArray expected = config.token.toUtf8();
    bool accepted = false;
    if (head.query.hasQueryItem(QStringLiteral("token"))) {
        const QString offered = head.query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
        accepted = constantTimeEquals(offered.toUtf8(), expected);
    }
    const QByteArray authorization = head.header("Authorization");
    if (authorization.size() > 7 && authorization.first(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
        accepted = constantTimeEquals(authorization.sliced(7).trimmed(), expected) || accepted;
    return accepted;
}

QByteArray AccessPolicy::offeredToken(const HttpRequestHead &head)
{
    const QByteArray authorization = head.header("Authorization");
    if (authorization.size() > 7 && authorization.first(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
        return authorization.sliced(7).trimmed();
    return head.query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
}

bool AccessPolicy::originAllowed(const ServerConfig &config, const HttpRequestHead &head)
{
    if (config.allowedOrigins.isEmpty() || !head.hasHeader("Origin"))
        return true;
    const QString origin = QString::fromUtf8(head.header("Origin"));
    for (const QString &allowed : config.allowedOrigins) {
        if (allowed == u"*" || origin.compare(allowed, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}
