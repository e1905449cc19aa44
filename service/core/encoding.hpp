// Text encodings used across the service (pure).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace forewarn {

std::string base64url_encode(std::string_view raw);                 // unpadded
std::optional<std::string> base64url_decode(std::string_view text);  // padded or not
std::string base64_encode(std::string_view raw);                    // RFC 4648 section 4, padded

// 8-4-4-4-12 hexadecimal digits (any case), as PostgreSQL prints a uuid.
bool is_uuid(std::string_view s);

}  // namespace forewarn
