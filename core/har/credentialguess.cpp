#include "credentialguess.h"

#include <QStringList>

#include <array>
#include <utility>

namespace {

// The words of a name: split at anything but letters and digits, and where a lower-case letter
// is followed by an upper-case one ("accessToken" -> access, token).
QStringList words(QStringView name)
{
    QStringList result;
    QString word;
    QChar previous;
    for (const QChar c : name) {
        if (!c.isLetterOrNumber()) {
            if (!word.isEmpty())
                result.append(std::exchange(word, QString()));
        } else {
            if (c.isUpper() && previous.isLower() && !word.isEmpty())
                result.append(std::exchange(word, QString()));
            word.append(c.toLower());
        }
        previous = c;
    }
    if (!word.isEmpty())
        result.append(word);
    return result;
}

bool isBase64UrlChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
}

bool isOpaqueChar(QChar c)
{
    return isBase64UrlChar(c) || c == u'+' || c == u'/' || c == u'=';
}

bool mixesLettersAndDigits(QStringView text)
{
    bool letter = false;
    bool digit = false;
    for (const QChar c : text) {
        letter = letter || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
        digit = digit || (c >= u'0' && c <= u'9');
    }
    return letter && digit;
}

} // namespace

bool CredentialGuess::isCredentialName(QStringView name)
{
    // Substrings that only names of secrets contain.
    static constexpr std::array<QStringView, 10> fragments = {
        u"token", u"secret", u"passw", u"sessid", u"session", u"jwt", u"apikey", u"signature", u"credential", u"authoriz",
    };
    const QString lower = name.toString().toLower();
    for (QStringView fragment : fragments) {
        if (lower.contains(fragment))
            return true;
    }
    // Whole words: "key" in api_key or apiKey, not in "monkey"; "auth" not in "author".
    static constexpr std::array<QStringView, 11> secretWords = {
        u"auth", u"oauth", u"key", u"sid", u"sig", u"pwd", u"pass", u"otp", u"ticket", u"hmac", u"sess",
    };
    for (const QString &word : words(name)) {
        for (QStringView secret : secretWords) {
            if (word == secret)
                return true;
        }
    }
    return false;
}

bool CredentialGuess::isJwt(QStringView value)
{
    // RFC 7519 7.1: a JWS compact serialisation is three base64url parts joined by dots; the
    // first is a JSON header, so it starts "eyJ" ('{"'). Other signed tokens (payload.time.sig)
    // have the shape without the header, and are taken when long and opaque enough not to be a
    // host name or a version.
    const QList<QStringView> parts = value.split(u'.');
    if (parts.size() != 3)
        return false;
    for (QStringView part : parts) {
        for (const QChar c : part) {
            if (!isBase64UrlChar(c))
                return false;
        }
    }
    if (parts[0].size() < 4 || parts[1].size() < 4)
        return false;
    if (parts[0].startsWith(u"eyJ"))
        return true;
    return value.size() >= 32 && parts[0].size() >= 8 && parts[1].size() >= 8 && parts[2].size() >= 8
        && mixesLettersAndDigits(value);
}

bool CredentialGuess::looksLikeCredential(QStringView value)
{
    value = value.trimmed();
    if (isJwt(value))
        return true;
    if (value.size() < 16)
        return false;
    for (const QChar c : value) {
        if (!isOpaqueChar(c))
            return false;
    }
    if (!mixesLettersAndDigits(value))
        return false;
    // A hex or base64 id mixes letters and digits inside its pieces; "lobby-2024-main-room"
    // mixes them only across pieces.
    for (QStringView piece : value.split(u'-')) {
        for (QStringView inner : piece.split(u'_')) {
            if (inner.size() >= 4 && mixesLettersAndDigits(inner))
                return true;
        }
    }
    return false;
}

QString CredentialGuess::marker(QStringView name)
{
    QString upper;
    for (const QChar c : name) {
        const QChar u = c.toUpper();
        if ((u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9'))
            upper.append(u);
        else if (!upper.isEmpty() && !upper.endsWith(u'_'))
            upper.append(u'_');
    }
    upper.truncate(40);
    while (upper.endsWith(u'_'))
        upper.chop(1);
    return QStringLiteral("FILL_IN_") + (upper.isEmpty() ? QStringLiteral("VALUE") : upper);
}
