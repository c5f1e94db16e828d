#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The payload string every measured message carries: the CLOCK_MONOTONIC time it was (meant to
// be) sent and its number, then 'x' up to the requested size:
//   "0000000123456789012:0000000042:xxxxxxxx..."
// Both servers relay a payload unchanged, so the receiver computes latency from it. A string,
// not a JSON number: SocketScope stores numbers as doubles, exact only up to 2^53.
class PayloadStamp
{
public:
    static constexpr size_t minimumSize = 31;

    int64_t sentNs = 0;
    uint64_t number = 0;

    // Writes the stamp into `out` (replacing it), padded to `size` bytes (at least minimumSize).
    void encode(std::string &out, size_t size) const;
    static std::optional<PayloadStamp> decode(std::string_view payload);
};
