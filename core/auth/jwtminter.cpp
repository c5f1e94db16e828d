#include "jwtminter.h"

#include <QJsonDocument>

#include <jwt.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

struct JwtFree
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};

} // namespace

JwtMinter::JwtMinter(JwtKey key)
    : m_key(std::move(key))
{
}

QByteArray JwtMinter::mint(const QJsonObject &claims, qint64 nowMs, std::chrono::milliseconds lifetime, QString *error) const
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QByteArray();
    };
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0)
        return fail(QStringLiteral("libjwt could not create a token"));
    std::unique_ptr<jwt_t, JwtFree> jwt(raw);
    // iat and exp are NumericDates in whole seconds (RFC 7519 2); the template's own win.
    QJsonObject all = claims;
    const qint64 nowSeconds = nowMs / 1000;
    if (!all.contains(QLatin1String("iat")))
        all.insert(QLatin1String("iat"), double(nowSeconds));
    if (lifetime.count() > 0 && !all.contains(QLatin1String("exp")))
        all.insert(QLatin1String("exp"), double(nowSeconds + (lifetime.count() + 999) / 1000));
    const QByteArray json = QJsonDocument(all).toJson(QJsonDocument::Compact);
    if (jwt_add_grants_json(jwt.get(), json.constData()) != 0)
        return fail(QStringLiteral("libjwt refused the claims %1").arg(QString::fromUtf8(json)));
    const jwt_alg_t algorithm = jwt_str_alg(m_key.algorithm.toLatin1().constData());
    if (algorithm == JWT_ALG_INVAL
        || jwt_set_alg(jwt.get(), algorithm, reinterpret_cast<const unsigned char *>(m_key.material.constData()),
                       int(m_key.material.size())) != 0)
        return fail(QStringLiteral("libjwt cannot sign with %1 and this key").arg(m_key.algorithm));
    char *encoded = jwt_encode_str(jwt.get());
    if (!encoded)
        return fail(QStringLiteral("libjwt could not sign the token with %1 (is the key a private key?)").arg(m_key.algorithm));
    QByteArray token(encoded);
    std::free(encoded);
    return token;
}
