#include "redaction.h"

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

} // namespace Redaction
