#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

class CredentialScrubber;
class ImportNotes;
struct HarConnection;
struct HarHttpRequest;

// One recorded Socket.IO connection as a `"protocol": "socketio"` group (docs/scenarios.md): the
// Engine.IO endpoint as an http(s) URL without the
// parameters the client adds itself, the transport the browser used, the namespace and auth of
// its CONNECT packet, and a script of the events it emitted and received.
//
// With the polling-upgrade transport the connection began as long-polling requests (the HAR's
// HTTP entries of the same endpoint and session id): their bodies hold the CONNECT packet and the
// first events, and are read as part of the connection.
class SocketIoRecordingImport
{
public:
    SocketIoRecordingImport(const HarConnection &connection, const QList<HarHttpRequest> &httpRequests, QString groupPath,
                            CredentialScrubber *scrubber, ImportNotes *notes);

    // Socket.IO's signs: an Engine.IO path ("/socket.io/" with EIO=), or frames such as
    // 0{"sid":...}, 40 and 42[...].
    static bool isSocketIo(const HarConnection &connection);

    // The group without name, clients and headers (HarImporter adds those).
    QJsonObject group();
    // Indexes into httpRequests of the long-polling requests that were read as part of it.
    QList<qsizetype> pollingRequests() const { return m_polling; }
    // When the connection's first request (handshake) started, in epoch seconds.
    double origin() const { return m_origin; }

private:
    struct Item;
    QList<Item> timeline();

    const HarConnection &m_connection;
    const QList<HarHttpRequest> &m_httpRequests;
    QString m_path;
    CredentialScrubber *m_scrubber;
    ImportNotes *m_notes;
    QList<qsizetype> m_polling;
    double m_origin = 0;
};
