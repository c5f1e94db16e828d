#include "payloadstamp.h"

#include <algorithm>
#include <cstdio>

void PayloadStamp::encode(std::string &out, size_t size) const
{
    char head[48];
    const int length = std::snprintf(head, sizeof head, "%019lld:%010llu:", static_cast<long long>(sentNs),
                                     static_cast<unsigned long long>(number));
    out.assign(head, size_t(length));
    if (out.size() < size)
        out.append(size - out.size(), 'x');
}

std::optional<PayloadStamp> PayloadStamp::decode(std::string_view payload)
{
    PayloadStamp stamp;
    size_t position = 0;
    const auto readNumber = [&](uint64_t &value) {
        const size_t start = position;
        value = 0;
        while (position < payload.size() && payload[position] >= '0' && payload[position] <= '9')
            value = value * 10 + uint64_t(payload[position++] - '0');
        if (position == start || position >= payload.size() || payload[position] != ':')
            return false;
        ++position;
        return true;
    };
    uint64_t sent = 0;
    if (!readNumber(sent) || !readNumber(stamp.number))
        return std::nullopt;
    stamp.sentNs = int64_t(sent);
    return stamp;
}
