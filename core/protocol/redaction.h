#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringView>
#include <QUrl>

// Secrets never reach a log line or a report (issue 5, "security defaults"): a target URL is
// shown with its token and password replaced, so a report attached to a CI job or a bug does
// not hand out the credentials of the server it was run against.
namespace Redaction {

// What stands in for a secret.
inline constexpr QStringView placeholder = u"REDACTED";

// Query items that carry credentials by convention (case-insensitive): `token` is SocketScope's
// own (docs/server.md); the others are what common real-time servers use.
bool isSecretQueryKey(QStringView key);

// `url` as text, with the userinfo password and the values of secret query items replaced by
// the placeholder. Everything else (scheme, host, port, path, other query items) is kept.
QString url(const QUrl &url);

// A scenario (or any settings object) as JSON, for a report: the values of "token", "password",
// "secret" and "passphrase" members, credential headers inside "headers" (Authorization, Cookie,
// API keys) and secrets inside URL strings are replaced; the structure stays as it was.
QJsonObject json(const QJsonObject &object);

} // namespace Redaction
