// libFuzzer target: what a server instance reads from the broker between instances
// (core/broker): a bus message's body (BusMessage::fromBody, on every message another instance
// published, and on every stream entry a gap fill reads) and a broker URL (BrokerUrl::parse, on
// `serve --broker` and the scenario's server.broker). A body that parses must give back the same
// bytes (body()), its envelope must be the prefix, the number and the suffix; a URL that parses
// must name a Redis or NATS host and port and print as a URL that parses to the same thing.
#include "broker/brokerurl.h"
#include "broker/busmessage.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_busmessage: invariant violated: %s\n", what);
        std::abort();
    }
}

void checkBody(QByteArrayView bytes, quint64 seq)
{
    const std::optional<BusMessage> message = BusMessage::fromBody(QStringLiteral("c"), seq, bytes);
    if (!message)
        return;
    check(message->seq == seq, "the number is not the one given");
    check(message->body() == bytes, "body() does not give back the bytes it was read from");
    check(!message->type.contains('\n') && !message->jsonPrefix.contains('\n'), "a line end inside a field");
    check(message->json() == message->jsonPrefix + QByteArray::number(seq) + message->jsonSuffix, "json() is not prefix + seq + suffix");
    const std::optional<BusMessage> again = BusMessage::fromBody(QStringLiteral("c"), seq, message->body());
    check(again && again->type == message->type && again->jsonPrefix == message->jsonPrefix
              && again->jsonSuffix == message->jsonSuffix && again->publishedUs == message->publishedUs,
          "the body read back differs");
}

void checkUrl(const QString &text)
{
    QString error;
    const std::optional<BrokerUrl> url = BrokerUrl::parse(text, &error);
    if (!url) {
        check(!error.isEmpty(), "a refused URL without a reason");
        return;
    }
    check(!url->host.isEmpty() && url->port > 0, "a URL without host or port");
    check(url->database >= 0 && url->database <= 15, "a Redis database out of range");
    const std::optional<BrokerUrl> again = BrokerUrl::parse(url->toString(), &error);
    check(again && again->kind == url->kind && again->host == url->host && again->port == url->port
              && again->database == url->database,
          "toString() does not parse back to the same broker");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    quint64 seq = 1;
    if (size >= 2)
        seq += quint64(data[0]) << 8 | data[1];
    checkBody(bytes, seq);
    checkUrl(QString::fromUtf8(bytes));
    // A well-formed message built from the input's text round-trips through the bus.
    const BusMessage built = BusMessage::fromEnvelope(QStringLiteral("ch"), QStringLiteral("t.x"),
                                                      QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 64))),
                                                      1700000000000, QJsonValue(QString::fromUtf8(bytes)));
    checkBody(built.body(), seq);
    return 0;
}
