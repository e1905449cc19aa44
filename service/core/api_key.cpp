#include "core/api_key.hpp"

#include <cctype>

namespace forewarn {

namespace {
constexpr std::string_view kScheme = "fwk_";
constexpr size_t kPrefixLen = 12;
constexpr size_t kSecretLen = 43;  // 32 bytes in unpadded base64url

bool is_hex_lower(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_b64url(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }
}  // namespace

std::optional<ApiKeyParts> parse_api_key(std::string_view t) {
  if (t.size() != kScheme.size() + kPrefixLen + 1 + kSecretLen) return std::nullopt;
  if (t.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  const auto prefix = t.substr(kScheme.size(), kPrefixLen);
  if (t[kScheme.size() + kPrefixLen] != '_') return std::nullopt;
  const auto secret = t.substr(kScheme.size() + kPrefixLen + 1);
  for (char c : prefix)
    if (!is_hex_lower(c)) return std::nullopt;
  for (char c : secret)
    if (!is_b64url(c)) return std::nullopt;
  return ApiKeyParts{std::string(prefix), std::string(secret)};
}

std::string format_api_key(const ApiKeyParts& p) { return std::string(kScheme) + p.prefix + "_" + p.secret; }

std::optional<std::string_view> bearer_token(std::string_view h) {
  if (h.size() < 7) return std::nullopt;
  static constexpr std::string_view kBearer = "bearer";
  for (size_t i = 0; i < kBearer.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(h[i])) != kBearer[i]) return std::nullopt;
  size_t i = kBearer.size();
  if (h[i] != ' ') return std::nullopt;
  while (i < h.size() && h[i] == ' ') ++i;
  auto token = h.substr(i);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace forewarn
