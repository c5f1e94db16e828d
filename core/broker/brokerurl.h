#pragma once

#include <QString>

#include <optional>

// Where the instances' broker is: `redis://HOST:PORT[/DB]` or `nats://HOST:PORT`
// (`serve --broker`, the scenario's `server.broker`, the Server panel).
struct BrokerUrl
{
    enum class Kind { Redis, Nats };

    Kind kind = Kind::Redis;
    QString host;
    quint16 port = 0;
    int database = 0; // Redis only

    QString toString() const;
    static QString kindName(Kind kind);
    // nullopt with `error` naming what is wrong and what was expected.
    static std::optional<BrokerUrl> parse(const QString &text, QString *error);
};
