#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// HTTP/1.1 chunked transfer coding (RFC 9112 section 7.1), incrementally: bytes go in as they
// arrive from the socket, the decoded body comes out. Node's http server sends an SSE stream
// this way; SocketScope's is not chunked (it ends with the connection).
class ChunkedDecoder
{
public:
    // Decodes `input`, appending body bytes to `body`. False on malformed input (error() says why).
    bool feed(std::string_view input, std::string &body);
    bool isFinished() const { return m_state == State::Done; }
    const char *error() const { return m_error; }

private:
    enum class State { Size, Extension, SizeLf, Data, DataCr, DataLf, Trailer, Done, Failed };

    bool fail(const char *why);

    State m_state = State::Size;
    uint64_t m_remaining = 0;
    int m_sizeDigits = 0;
    bool m_trailerLineEmpty = true;
    const char *m_error = nullptr;
};
