#include "platform/unsubscribe.hpp"

#include "core/encoding.hpp"
#include "platform/crypto.hpp"

namespace forewarn::platform {

namespace {
constexpr const char* kContext = "forewarn-unsubscribe-v1|";

std::string signature(const std::string& key, const std::string& payload) {
  return crypto::hmac_sha256(key, std::string(kContext) + payload);
}
}  // namespace

std::string sign_unsubscribe(const std::string& key, const UnsubscribeTarget& target) {
  std::string payload = target.tenant_id;
  payload += '|';
  payload += target.address;
  std::string token = base64url_encode(payload);
  token += '.';
  token += base64url_encode(signature(key, payload));
  return token;
}

std::optional<UnsubscribeTarget> verify_unsubscribe(const std::string& key, const std::string& token) {
  const auto dot = token.find('.');
  if (dot == std::string::npos || token.size() > 1024) return std::nullopt;
  const auto payload = base64url_decode(std::string_view(token).substr(0, dot));
  const auto mac = base64url_decode(std::string_view(token).substr(dot + 1));
  if (!payload || !mac) return std::nullopt;
  if (!crypto::constant_time_equal(*mac, signature(key, *payload))) return std::nullopt;
  const auto bar = payload->find('|');
  if (bar == std::string::npos) return std::nullopt;
  UnsubscribeTarget t{payload->substr(0, bar), payload->substr(bar + 1)};
  if (!is_uuid(t.tenant_id) || t.address.empty()) return std::nullopt;
  return t;
}

}  // namespace forewarn::platform
