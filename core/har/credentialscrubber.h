#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// Takes the credentials out of what HarImporter writes into a scenario: each value that
// CredentialGuess takes for a secret is replaced by a FILL_IN_<NAME> marker, and a line for
// toFillIn says where ("$.groups[0].url: query 'token' looked like a credential; its recorded
// value is not kept (FILL_IN_TOKEN)"). Every value replaced is remembered, and sweep() replaces
// it wherever else it still stands in the scenario (a token in the URL that the first message
// repeats under another name). One per import.
class CredentialScrubber
{
public:
    // How hard to look inside a JSON value.
    enum class Scope {
        Message,     // a message body: members with credential names, and JWTs anywhere
        Credentials, // auth, connectionInit: also every opaque id-like value
    };

    // A URL as recorded, byte for byte, but for the values of query items that look like
    // credentials (by name or by shape), a userinfo password and path segments that are JWTs.
    QString url(const QString &url, const QString &path);
    // A request header's value: Authorization's credentials always (the scheme is kept), each
    // cookie of a Cookie header that looks like one, other headers' values by shape.
    QString headerValue(const QString &name, const QString &value, const QString &path);
    // `value` with its credentials replaced; `path` is where it goes in the scenario.
    QJsonValue json(const QJsonValue &value, const QString &path, Scope scope);
    // Free text (a text frame): JWTs inside it.
    QString text(const QString &text, const QString &path);

    // Replaces what was remembered wherever it still stands in the scenario's strings.
    void sweep(QJsonObject *scenario);

    QStringList toFillIn() const { return m_toFillIn; }

private:
    QString replace(const QString &recorded, const QString &name, const QString &path, const QString &what);
    QJsonValue jsonValue(const QJsonValue &value, const QString &name, const QString &path, Scope scope);
    QString replaceJwts(const QString &text, const QString &name, const QString &path);
    QJsonValue swept(const QJsonValue &value, const QString &path);

    // Values shorter than this are not searched for by sweep(): "1" or "abc" would turn up in
    // unrelated places.
    static constexpr qsizetype minimumSweptLength = 8;

    QList<std::pair<QString, QString>> m_secrets; // recorded value -> its marker
    QStringList m_toFillIn;
};
