#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The JSON envelope of docs/server.md as text: the generator builds the two client messages it
// sends ({"type":"echo",...} and a publish) and picks single fields out of server envelopes
// without a JSON parser. That is sound only for the envelopes this benchmark produces: its
// payloads are strings of digits, ':' and 'x', so no key or quote can appear inside a value.
class EnvelopeText
{
public:
    // {"type":T,"id":"<idPrefix><idNumber>","payload":"P"}: an echo (type "echo") or a publish
    // (any other type). The id spares the server making up a UUID for each publish.
    static void appendClientMessage(std::string &out, std::string_view type, char idPrefix, uint64_t idNumber,
                                    std::string_view payload);

    // The value of "key":"..." (a string without escapes), if present.
    static std::optional<std::string_view> stringField(std::string_view json, std::string_view key);
    // The value of "key":N (a non-negative integer), if present.
    static std::optional<uint64_t> numberField(std::string_view json, std::string_view key);
};
