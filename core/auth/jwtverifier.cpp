#include "jwtverifier.h"

#include "presence/presencedirectory.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <jwt.h>

#include <cmath>
#include <cstdlib>
#include <memory>

namespace {

struct JwtFree
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

// A JWT is three base64url parts; anything far longer than a header, claims and an RSA-4096
// signature is refused before parsing.
constexpr qsizetype maxTokenBytes = 16 * 1024;

} // namespace

JwtVerifier::JwtVerifier(JwtKey key)
    : m_key(std::move(key))
{
}

const char *JwtVerifier::refusalName(Refusal refusal)
{
    switch (refusal) {
    case Refusal::None: return "none";
    case Refusal::Missing: return "missing";
    case Refusal::Malformed: return "malformed";
    case Refusal::WrongAlgorithm: return "wrong_algorithm";
    case Refusal::BadSignature: return "bad_signature";
    case Refusal::Expired: return "expired";
    case Refusal::NotYetValid: return "not_yet_valid";
    case Refusal::NoSubject: return "no_subject";
    case Refusal::BadSubject: return "bad_subject";
    case Refusal::Count: break;
    }
    return "unknown";
}

JwtVerifier::Result JwtVerifier::refuse(Refusal refusal, const QString &reason) const
{
    m_refusals[size_t(refusal)].fetch_add(1, std::memory_order_relaxed);
    Result result;
    result.refusal = refusal;
    result.reason = reason;
    return result;
}

JwtVerifier::Result JwtVerifier::verify(QByteArrayView token, qint64 nowMs) const
{
    if (token.isEmpty())
        return refuse(Refusal::Missing, QStringLiteral("token required: pass ?token= or Authorization: Bearer"));
    if (token.size() > maxTokenBytes || token.contains('\0'))
        return refuse(Refusal::Malformed, QStringLiteral("malformed token"));
    const QByteArray text = token.toByteArray(); // libjwt wants it NUL-terminated

    // The header first, unverified, only to compare its "alg" with ours: libjwt would otherwise
    // verify with whatever algorithm the token names (RFC 8725 2.1, 3.1). (libjwt 1.10 reports
    // "none" for any token decoded without a key, so the header is read here.)
    const qsizetype dot = text.indexOf('.');
    const QByteArray::FromBase64Result header = QByteArray::fromBase64Encoding(
        dot > 0 ? text.first(dot) : QByteArray(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const QJsonValue alg = header ? QJsonDocument::fromJson(*header).object().value(QLatin1String("alg")) : QJsonValue();
    if (!alg.isString())
        return refuse(Refusal::Malformed, QStringLiteral("malformed token"));
    const QString offered = alg.toString().left(16);
    if (offered != m_key.algorithm)
        return refuse(Refusal::WrongAlgorithm, QStringLiteral("wrong algorithm: %1 (expected %2)").arg(offered, m_key.algorithm));

    jwt_t *raw = nullptr;
    if (jwt_decode(&raw, text.constData(), reinterpret_cast<const unsigned char *>(m_key.material.constData()),
                   int(m_key.material.size())) != 0 || !raw)
        return refuse(Refusal::BadSignature, QStringLiteral("invalid signature"));
    JwtPtr verified(raw);
    char *claimsText = jwt_get_grants_json(verified.get(), nullptr);
    const QJsonDocument claims = claimsText ? QJsonDocument::fromJson(claimsText) : QJsonDocument();
    std::free(claimsText);
    if (!claims.isObject())
        return refuse(Refusal::Malformed, QStringLiteral("malformed token: the claims are not a JSON object"));
    const QJsonObject object = claims.object();

    // RFC 7519 2: a NumericDate is seconds since the epoch, possibly with a fraction.
    const auto numericDate = [&object](const char *name, std::optional<qint64> *ms) {
        const QJsonValue value = object.value(QLatin1String(name));
        if (value.isUndefined())
            return true;
        if (!value.isDouble() || !std::isfinite(value.toDouble()) || std::abs(value.toDouble()) > 1e13)
            return false;
        *ms = qint64(std::floor(value.toDouble() * 1000.0));
        return true;
    };
    std::optional<qint64> expiresMs;
    std::optional<qint64> notBeforeMs;
    if (!numericDate("exp", &expiresMs))
        return refuse(Refusal::Malformed, QStringLiteral("malformed token: exp is not a NumericDate"));
    if (!numericDate("nbf", &notBeforeMs))
        return refuse(Refusal::Malformed, QStringLiteral("malformed token: nbf is not a NumericDate"));
    // RFC 7519 4.1.4: not accepted on or after exp; 4.1.5: not before nbf.
    if (expiresMs && nowMs >= *expiresMs)
        return refuse(Refusal::Expired, QStringLiteral("token expired"));
    if (notBeforeMs && nowMs < *notBeforeMs)
        return refuse(Refusal::NotYetValid, QStringLiteral("token not yet valid"));
    const QJsonValue subject = object.value(QLatin1String("sub"));
    if (!subject.isString() || subject.toString().isEmpty())
        return refuse(Refusal::NoSubject, QStringLiteral("token has no sub"));
    if (!PresenceDirectory::isValidUser(subject.toString()))
        return refuse(Refusal::BadSubject, QStringLiteral("token sub is not a user name (%1)").arg(PresenceDirectory::validUserForm()));

    Result result;
    result.user = subject.toString();
    result.expiresAtMs = expiresMs;
    return result;
}
