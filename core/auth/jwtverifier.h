#pragma once

#include "jwtkey.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <atomic>
#include <optional>

// Verifies the JSON Web Tokens clients present (?token= or Authorization: Bearer; RFC 7519,
// docs/server.md "JWT"): the signature with the configured algorithm and key (libjwt), then
// what RFC 7519 section 4.1 leaves to the application: the header's "alg" must be the
// configured one (no "none", no HS256 signed with an RSA public key), "exp" and "nbf" are
// NumericDates the current time must be before and not before, "sub" names the user.
// Each kind of refusal has its own reason and counter. Thread-safe: workers share one.
class JwtVerifier
{
public:
    enum class Refusal { None, Missing, Malformed, WrongAlgorithm, BadSignature, Expired, NotYetValid, NoSubject, BadSubject, Count };

    struct Result
    {
        Refusal refusal = Refusal::None;
        QString reason;                    // for a close frame or an error body (under 123 bytes)
        QString user;                      // "sub"
        std::optional<qint64> expiresAtMs; // "exp", when the token has one
        bool ok() const { return refusal == Refusal::None; }
    };

    explicit JwtVerifier(JwtKey key);

    Result verify(QByteArrayView token, qint64 nowMs) const;

    const QString &algorithm() const { return m_key.algorithm; }
    // Refusals so far, by kind (for /metrics).
    quint64 refusals(Refusal refusal) const { return m_refusals[size_t(refusal)].load(std::memory_order_relaxed); }
    static const char *refusalName(Refusal refusal);

private:
    Result refuse(Refusal refusal, const QString &reason) const;

    const JwtKey m_key;
    mutable std::array<std::atomic<quint64>, size_t(Refusal::Count)> m_refusals{};
};
