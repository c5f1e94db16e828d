#include "redaction.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <array>

namespace Redaction {

bool isSecretQueryKey(QStringView key)
{
    static constexpr std::array<QStringView, 12> secretKeys = {
        u"token", u"access_token", u"accesstoken", u"auth", u"authorization", u"password",
        u"passwd", u"secret", u"api_key", u"apikey", u"key", u"jwt",
    };
    for (QStringView secret : secretKeys) {
        if (key.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString url(const QUrl &url)
{
    QUrl shown = url;
    if (!shown.password().isEmpty())
        shown.setPassword(placeholder.toString());
    if (shown.hasQuery()) {
        QUrlQuery query(shown);
        auto items = query.queryItems(QUrl::FullyEncoded);
        bool changed = false;
        for (auto &[key, value] : items) {
            if (isSecretQueryKey(QUrl::fromPercentEncoding(key.toUtf8()))) {
                value = placeholder.toString();
                changed = true;
            }
        }
        if (changed) {
            query.setQueryItems(items);
            shown.setQuery(query);
        }
    }
    return shown.toString();
}

namespace {

bool isSecretMember(QStringView key)
{
    for (QStringView secret : {u"token", u"password", u"secret", u"passphrase"}) {
        if (key.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isCredentialHeader(QStringView name)
{
    for (QStringView header : {u"authorization", u"proxy-authorization", u"cookie", u"x-api-key", u"x-auth-token"}) {
        if (name.compare(header, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonValue redactedValue(const QJsonValue &value, bool insideHeaders);

QJsonObject redactedObject(const QJsonObject &object, bool insideHeaders)
{
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        if (it->isString() && (isSecretMember(key) || (insideHeaders && isCredentialHeader(key))))
            result.insert(key, placeholder.toString());
        else
            result.insert(key, redactedValue(*it, key == u"headers"));
    }
    return result;
}

QJsonValue redactedValue(const QJsonValue &value, bool insideHeaders)
{
    if (value.isObject())
        return redactedObject(value.toObject(), insideHeaders);
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &element : value.toArray())
            array.append(redactedValue(element, false));
        return array;
    }
    if (value.isString() && value.toString().contains(u"://")) {
        const QUrl parsed(value.toString(), QUrl::StrictMode);
        // Rewritten only when a secret was replaced: other URLs keep their exact spelling.
        const QString shown = parsed.isValid() ? Redaction::url(parsed) : QString();
        if (shown.contains(placeholder))
            return shown;
    }
    return value;
}

} // namespace

QJsonObject json(const QJsonObject &object)
{
    return redactedObject(object, false);
}

} // namespace Redaction
