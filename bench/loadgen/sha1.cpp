#include "sha1.h"

#include <cstring>
#include <string>

namespace {

uint32_t rotateLeft(uint32_t value, int bits)
{
    return (value << bits) | (value >> (32 - bits));
}

} // namespace

Sha1::Digest Sha1::digest(std::string_view message)
{
    Sha1 hash;
    // FIPS 180-4 5.1.1: append a 1 bit, zeros up to 56 mod 64 bytes, then the length in bits
    // as a 64-bit big-endian number.
    std::string padded(message);
    padded.push_back(char(0x80));
    while (padded.size() % 64 != 56)
        padded.push_back('\0');
    const uint64_t bitLength = uint64_t(message.size()) * 8;
    for (int shift = 56; shift >= 0; shift -= 8)
        padded.push_back(char((bitLength >> shift) & 0xff));

    for (size_t offset = 0; offset < padded.size(); offset += 64)
        hash.processBlock(reinterpret_cast<const uint8_t *>(padded.data()) + offset);

    Digest out{};
    for (int i = 0; i < 5; ++i) {
        out[i * 4] = uint8_t(hash.m_state[i] >> 24);
        out[i * 4 + 1] = uint8_t(hash.m_state[i] >> 16);
        out[i * 4 + 2] = uint8_t(hash.m_state[i] >> 8);
        out[i * 4 + 3] = uint8_t(hash.m_state[i]);
    }
    return out;
}

void Sha1::processBlock(const uint8_t *block)
{
    // FIPS 180-4 6.1.2: the message schedule W0..W79, then 80 rounds in four groups of 20.
    uint32_t w[80];
    for (int t = 0; t < 16; ++t)
        w[t] = uint32_t(block[t * 4]) << 24 | uint32_t(block[t * 4 + 1]) << 16 | uint32_t(block[t * 4 + 2]) << 8
            | uint32_t(block[t * 4 + 3]);
    for (int t = 16; t < 80; ++t)
        w[t] = rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

    uint32_t a = m_state[0], b = m_state[1], c = m_state[2], d = m_state[3], e = m_state[4];
    for (int t = 0; t < 80; ++t) {
        uint32_t f = 0, k = 0;
        if (t < 20) {
            f = (b & c) | (~b & d); // Ch
            k = 0x5A827999u;
        } else if (t < 40) {
            f = b ^ c ^ d; // Parity
            k = 0x6ED9EBA1u;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d); // Maj
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        const uint32_t temp = rotateLeft(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = rotateLeft(b, 30);
        b = a;
        a = temp;
    }
    m_state[0] += a;
    m_state[1] += b;
    m_state[2] += c;
    m_state[3] += d;
    m_state[4] += e;
}
