// Text encodings used across the service (pure).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace forewarn {

std::string base64url_encode(std::string_view raw);                 // unpadded
std::optional<std::string> base64url_decode(std::string_view text);  // padded or not

}  // namespace forewarn
