#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// The algorithm and key a JSON Web Token is signed or verified with (RFC 7518 section 3):
// HS256/384/512 with a shared secret, RS256/384/512 and ES256/384/512 with a PEM key (the public
// one to verify, the private one to sign). A plain value; the key bytes are never logged.
struct JwtKey
{
    QString algorithm;  // as the token's "alg" header says it, e.g. "HS256"
    QByteArray material; // the secret, or the PEM text

    enum class Use { Verify, Sign };
    // The secret (HS*) or the PEM file (RS*, ES*) checked against the algorithm; nullopt with
    // `error` naming what was wrong (an unknown algorithm, a missing secret, an unreadable file,
    // a key of another kind).
    static std::optional<JwtKey> load(const QString &algorithm, const QByteArray &secret, const QString &keyFile,
                                      Use use, QString *error);
    static bool isKnownAlgorithm(const QString &algorithm);
    static bool usesSecret(const QString &algorithm) { return algorithm.startsWith(u"HS"); }
    static QString knownAlgorithms();
};
