#include "endpoint.h"

#include <arpa/inet.h>

#include <charconv>

std::optional<Endpoint> Endpoint::parse(std::string_view text)
{
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    const std::string addressText(text.substr(0, colon));
    const std::string_view portText = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (error != std::errc() || end != portText.data() + portText.size() || port == 0 || port > 65535)
        return std::nullopt;
    Endpoint endpoint;
    endpoint.address.sin_family = AF_INET;
    endpoint.address.sin_port = htons(uint16_t(port));
    if (::inet_pton(AF_INET, addressText.c_str(), &endpoint.address.sin_addr) != 1)
        return std::nullopt;
    endpoint.host = std::string(text);
    return endpoint;
}
