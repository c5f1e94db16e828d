#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

class CredentialScrubber;
class ImportNotes;
struct HarConnection;

// One recorded plain WebSocket connection as a `"protocol": "ws"` group (docs/scenarios.md
// "Groups"; `script` from the Socket.IO / graphql-ws contract): the URL, the subprotocols the
// browser offered, and a script that sends what the browser sent when it sent it and expects
// what it received, each matched by a field that names the kind of message.
class WsRecordingImport
{
public:
    WsRecordingImport(const HarConnection &connection, QString groupPath, CredentialScrubber *scrubber, ImportNotes *notes);

    // The group without name, clients and headers (HarImporter adds those).
    QJsonObject group();

    // The MATCH that recognises a received message of the same kind, or nullopt when it has no
    // stable part: a JSON object's string (or integer) `type`, `event`, `op`, `action` or `kind`
    // ({"$.type": "chat.message"}), an array's leading name ({"$[0]": "update"}), or a short
    // text without digits ({"$": "pong"}).
    static std::optional<QJsonObject> matchFor(const QByteArray &text);

private:
    const HarConnection &m_connection;
    QString m_path;
    CredentialScrubber *m_scrubber;
    ImportNotes *m_notes;
};
