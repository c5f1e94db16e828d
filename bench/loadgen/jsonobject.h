#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

// A JSON object written as it is built, keys in insertion order, so the output reads in the
// order the benchmark measured things. Enough for the generator's one result object.
class JsonObject
{
public:
    JsonObject &add(std::string_view key, const JsonObject &value);
    JsonObject &add(std::string_view key, std::string_view value);
    JsonObject &add(std::string_view key, const char *value) { return add(key, std::string_view(value)); }
    JsonObject &add(std::string_view key, const std::string &value) { return add(key, std::string_view(value)); }
    JsonObject &add(std::string_view key, bool value);
    JsonObject &add(std::string_view key, double value); // 3 decimals; NaN/inf as null
    template<typename Integer, std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
    JsonObject &add(std::string_view key, Integer value)
    {
        appendKey(key);
        m_body += std::to_string(value);
        return *this;
    }

    bool contains(std::string_view key) const;
    std::string toString() const { return "{" + m_body + "}"; }

private:
    void appendKey(std::string_view key);
    static void appendString(std::string &out, std::string_view text);

    std::string m_body;
};
