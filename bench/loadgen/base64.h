#pragma once

#include <string>
#include <string_view>

// Base64 with padding (RFC 4648 section 4), for Sec-WebSocket-Key and Sec-WebSocket-Accept.
namespace Base64 {

std::string encode(std::string_view bytes);

} // namespace Base64
