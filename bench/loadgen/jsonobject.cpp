#include "jsonobject.h"

#include <cmath>
#include <cstdio>

void JsonObject::appendString(std::string &out, std::string_view text)
{
    out.push_back('"');
    for (const char c : text) {
        // RFC 8259 7: quotation mark, reverse solidus and control characters must be escaped.
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (uint8_t(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(uint8_t(c)));
            out.append(escaped);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

void JsonObject::appendKey(std::string_view key)
{
    if (!m_body.empty())
        m_body.push_back(',');
    appendString(m_body, key);
    m_body.push_back(':');
}

JsonObject &JsonObject::add(std::string_view key, const JsonObject &value)
{
    appendKey(key);
    m_body += value.toString();
    return *this;
}

JsonObject &JsonObject::add(std::string_view key, std::string_view value)
{
    appendKey(key);
    appendString(m_body, value);
    return *this;
}

JsonObject &JsonObject::add(std::string_view key, bool value)
{
    appendKey(key);
    m_body += value ? "true" : "false";
    return *this;
}

JsonObject &JsonObject::add(std::string_view key, double value)
{
    appendKey(key);
    if (!std::isfinite(value)) {
        m_body += "null";
        return *this;
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", value);
    std::string number = text;
    // 12.500 -> 12.5, 3.000 -> 3
    while (number.back() == '0')
        number.pop_back();
    if (number.back() == '.')
        number.pop_back();
    if (number == "-0")
        number = "0";
    m_body += number;
    return *this;
}

bool JsonObject::contains(std::string_view key) const
{
    std::string quoted;
    appendString(quoted, key);
    quoted.push_back(':');
    return m_body.find(quoted) != std::string::npos;
}
