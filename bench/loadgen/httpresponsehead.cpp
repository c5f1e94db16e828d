#include "httpresponsehead.h"

#include <algorithm>
#include <cctype>

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(uint8_t(x)) == std::tolower(uint8_t(y)); });
}

std::string_view trimmed(std::string_view text)
{
    // RFC 9110 5.5: optional whitespace around a field value is not part of it.
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

size_t HttpResponseHead::findEnd(std::string_view buffer)
{
    const size_t at = buffer.find("\r\n\r\n");
    return at == std::string_view::npos ? at : at + 4;
}

std::optional<HttpResponseHead> HttpResponseHead::parse(std::string_view head)
{
    HttpResponseHead result;
    const std::string_view text = head;
    // RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
    const size_t lineEnd = std::min(text.find("\r\n"), text.size());
    const std::string_view statusLine = text.substr(0, lineEnd);
    if (statusLine.size() < 12 || statusLine.substr(0, 5) != "HTTP/" || statusLine[8] != ' ')
        return std::nullopt;
    for (size_t i = 9; i < 12; ++i) {
        if (!std::isdigit(uint8_t(statusLine[i])))
            return std::nullopt;
        result.m_status = result.m_status * 10 + (statusLine[i] - '0');
    }
    size_t position = lineEnd + 2;
    while (position < text.size()) {
        const size_t end = std::min(text.find("\r\n", position), text.size());
        const std::string_view line = text.substr(position, end - position);
        position = end + 2;
        if (line.empty())
            break;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return std::nullopt;
        result.m_fields.emplace_back(line.substr(0, colon), trimmed(line.substr(colon + 1)));
    }
    return result;
}

std::optional<std::string_view> HttpResponseHead::field(std::string_view name) const
{
    for (const auto &[fieldName, value] : m_fields) {
        if (equalsIgnoringCase(fieldName, name))
            return value;
    }
    return std::nullopt;
}

bool HttpResponseHead::fieldHasToken(std::string_view name, std::string_view token) const
{
    for (const auto &[fieldName, value] : m_fields) {
        if (!equalsIgnoringCase(fieldName, name))
            continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const size_t comma = std::min(rest.find(','), rest.size());
            if (equalsIgnoringCase(trimmed(rest.substr(0, comma)), token))
                return true;
            rest.remove_prefix(std::min(comma + 1, rest.size()));
        }
    }
    return false;
}
