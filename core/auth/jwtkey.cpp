#include "jwtkey.h"

#include <QFile>
#include <QSslKey>
#include <QStringList>

namespace {

const QStringList algorithms{QStringLiteral("HS256"), QStringLiteral("HS384"), QStringLiteral("HS512"),
                             QStringLiteral("RS256"), QStringLiteral("RS384"), QStringLiteral("RS512"),
                             QStringLiteral("ES256"), QStringLiteral("ES384"), QStringLiteral("ES512")};

} // namespace

bool JwtKey::isKnownAlgorithm(const QString &algorithm)
{
    return algorithms.contains(algorithm);
}

QString JwtKey::knownAlgorithms()
{
    return algorithms.join(QStringLiteral(", "));
}

std::optional<JwtKey> JwtKey::load(const QString &algorithm, const QByteArray &secret, const QString &keyFile, Use use,
                                   QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isKnownAlgorithm(algorithm))
        return fail(QStringLiteral("JWT algorithm '%1' is not one of %2").arg(algorithm, knownAlgorithms()));
    if (usesSecret(algorithm)) {
        if (!keyFile.isEmpty())
            return fail(QStringLiteral("JWT %1 signs with a shared secret, not a key file ('%2')").arg(algorithm, keyFile));
        if (secret.isEmpty())
            return fail(QStringLiteral("JWT %1 needs a secret").arg(algorithm));
        return JwtKey{algorithm, secret};
    }
    const QString kind = use == Use::Verify ? QStringLiteral("public") : QStringLiteral("private");
    if (!secret.isEmpty())
        return fail(QStringLiteral("JWT %1 uses a %2 key file, not a secret").arg(algorithm, kind));
    if (keyFile.isEmpty())
        return fail(QStringLiteral("JWT %1 needs a PEM %2 key file").arg(algorithm, kind));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the JWT key file '%1': %2").arg(keyFile, file.errorString()));
    const QByteArray pem = file.read(1024 * 1024);
    // Checked here so that a wrong file is named at start, not as "invalid signature" on every
    // connection: RS* needs an RSA key, ES* an elliptic-curve one (RFC 7518 3.3, 3.4).
    const QSsl::KeyAlgorithm expected = algorithm.startsWith(u"RS") ? QSsl::Rsa : QSsl::Ec;
    const QSslKey key(pem, expected, QSsl::Pem, use == Use::Verify ? QSsl::PublicKey : QSsl::PrivateKey);
    if (key.isNull()) {
        return fail(QStringLiteral("the JWT key file '%1' is not a PEM %2 %3 key")
                        .arg(keyFile, expected == QSsl::Rsa ? QStringLiteral("RSA") : QStringLiteral("EC"), kind));
    }
    return JwtKey{algorithm, pem};
}
