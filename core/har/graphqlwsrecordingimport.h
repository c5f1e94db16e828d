#pragma once

#include <QJsonObject>
#include <QString>

class CredentialScrubber;
class ImportNotes;
struct HarConnection;

// One recorded GraphQL over WebSocket connection (graphql-transport-ws,
// https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md) as a `"protocol":
// "graphql-ws"` group (docs/scenarios.md): connectionInit from the connection_init payload, the
// subscriptions the browser opened, a steady `send` for a query or mutation it repeated on a
// clock, and a receive match on the subscriptions' names.
class GraphQlWsRecordingImport
{
public:
    GraphQlWsRecordingImport(const HarConnection &connection, QString groupPath, CredentialScrubber *scrubber, ImportNotes *notes);

    // The graphql-transport-ws subprotocol was offered, or the client's first message is a
    // connection_init of that protocol (not of the older subscriptions-transport-ws).
    static bool isGraphQlWs(const HarConnection &connection);
    // The older Apollo protocol (subprotocol "graphql-ws", messages start/data/stop/ka): not what
    // the graphql-ws group speaks, so it is replayed frame by frame as a ws group.
    static bool isSubscriptionsTransportWs(const HarConnection &connection);

    // The group without name, clients and headers (HarImporter adds those).
    QJsonObject group();

private:
    const HarConnection &m_connection;
    QString m_path;
    CredentialScrubber *m_scrubber;
    ImportNotes *m_notes;
};
