#include "credentialscrubber.h"

#include "credentialguess.h"
#include "message/jsonpath.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace {

QString decodedQueryText(QStringView text)
{
    // application/x-www-form-urlencoded: "+" is a space.
    QString plus = text.toString();
    plus.replace(u'+', u' ');
    return QUrl::fromPercentEncoding(plus.toUtf8());
}

} // namespace

QString CredentialScrubber::replace(const QString &recorded, const QString &name, const QString &path, const QString &what)
{
    const QString marker = CredentialGuess::marker(name);
    m_toFillIn.append(QStringLiteral("%1: %2 looked like a credential; its recorded value is not kept (%3)").arg(path, what, marker));
    if (recorded.size() >= minimumSweptLength) {
        const bool known = std::any_of(m_secrets.cbegin(), m_secrets.cend(),
                                       [&recorded](const auto &secret) { return secret.first == recorded; });
        if (!known)
            m_secrets.append({recorded, marker});
    }
    return marker;
}

QString CredentialScrubber::url(const QString &url, const QString &path)
{
    // RFC 6455 3: a WebSocket URI has no fragment; an http(s) one sends none.
    QString rest = url.left(url.indexOf(u'#') < 0 ? url.size() : url.indexOf(u'#'));
    QString query;
    if (const qsizetype mark = rest.indexOf(u'?'); mark >= 0) {
        query = rest.mid(mark + 1);
        rest.truncate(mark);
    }
    QString result;
    const qsizetype schemeEnd = rest.indexOf(u"://");
    if (schemeEnd >= 0) {
        const qsizetype authorityStart = schemeEnd + 3;
        const qsizetype pathStart = rest.indexOf(u'/', authorityStart);
        QString authority = rest.mid(authorityStart, pathStart < 0 ? -1 : pathStart - authorityStart);
        // RFC 3986 3.2.1: user:password@host. The password goes; the user name stays.
        if (const qsizetype at = authority.lastIndexOf(u'@'); at >= 0) {
            const QString userInfo = authority.left(at);
            if (const qsizetype colon = userInfo.indexOf(u':'); colon >= 0 && colon + 1 < userInfo.size()) {
                const QString password = QUrl::fromPercentEncoding(userInfo.mid(colon + 1).toUtf8());
                authority = userInfo.left(colon + 1) + replace(password, QStringLiteral("password"), path, QStringLiteral("the URL's password"))
                    + authority.mid(at);
            }
        }
        result = rest.left(authorityStart) + authority;
        rest = pathStart < 0 ? QString() : rest.mid(pathStart);
    }
    // Path segments: only a JWT is taken out (ids in paths are usually rooms, not sessions).
    QStringList segments = rest.split(u'/');
    for (QString &segment : segments) {
        if (CredentialGuess::isJwt(QUrl::fromPercentEncoding(segment.toUtf8())))
            segment = replace(QUrl::fromPercentEncoding(segment.toUtf8()), QStringLiteral("token"), path, QStringLiteral("a path segment"));
    }
    result += segments.join(u'/');
    if (!query.isNull()) {
        QStringList items = query.split(u'&');
        for (QString &item : items) {
            const qsizetype equals = item.indexOf(u'=');
            if (equals < 0 || equals + 1 == item.size())
                continue;
            const QString name = decodedQueryText(QStringView(item).left(equals));
            const QString value = decodedQueryText(QStringView(item).mid(equals + 1));
            if (value.startsWith(u"FILL_IN_"))
                continue;
            if (CredentialGuess::isCredentialName(name) || CredentialGuess::looksLikeCredential(value)) {
                const QString marker = replace(value, name, path, QStringLiteral("query '%1'").arg(name));
                // The value as written (percent-encoded) may stand elsewhere too.
                const QString written = item.mid(equals + 1);
                if (written != value && written.size() >= minimumSweptLength)
                    m_secrets.append({written, marker});
                item = item.left(equals + 1) + marker;
            }
        }
        result += u'?' + items.join(u'&');
    }
    return result;
}

QString CredentialScrubber::headerValue(const QString &name, const QString &value, const QString &path)
{
    const QString what = QStringLiteral("header '%1'").arg(name);
    // RFC 9110 11.6.2: Authorization is "scheme credentials"; the scheme says what to fill in.
    if (name.compare(u"authorization", Qt::CaseInsensitive) == 0 || name.compare(u"proxy-authorization", Qt::CaseInsensitive) == 0) {
        const qsizetype space = value.indexOf(u' ');
        const QString credentials = space < 0 ? value : value.mid(space + 1).trimmed();
        if (credentials.isEmpty())
            return value;
        const QString marker = replace(credentials, name, path, what);
        return space < 0 ? marker : value.left(space + 1) + marker;
    }
    // RFC 6265 4.2.1: "name=value; name2=value2".
    if (name.compare(u"cookie", Qt::CaseInsensitive) == 0) {
        QStringList cookies = value.split(u';');
        for (QString &cookie : cookies) {
            const qsizetype equals = cookie.indexOf(u'=');
            if (equals < 0)
                continue;
            const QString cookieName = cookie.left(equals).trimmed();
            const QString cookieValue = cookie.mid(equals + 1).trimmed();
            if (cookieValue.isEmpty())
                continue;
            if (CredentialGuess::isCredentialName(cookieName) || CredentialGuess::looksLikeCredential(QUrl::fromPercentEncoding(cookieValue.toUtf8()))) {
                cookie = cookie.left(equals + 1)
                    + replace(cookieValue, cookieName, path, QStringLiteral("cookie '%1'").arg(cookieName));
            }
        }
        return cookies.join(u';');
    }
    if (CredentialGuess::isCredentialName(name) || CredentialGuess::looksLikeCredential(value))
        return replace(value, name, path, what);
    return value;
}

QJsonValue CredentialScrubber::json(const QJsonValue &value, const QString &path, Scope scope)
{
    return jsonValue(value, QString(), path, scope);
}

QJsonValue CredentialScrubber::jsonValue(const QJsonValue &value, const QString &name, const QString &path, Scope scope)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString memberPath = path + JsonPath::keyText(it.key());
            const QJsonValue member = it.value();
            if (member.isString() && !member.toString().isEmpty() && !member.toString().startsWith(u"FILL_IN_")
                && CredentialGuess::isCredentialName(it.key())) {
                // "Bearer eyJ...": the scheme stays, as in an Authorization header.
                const QString recorded = member.toString();
                const qsizetype space = recorded.indexOf(u' ');
                const bool scheme = space > 0 && (recorded.startsWith(u"Bearer ", Qt::CaseInsensitive) || recorded.startsWith(u"Basic ", Qt::CaseInsensitive));
                const QString secret = scheme ? recorded.mid(space + 1) : recorded;
                const QString marker = replace(secret, it.key(), memberPath, QStringLiteral("'%1'").arg(it.key()));
                it.value() = scheme ? recorded.left(space + 1) + marker : marker;
            } else {
                it.value() = jsonValue(member, it.key(), memberPath, scope);
            }
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = jsonValue(array.at(i), name, path + JsonPath::indexText(i), scope);
        return array;
    }
    if (value.isString()) {
        const QString text = value.toString();
        if (text.startsWith(u"FILL_IN_"))
            return value;
        if (CredentialGuess::isJwt(text) || (scope == Scope::Credentials && CredentialGuess::looksLikeCredential(text))) {
            return replace(text, name.isEmpty() ? QStringLiteral("token") : name, path,
                           name.isEmpty() ? QStringLiteral("a value") : QStringLiteral("'%1'").arg(name));
        }
        return replaceJwts(text, name.isEmpty() ? QStringLiteral("token") : name, path);
    }
    return value;
}

QString CredentialScrubber::text(const QString &text, const QString &path)
{
    return replaceJwts(text, QStringLiteral("token"), path);
}

QString CredentialScrubber::replaceJwts(const QString &text, const QString &name, const QString &path)
{
    // Cheap test first: every JWT has two dots.
    if (text.count(u'.') < 2)
        return text;
    static const QRegularExpression candidate(QStringLiteral("[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"));
    QString result;
    qsizetype copied = 0;
    QRegularExpressionMatchIterator matches = candidate.globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        if (!CredentialGuess::isJwt(match.capturedView()))
            continue;
        result += QStringView(text).sliced(copied, match.capturedStart() - copied);
        result += replace(match.captured(), name, path, QStringLiteral("a token inside the text"));
        copied = match.capturedEnd();
    }
    if (copied == 0)
        return text;
    result += QStringView(text).sliced(copied);
    return result;
}

void CredentialScrubber::sweep(QJsonObject *scenario)
{
    if (m_secrets.isEmpty())
        return;
    *scenario = swept(*scenario, QStringLiteral("$")).toObject();
}

QJsonValue CredentialScrubber::swept(const QJsonValue &value, const QString &path)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = swept(it.value(), path + JsonPath::keyText(it.key()));
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = swept(array.at(i), path + JsonPath::indexText(i));
        return array;
    }
    if (!value.isString())
        return value;
    QString text = value.toString();
    for (const auto &[secret, marker] : std::as_const(m_secrets)) {
        if (text.contains(secret)) {
            text.replace(secret, marker);
            m_toFillIn.append(QStringLiteral("%1: held a value recorded as a credential elsewhere; it is not kept (%2)").arg(path, marker));
        }
    }
    return text;
}
