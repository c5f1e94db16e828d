#pragma once

#include <array>
#include <cstdint>
#include <string_view>

// SHA-1 (FIPS 180-4 section 6.1), only for the WebSocket handshake: RFC 6455 4.2.2 defines
// Sec-WebSocket-Accept as base64(SHA-1(key + GUID)). Not for anything that needs security.
class Sha1
{
public:
    using Digest = std::array<uint8_t, 20>;

    static Digest digest(std::string_view message);

private:
    void processBlock(const uint8_t *block);

    std::array<uint32_t, 5> m_state{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
};
