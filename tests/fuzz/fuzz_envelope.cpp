// libFuzzer target: Envelope::parseClientMessage and parseServerMessage on arbitrary bytes.
// What parses must survive toJson() and parse again to the same message.
#include "protocol/envelope.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_envelope: invariant violated: %s\n", what);
        std::abort();
    }
}

void checkClient(QByteArrayView data)
{
    const Envelope::ParseResult parsed = Envelope::parseClientMessage(data);
    if (!parsed.envelope) {
        check(!parsed.error.isEmpty(), "client message rejected without an error text");
        return;
    }
    check(parsed.error.isEmpty(), "client message accepted with an error text");
    const Envelope &envelope = *parsed.envelope;
    check(Envelope::isValidType(envelope.type), "client message accepted with an invalid type");
    check(envelope.id.size() <= Envelope::maxIdLength, "client message accepted with an over-long id");
    check(envelope.type != u"sync" || envelope.since.has_value(), "sync accepted without since");

    const QByteArray json = envelope.toJson();
    const Envelope::ParseResult again = Envelope::parseClientMessage(json);
    if (!again.envelope)
        std::fprintf(stderr, "toJson: %s\nerror: %s\n", json.constData(), qPrintable(again.error));
    check(again.envelope.has_value(), "toJson() of a parsed client message does not parse again");
    check(again.envelope->type == envelope.type, "round trip changed the type");
    check(again.envelope->id == envelope.id, "round trip changed the id");
    check(again.envelope->since == envelope.since, "round trip changed since");
}

void checkServer(QByteArrayView data)
{
    const Envelope::ParseResult parsed = Envelope::parseServerMessage(data);
    if (!parsed.envelope) {
        check(!parsed.error.isEmpty(), "server message rejected without an error text");
        return;
    }
    const Envelope &envelope = *parsed.envelope;
    check(!envelope.type.isEmpty(), "server message accepted with an empty type");
    const QByteArray json = envelope.toJson();
    const Envelope::ParseResult again = Envelope::parseServerMessage(json);
    if (!again.envelope)
        std::fprintf(stderr, "toJson: %s\nerror: %s\n", json.constData(), qPrintable(again.error));
    check(again.envelope.has_value(), "toJson() of a parsed server message does not parse again");
    check(again.envelope->type == envelope.type, "round trip changed the type");
    check(again.envelope->channel == envelope.channel, "round trip changed the channel");
    check(again.envelope->id == envelope.id, "round trip changed the id");
    check(again.envelope->seq == envelope.seq, "round trip changed seq");
    check(again.envelope->ts == envelope.ts, "round trip changed ts");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView data(reinterpret_cast<const char *>(bytes), qsizetype(size));
    checkClient(data);
    checkServer(data);
    (void)Envelope::isReservedType(QString::fromUtf8(data));
    return 0;
}
