// libFuzzer target: HttpHeadParser::parse on arbitrary bytes, with the default limits and with
// small limits taken from the input, checking the invariants callers rely on.
#include "protocol/httpheadparser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_httphead: invariant violated: %s\n", what);
        std::abort();
    }
}

void parseAndCheck(QByteArrayView data, const HttpHeadParser::Limits &limits)
{
    const HttpHeadParser::Result result = HttpHeadParser::parse(data, limits);
    switch (result.status) {
    case HttpHeadParser::Status::Complete: {
        check(result.headLength > 0, "Complete with headLength <= 0");
        check(result.headLength <= data.size(), "Complete with headLength > input size");
        check(!result.head.method.isEmpty(), "Complete with an empty method");
        check(!result.head.path.isEmpty(), "Complete with an empty path");
        check(result.head.target.startsWith('/'), "Complete with a target not in origin form");
        check(result.head.versionMinor == 0 || result.head.versionMinor == 1, "Complete with a version other than 1.0/1.1");
        check(result.head.headers.size() <= limits.maxHeaderCount, "Complete with more header fields than the limit");
        check(result.error.isEmpty(), "Complete with an error text");
        // The parser is stateless over the buffered bytes: the head alone parses the same.
        const HttpHeadParser::Result again = HttpHeadParser::parse(data.first(result.headLength), limits);
        check(again.status == HttpHeadParser::Status::Complete, "the head alone does not parse as Complete");
        check(again.headLength == result.headLength, "the head alone gives another headLength");
        check(again.head.method == result.head.method && again.head.target == result.head.target,
              "the head alone gives another request line");
        check(again.head.headers == result.head.headers, "the head alone gives other header fields");
        // Accessors used by the router must not misbehave on anything the parser accepted.
        (void)result.head.isWebSocketUpgrade();
        (void)result.head.wantsKeepAlive();
        check(result.head.contentLength() >= -1, "contentLength() below -1");
        break;
    }
    case HttpHeadParser::Status::Error:
        check(result.httpStatus == 400 || result.httpStatus == 431 || result.httpStatus == 501
                  || result.httpStatus == 505,
              "Error with an httpStatus outside {400, 431, 501, 505}");
        check(!result.error.isEmpty(), "Error without an error text");
        break;
    case HttpHeadParser::Status::Incomplete:
        // The caller keeps buffering while the parser says Incomplete: past the limit that
        // would let a client make the server buffer without bound.
        check(data.size() <= limits.maxHeadBytes, "Incomplete although the input is over maxHeadBytes");
        check(result.headLength == 0, "Incomplete with a headLength");
        check(result.httpStatus == 0, "Incomplete with an httpStatus");
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView data(reinterpret_cast<const char *>(bytes), qsizetype(size));
    parseAndCheck(data, HttpHeadParser::Limits{});

    // Small limits, so that the size and count checks are reached by small inputs.
    if (size >= 2) {
        HttpHeadParser::Limits small;
        small.maxHeadBytes = 1 + int(bytes[0]) * 2; // 1..511
        small.maxHeaderCount = 1 + bytes[1] % 8;    // 1..8
        parseAndCheck(data.sliced(2), small);
    }
    return 0;
}
