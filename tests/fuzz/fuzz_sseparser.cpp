// libFuzzer target: SseParser must not depend on how the stream is cut into reads. The input is
// fed in one piece, split in two at a position taken from the first byte, and one byte at a time;
// all three must dispatch the same events and end in the same state. A CR at the end of one read
// and an LF at the start of the next is the classic way to get this wrong.
#include "protocol/sseencoder.h"
#include "protocol/sseparser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_sseparser: invariant violated: %s\n", what);
        std::abort();
    }
}

bool sameEvents(const QList<SseParser::Event> &a, const QList<SseParser::Event> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].lastEventId != b[i].lastEventId)
            return false;
    }
    return true;
}

bool sameState(const SseParser &a, const SseParser &b)
{
    return a.retryMs() == b.retryMs() && a.lastEventId() == b.lastEventId()
        && a.commentCount() == b.commentCount() && a.hasPendingData() == b.hasPendingData();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size == 0)
        return 0;
    // The first byte chooses the split; the rest is the stream.
    const qsizetype split = qsizetype(bytes[0]);
    const QByteArrayView stream(reinterpret_cast<const char *>(bytes + 1), qsizetype(size - 1));

    SseParser whole;
    const QList<SseParser::Event> reference = whole.feed(stream);
    for (const SseParser::Event &event : reference)
        check(!event.type.isEmpty(), "an event without a type (\"message\" is the default)");

    SseParser halves;
    const qsizetype at = stream.isEmpty() ? 0 : split % (stream.size() + 1);
    QList<SseParser::Event> events = halves.feed(stream.first(at));
    events += halves.feed(stream.sliced(at));
    if (!sameEvents(reference, events))
        std::fprintf(stderr, "split at %lld of %lld: %lld events instead of %lld\n", (long long)at,
                     (long long)stream.size(), (long long)events.size(), (long long)reference.size());
    check(sameEvents(reference, events), "splitting the stream in two changed the events");
    check(sameState(whole, halves), "splitting the stream in two changed the parser state");

    if (stream.size() <= 4096) {
        SseParser bytewise;
        QList<SseParser::Event> byByte;
        for (char c : stream)
            byByte += bytewise.feed(QByteArrayView(&c, 1));
        check(sameEvents(reference, byByte), "feeding one byte at a time changed the events");
        check(sameState(whole, bytewise), "feeding one byte at a time changed the parser state");
    }

    // The encoder's output for any data parses back to one event with that data (line ends
    // normalized to LF: the WHATWG parser joins data lines with LF).
    SseParser roundTrip;
    const QList<SseParser::Event> encoded = roundTrip.feed(SseEncoder::event(stream));
    check(encoded.size() == 1, "SseEncoder::event() did not parse back to exactly one event");
    QByteArray expected = stream.toByteArray();
    expected.replace("\r\n", "\n").replace('\r', '\n');
    check(encoded[0].data == QString::fromUtf8(expected), "SseEncoder::event() data did not parse back");
    check(encoded[0].type == u"message", "SseEncoder::event() without a type did not parse as message");
    return 0;
}
