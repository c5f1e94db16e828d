#include "envelopetext.h"

#include <charconv>

namespace {

// Position just after `"key":` (and any spaces), or npos.
size_t valueStart(std::string_view json, std::string_view key)
{
    size_t from = 0;
    while (true) {
        const size_t at = json.find(key, from);
        if (at == std::string_view::npos)
            return at;
        from = at + key.size();
        // Only a whole key counts: "key" preceded by a quote and followed by quote + colon.
        if (at == 0 || json[at - 1] != '"' || from + 1 >= json.size() || json[from] != '"')
            continue;
        size_t position = from + 1;
        while (position < json.size() && json[position] == ' ')
            ++position;
        if (position >= json.size() || json[position] != ':')
            continue;
        ++position;
        while (position < json.size() && json[position] == ' ')
            ++position;
        return position;
    }
}

} // namespace

void EnvelopeText::appendClientMessage(std::string &out, std::string_view type, char idPrefix, uint64_t idNumber,
                                       std::string_view payload)
{
    out.append(R"({"type":")").append(type);
    out.append(R"(","id":")");
    out.push_back(idPrefix);
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, idNumber).ptr;
    out.append(digits, size_t(end - digits));
    out.append(R"(","payload":")").append(payload).append(R"("})");
}

std::optional<std::string_view> EnvelopeText::stringField(std::string_view json, std::string_view key)
{
    const size_t start = valueStart(json, key);
    if (start == std::string_view::npos || start >= json.size() || json[start] != '"')
        return std::nullopt;
    const size_t end = json.find('"', start + 1);
    if (end == std::string_view::npos)
        return std::nullopt;
    return json.substr(start + 1, end - start - 1);
}

std::optional<uint64_t> EnvelopeText::numberField(std::string_view json, std::string_view key)
{
    size_t position = valueStart(json, key);
    if (position == std::string_view::npos || position >= json.size() || json[position] < '0' || json[position] > '9')
        return std::nullopt;
    uint64_t value = 0;
    for (; position < json.size() && json[position] >= '0' && json[position] <= '9'; ++position)
        value = value * 10 + uint64_t(json[position] - '0');
    return value;
}
