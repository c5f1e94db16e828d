#pragma once

#include "harerror.h"
#include "harrecording.h"

#include <QByteArray>
#include <QList>

#include <optional>

// Reads a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/) as Chrome's and
// Firefox's DevTools export it, with Chrome's WebSocket extension: an entry whose
// `_resourceType` is "websocket" carries `_webSocketMessages`, each
//   {"type": "send" | "receive", "time": <epoch seconds>, "opcode": 1 | 2, "data": "..."}
// (opcode 2: data is base64). Firefox marks its WebSocket entries only by a ws:/wss: URL or the
// 101 response, so those count too.
//
// Checks every value it uses and reports what is wrong with its JSON path; a bad entry or
// message is left out and the rest is read. Stateless.
class HarReader
{
public:
    // Frames kept per connection; the rest are counted (HarConnection::framesBeyondCap), so a
    // recording of a day-long feed does not become a million-step script.
    static constexpr qsizetype maxFrames = 100'000;
    // Problems reported one by one; beyond this, one line says how many more there were.
    static constexpr qsizetype maxErrors = 100;
    // The largest file read (QJsonDocument holds all of it in memory, several times over).
    static constexpr qsizetype maxBytes = qsizetype(512) * 1024 * 1024;

    // The recording, or nullopt when the bytes are not a HAR file at all (not JSON, no
    // log.entries). Problems found on the way are appended to *errors (may be null) either way.
    static std::optional<HarRecording> read(const QByteArray &bytes, QList<HarError> *errors);
};
