#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The status line and header fields of an HTTP/1.1 response (RFC 9112 sections 4 and 5), as
// far as the generator needs them: the WebSocket 101 and the SSE 200.
class HttpResponseHead
{
public:
    // Parses `head` (everything before the blank line). Empty when the status line is malformed.
    static std::optional<HttpResponseHead> parse(std::string_view head);
    // The end of the head in `buffer` (index just past CRLF CRLF), or npos while incomplete.
    static size_t findEnd(std::string_view buffer);

    int status() const { return m_status; }
    // The value of the first field named `name` (case-insensitive, RFC 9110 5.1), trimmed.
    std::optional<std::string_view> field(std::string_view name) const;
    // Whether a comma-separated field holds `token` (case-insensitive), e.g. Connection: Upgrade.
    bool fieldHasToken(std::string_view name, std::string_view token) const;

private:
    int m_status = 0;
    std::vector<std::pair<std::string, std::string>> m_fields;
};
