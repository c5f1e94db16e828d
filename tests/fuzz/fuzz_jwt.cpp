// libFuzzer target: the JSON Web Tokens clients present to the embedded server (core/auth,
// docs/server.md "JWT"). Two halves of each input:
// - as a token (JwtVerifier::verify, on every upgrade and request with ?token= or a bearer):
//   never accepted (nothing here holds the secret's signature), refused with a reason that fits
//   a close frame;
// - as claims (a JSON object) signed with the secret (JwtMinter): the signature and algorithm are
//   then always right, so a refusal can only be about the claims (exp, nbf, sub, their types),
//   and an accepted token's user is its sub.
#include "auth/jwtminter.h"
#include "auth/jwtverifier.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_jwt: invariant violated: %s\n", what);
        std::abort();
    }
}

const QByteArray secret = QByteArrayLiteral("fuzzing secret");
constexpr qint64 nowMs = 1'800'000'000'000;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const JwtVerifier verifier(JwtKey{QStringLiteral("HS256"), secret});
    static const JwtMinter minter(JwtKey{QStringLiteral("HS256"), secret});
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    const JwtVerifier::Result asToken = verifier.verify(bytes, nowMs);
    check(!asToken.ok(), "a token nobody signed was accepted");
    check(!asToken.reason.isEmpty() && asToken.reason.toUtf8().size() <= 123, "a refusal without a reason that fits a close frame");

    const QJsonDocument document = QJsonDocument::fromJson(bytes.toByteArray());
    if (!document.isObject())
        return 0;
    const QByteArray token = minter.mint(document.object(), nowMs, {});
    if (token.isEmpty())
        return 0; // libjwt refused the claims (a key it cannot take)
    const JwtVerifier::Result signedBySecret = verifier.verify(token, nowMs);
    check(signedBySecret.refusal != JwtVerifier::Refusal::BadSignature
              && signedBySecret.refusal != JwtVerifier::Refusal::WrongAlgorithm
              && signedBySecret.refusal != JwtVerifier::Refusal::Missing,
          "a token signed with the secret failed its signature or algorithm");
    if (signedBySecret.ok())
        check(signedBySecret.user == document.object().value(QLatin1String("sub")).toString(), "the user is not the sub");
    return 0;
}
