#pragma once

#include "harerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// What HarImporter made of a recording.
struct HarImport
{
    // The scenario (docs/scenarios.md), or an empty object when nothing could be imported: the
    // file was not a HAR, or it had no WebSocket connection.
    QJsonObject scenario;
    // WebSocket connections imported, one group each.
    qsizetype connections = 0;
    // Values the user must put back before running: where a recorded credential was replaced by
    // a FILL_IN_<NAME> marker ("$.groups[0].url: query 'token' looked like a credential; its
    // recorded value is not kept (FILL_IN_TOKEN)").
    QStringList toFillIn;
    // Everything recorded that the scenario does not replay, and why, counted or one line each
    // ("$.groups[0] (socket.io-0): 12 Engine.IO ping/pong packets: answered by the protocol, not
    // replayed"). No recorded frame is left out without a line here.
    QStringList notReplayed;
    // Problems with the file, with their JSON paths. With a scenario, the parts they name were
    // left out and the rest imported; without one, why there is none.
    QList<HarError> errors;

    bool isOk() const { return !scenario.isEmpty(); }
};

// Turns a browser recording (HAR 1.2 from Chrome's or Firefox's DevTools) into a scenario that
// replays its WebSocket connections: one group of one client per recorded connection, with its
// URL, a script of what was sent when and what came back, and for Socket.IO and graphql-ws
// recordings the protocol's own keys (namespace, auth, subscriptions...). Recorded credentials
// never reach the scenario; they become FILL_IN markers listed in toFillIn.
//
// Used by `socketscope import-har`. Stateless; never throws and never fails on bad input
// (fuzzed by tests/fuzz/fuzz_harimporter.cpp): what it cannot read is reported in errors.
class HarImporter
{
public:
    // `har`: the file's bytes; `fileName`: its name, for the scenario's name (without a page
    // title) and description.
    static HarImport importRecording(const QByteArray &har, const QString &fileName);
};
