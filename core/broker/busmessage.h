#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <optional>

// One channel message as it travels between server instances through a broker.
// The envelope is encoded once, by the instance it was published on, and split around its
// sequence number, which only the broker assigns (docs/server.md, "Several instances"):
// every instance then builds the same bytes as prefix + seq + suffix without parsing JSON.
struct BusMessage
{
    QString channel;
    quint64 seq = 0;
    QByteArray type;
    QByteArray jsonPrefix; // the envelope up to and including "seq":
    QByteArray jsonSuffix; // the envelope after the number
    qint64 publishedUs = 0; // system clock when published (microseconds): the bus's own latency

    // The envelope exactly as Envelope::toJson() writes it with this seq.
    QByteArray json() const;

    // The message for channel/type/id/ts/payload, not yet numbered.
    static BusMessage fromEnvelope(const QString &channel, const QString &type, const QString &id,
                                   qint64 serverTimeMs, const QJsonValue &payload);

    // The body carried on the bus and kept in streams: the publish time, type, prefix and
    // suffix, one per line (compact JSON has no raw line feeds, and a type has none either).
    QByteArray body() const;
    static std::optional<BusMessage> fromBody(const QString &channel, quint64 seq, QByteArrayView body);
};
