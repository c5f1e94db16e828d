#include "chunkeddecoder.h"

#include <algorithm>

bool ChunkedDecoder::fail(const char *why)
{
    m_state = State::Failed;
    m_error = why;
    return false;
}

bool ChunkedDecoder::feed(std::string_view input, std::string &body)
{
    size_t i = 0;
    while (i < input.size()) {
        const char c = input[i];
        switch (m_state) {
        case State::Size: {
            // RFC 9112 7.1: chunk-size = 1*HEXDIG
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            if (digit >= 0) {
                if (++m_sizeDigits > 15)
                    return fail("chunk size too large");
                m_remaining = m_remaining * 16 + uint64_t(digit);
            } else if (m_sizeDigits == 0) {
                return fail("chunk size expected");
            } else if (c == ';' || c == ' ' || c == '\t') {
                m_state = State::Extension; // 7.1.1: chunk extensions are ignored
            } else if (c == '\r') {
                m_state = State::SizeLf;
            } else {
                return fail("bad character in chunk size");
            }
            ++i;
            break;
        }
        case State::Extension:
            if (c == '\r')
                m_state = State::SizeLf;
            ++i;
            break;
        case State::SizeLf:
            if (c != '\n')
                return fail("CRLF expected after the chunk size");
            ++i;
            m_sizeDigits = 0;
            // 7.1: the last chunk has size 0 and is followed by the trailer section.
            m_state = m_remaining == 0 ? State::Trailer : State::Data;
            m_trailerLineEmpty = true;
            break;
        case State::Data: {
            const size_t take = size_t(std::min<uint64_t>(m_remaining, input.size() - i));
            body.append(input.substr(i, take));
            i += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::DataCr;
            break;
        }
        case State::DataCr:
            if (c != '\r')
                return fail("CRLF expected after chunk data");
            m_state = State::DataLf;
            ++i;
            break;
        case State::DataLf:
            if (c != '\n')
                return fail("CRLF expected after chunk data");
            m_state = State::Size;
            ++i;
            break;
        case State::Trailer:
            // Trailer fields are skipped; an empty line ends the message.
            if (c == '\n') {
                if (m_trailerLineEmpty) {
                    m_state = State::Done;
                    return true;
                }
                m_trailerLineEmpty = true;
            } else if (c != '\r') {
                m_trailerLineEmpty = false;
            }
            ++i;
            break;
        case State::Done:
            return true;
        case State::Failed:
            return false;
        }
    }
    return m_state != State::Failed;
}
