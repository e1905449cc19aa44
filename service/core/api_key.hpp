// API key format: "fwk_<prefix>_<secret>". The prefix (12 hex characters) is
// not secret: it names the key in the database and in logs. The secret is 32
// random bytes, base64url-encoded; only its SHA-256 is stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace forewarn {

struct ApiKeyParts {
  std::string prefix;
  std::string secret;
};

std::optional<ApiKeyParts> parse_api_key(std::string_view token);
std::string format_api_key(const ApiKeyParts& parts);

// "Bearer <token>" (scheme case-insensitive, one or more spaces).
std::optional<std::string_view> bearer_token(std::string_view authorization_header);

}  // namespace forewarn
