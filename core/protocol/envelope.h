#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <optional>

// The JSON message that travels over every protocol (DESIGN section 4).
// Server to client: {"type","channel","seq","ts","id","payload"}; client to server: {"type","payload","id"}
// plus "since" for {"type":"sync"}. Parsing is strict and every error says which field was wrong.
struct Envelope
{
    QString type;
    QString channel;
    QString id;
    QJsonValue payload;
    std::optional<quint64> seq;    // server: the channel sequence number
    std::optional<qint64> ts;      // server: send time in ms since the epoch
    std::optional<quint64> since;  // client "sync": replay what follows this sequence number

    static constexpr int maxTypeLength = 64;
    static constexpr int maxIdLength = 128;

    struct ParseResult;

    // Parses a client's message; what it does not accept it names (field and what was expected).
    static ParseResult parseClientMessage(QByteArrayView json);
    // Parses a server envelope (used by clients: the simulator, tests, the manual client).
    static ParseResult parseServerMessage(QByteArrayView json);

    // Compact JSON of this envelope; fields that are not set are left out.
    QByteArray toJson() const;

    static QByteArray errorMessage(const QString &message, const QString &code = {});
    static bool isValidType(QStringView type);
    // Types the server emits itself; clients may not publish them.
    static bool isReservedType(QStringView type);
};

struct Envelope::ParseResult
{
    std::optional<Envelope> envelope;
    QString error; // set when envelope is empty
};
