#include "selftest.h"

#include "base64.h"
#include "chunkeddecoder.h"
#include "envelopetext.h"
#include "httpresponsehead.h"
#include "latencyhistogram.h"
#include "payloadstamp.h"
#include "sha1.h"
#include "sseeventparser.h"
#include "wsframecodec.h"

#include <vector>

void SelfTest::check(bool passed, const char *what)
{
    ++m_checks;
    if (passed)
        return;
    if (!m_failures.empty())
        m_failures += "; ";
    m_failures += what;
}

bool SelfTest::run(JsonObject &result, std::string &error)
{
    // RFC 6455 1.3: key "dGhlIHNhbXBsZSBub25jZQ==" is accepted as "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
    const Sha1::Digest digest = Sha1::digest("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    check(Base64::encode(std::string_view(reinterpret_cast<const char *>(digest.data()), digest.size()))
              == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
          "RFC 6455 accept key");
    // FIPS 180-4 example "abc", and a message that needs a second padding block (56 bytes).
    const Sha1::Digest abc = Sha1::digest("abc");
    check(abc[0] == 0xa9 && abc[1] == 0x99 && abc[19] == 0x9d, "SHA-1 of abc");
    const Sha1::Digest twoBlocks = Sha1::digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    check(twoBlocks[0] == 0x84 && twoBlocks[1] == 0x98 && twoBlocks[19] == 0xf1, "SHA-1 over two blocks");
    // RFC 4648 10 test vectors.
    check(Base64::encode("f") == "Zg==" && Base64::encode("fo") == "Zm8=" && Base64::encode("foobar") == "Zm9vYmFy",
          "base64 vectors");

    // RFC 6455 5.7: a masked "Hello" with key 37 fa 21 3d.
    std::string frame;
    WsFrameCodec::appendClientFrame(frame, WsFrameCodec::Text, "Hello", 0x37fa213d);
    check(frame == std::string("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11), "RFC 6455 masked Hello");
    const auto unmasked = WsFrameCodec::decodeServerFrame(std::string("\x81\x05Hello", 7), 1024);
    check(unmasked.status == WsFrameCodec::DecodeStatus::Complete && unmasked.frame.payload == "Hello" && unmasked.consumed == 7,
          "RFC 6455 unmasked Hello");
    check(WsFrameCodec::decodeServerFrame(std::string("\x81\x05Hel", 5), 1024).status == WsFrameCodec::DecodeStatus::NeedMore,
          "partial frame");
    check(WsFrameCodec::decodeServerFrame(frame, 1024).status == WsFrameCodec::DecodeStatus::ProtocolError,
          "masked server frame rejected");
    std::string big(300, 'x');
    std::string bigFrame = std::string("\x81\x7e\x01\x2c", 4) + big;
    const auto decodedBig = WsFrameCodec::decodeServerFrame(bigFrame, 1024);
    check(decodedBig.status == WsFrameCodec::DecodeStatus::Complete && decodedBig.frame.payload.size() == 300,
          "16-bit length");

    // WHATWG SSE: CR, LF and CRLF line ends, split anywhere; comments; default type; id kept.
    std::vector<std::string> events;
    SseEventParser parser([&](const SseEventParser::Event &event) {
        events.push_back(std::string(event.type) + "|" + std::string(event.lastEventId) + "|" + std::string(event.data));
    });
    const std::string stream = "retry: 2000\n\n: heartbeat\n\nevent: session.welcome\ndata: {\"a\":1}\n\n"
                               "id: 7\r\nevent: t\r\ndata: x\r\ndata:y\r\r\ndata: z\r\n\r\n";
    for (char c : stream)
        parser.feed(std::string_view(&c, 1));
    check(events.size() == 3 && events[0] == "session.welcome||{\"a\":1}" && events[1] == "t|7|x\ny"
              && events[2] == "message|7|z",
          "SSE parser");

    // RFC 9112 7.1: chunks with an extension and a trailer, fed a byte at a time.
    ChunkedDecoder chunked;
    std::string body;
    const std::string encoded = "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
    bool chunkedOk = true;
    for (char c : encoded)
        chunkedOk = chunkedOk && chunked.feed(std::string_view(&c, 1), body);
    check(chunkedOk && body == "hello world" && chunked.isFinished(), "chunked decoding");
    ChunkedDecoder broken;
    check(!broken.feed("zz\r\n", body), "bad chunk size rejected");

    const auto head = HttpResponseHead::parse("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n"
                                              "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: abc \r\n");
    check(head && head->status() == 101 && head->fieldHasToken("Upgrade", "websocket")
              && head->fieldHasToken("connection", "upgrade") && head->field("sec-websocket-accept") == "abc",
          "response head");

    // The envelope fields the benchmarks read, in either key order.
    const std::string envelope = R"({"channel":"c","id":"p1","payload":"0000000000000000042:0000000007:xx","seq":12,"ts":5,"type":"bench.fanout"})";
    check(EnvelopeText::numberField(envelope, "seq") == 12u && EnvelopeText::stringField(envelope, "type") == "bench.fanout",
          "envelope fields");
    check(!EnvelopeText::numberField(R"({"sequence":3})", "seq"), "whole keys only");
    const auto stamp = PayloadStamp::decode(*EnvelopeText::stringField(envelope, "payload"));
    check(stamp && stamp->sentNs == 42 && stamp->number == 7, "payload stamp");
    std::string payload;
    PayloadStamp{123456789, 5}.encode(payload, 64);
    check(payload.size() == 64 && PayloadStamp::decode(payload)->sentNs == 123456789, "payload stamp round trip");

    LatencyHistogram histogram;
    for (int64_t v = 1; v <= 1000; ++v)
        histogram.record(v * 1000); // 1 us .. 1 ms
    const int64_t p50 = histogram.valueAtPercentile(50);
    const int64_t p99 = histogram.valueAtPercentile(99);
    check(p50 >= 499'500 && p50 <= 501'000 && p99 >= 989'000 && p99 <= 991'000 && histogram.max() == 1'000'000,
          "histogram percentiles within 0.1 %");

    result.add("checks", m_checks);
    if (!m_failures.empty()) {
        result.add("failed", m_failures);
        error = "self-test failed: " + m_failures;
        return false;
    }
    return true;
}
