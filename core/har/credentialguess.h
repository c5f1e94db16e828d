#pragma once

#include <QString>
#include <QStringView>

// Decides which recorded values are credentials or session ids, so that a scenario imported from
// a browser recording (HarImporter) never carries them: the recording holds the user's live
// session, and a scenario is a file that gets committed and shared.
//
// A guess, and meant to err on the side of replacing: a room id that looks like a token costs
// the user one edit, a token left in a shared file costs a session.
class CredentialGuess
{
public:
    // A name that, by convention, carries a secret: token, access_token, auth, key, apiKey,
    // session, sid, connect.sid, PHPSESSID, jwt, signature, password, secret... Matched on the
    // name's words (split at punctuation and camelCase), so "monkey" or "author" are not names
    // of secrets, and on a few substrings that only secrets use ("token", "sessid").
    static bool isCredentialName(QStringView name);

    // A value shaped like a credential whatever its name: a JWT (three base64url segments,
    // "eyJ...") or a long opaque string, 16 or more characters of hex or base64 that mix
    // letters and digits (session ids, API keys, UUIDs). Words, numbers and timestamps are not.
    static bool looksLikeCredential(QStringView value);

    // Only the JWT shape: what is searched for inside free text and message bodies, where long
    // ids are common and rarely secret.
    static bool isJwt(QStringView value);

    // The marker that stands in for a replaced value: FILL_IN_ and the name in upper case with
    // every other character than A-Z and 0-9 made "_" ("access_token" -> FILL_IN_ACCESS_TOKEN,
    // "connect.sid" -> FILL_IN_CONNECT_SID); FILL_IN_VALUE for an empty name.
    static QString marker(QStringView name);
};
