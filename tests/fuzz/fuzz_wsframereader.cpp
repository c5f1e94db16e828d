// libFuzzer target: WsFrameReader (the simulator's RFC 6455 frame parser, behind fuzz_wsclient)
// on its own, thousands of times faster than through a socket. Like fuzz_sseparser it checks that
// the result does not depend on how the stream is cut into reads: the input fed whole, split in
// two at a position from the first byte, and one byte at a time must give the same tokens up to
// and including the first Close or Error. Also checked: text messages are valid UTF-8 (RFC 6455
// 8.1), a message never exceeds the limit (the second byte chooses a small one, so 1009 is
// reached), after NeedMore no more than a frame header or control frame (139 bytes) waits in the
// buffer, and a Close carries 1005 or a code a peer may send (RFC 6455 7.4).
#include "protocol/wsframereader.h"

#include <QList>
#include <QStringDecoder>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_wsframereader: invariant violated: %s\n", what);
        std::abort();
    }
}

struct Event
{
    WsFrameReader::Token token;
    QByteArray payload;
    quint16 code = 0;
    bool operator==(const Event &other) const = default;
};

// Reads every token the reader has now; true once it reached Close or Error (the end).
bool drain(WsFrameReader &reader, QList<Event> &events, bool byteWise)
{
    const qint64 limit = reader.limits().maxMessageBytes;
    for (;;) {
        const WsFrameReader::Token token = reader.readNext();
        switch (token) {
        case WsFrameReader::Token::NeedMore:
            // Data payloads move out of the buffer as they arrive (wsframereader.h); fed a
            // byte at a time, at most a frame header or a control frame (2 + 8 + 4 + 125) waits.
            if (byteWise)
                check(reader.bufferedBytes() <= 139, "more than 139 bytes wait in the buffer after NeedMore");
            check(reader.pendingMessageBytes() <= limit, "a partial message over the limit is kept");
            return false;
        case WsFrameReader::Token::Text: {
            check(reader.payload().size() <= limit, "a text message over the limit");
            QStringDecoder decoder(QStringDecoder::Utf8);
            (void)decoder.decode(reader.payload());
            check(!decoder.hasError(), "a text message that is not valid UTF-8");
            events.append({token, reader.takePayload()});
            break;
        }
        case WsFrameReader::Token::Binary:
            check(reader.payload().size() <= limit, "a binary message over the limit");
            events.append({token, reader.takePayload()});
            break;
        case WsFrameReader::Token::Ping:
        case WsFrameReader::Token::Pong:
            check(reader.payload().size() <= 125, "a control frame payload over 125 bytes (RFC 6455 5.5)");
            events.append({token, reader.takePayload()});
            break;
        case WsFrameReader::Token::Close:
            check(reader.closeCode() == 1005 || WsFrameReader::isValidCloseCode(reader.closeCode()),
                  "a Close with a code no peer may send was accepted");
            events.append({token, reader.closeReason().toUtf8(), reader.closeCode()});
            return true;
        case WsFrameReader::Token::Error:
            check(reader.errorCode() == 1002 || reader.errorCode() == 1007 || reader.errorCode() == 1009,
                  "an error code other than 1002, 1007 or 1009");
            check(!reader.errorString().isEmpty(), "an error without a sentence");
            check(reader.hasError(), "Error but not hasError()");
            events.append({token, {}, reader.errorCode()});
            return true;
        }
    }
}

QList<Event> feedInPieces(QByteArrayView stream, const WsFrameReader::Limits &limits, qsizetype piece)
{
    WsFrameReader reader(limits);
    QList<Event> events;
    for (qsizetype at = 0; at < stream.size(); at += piece) {
        reader.feed(stream.sliced(at, qMin(piece, stream.size() - at)));
        if (drain(reader, events, piece == 1))
            break;
    }
    return events;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 2)
        return 0;
    // Byte 0 chooses the split, byte 1 the message limit (1 ... 4081 bytes, or the default).
    const QByteArrayView stream(reinterpret_cast<const char *>(bytes + 2), qsizetype(size - 2));
    WsFrameReader::Limits limits;
    if (bytes[1] != 0xFF)
        limits.maxMessageBytes = 1 + qint64(bytes[1]) * 16;

    const QList<Event> whole = feedInPieces(stream, limits, qMax<qsizetype>(stream.size(), 1));

    const qsizetype at = stream.isEmpty() ? 0 : qsizetype(bytes[0]) % (stream.size() + 1);
    WsFrameReader halves(limits);
    QList<Event> split;
    halves.feed(stream.first(at));
    if (!drain(halves, split, false)) {
        halves.feed(stream.sliced(at));
        drain(halves, split, false);
    }
    if (split != whole)
        std::fprintf(stderr, "split at %lld of %lld: %lld tokens instead of %lld\n", (long long)at,
                     (long long)stream.size(), (long long)split.size(), (long long)whole.size());
    check(split == whole, "splitting the stream in two changed the tokens");

    if (stream.size() <= 8192)
        check(feedInPieces(stream, limits, 1) == whole, "feeding one byte at a time changed the tokens");
    return 0;
}
