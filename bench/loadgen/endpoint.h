#pragma once

#include <netinet/in.h>

#include <optional>
#include <string>
#include <string_view>

// The server under test: an IPv4 address and port, and the Host header that names it.
struct Endpoint
{
    sockaddr_in address{};
    std::string host; // "127.0.0.1:8080"

    // Parses "ADDRESS:PORT" with a numeric IPv4 address.
    static std::optional<Endpoint> parse(std::string_view text);
};
