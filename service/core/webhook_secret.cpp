#include "core/webhook_secret.hpp"

#include <algorithm>

#include "core/body_reader.hpp"

namespace forewarn {

bool is_acceptable_webhook_secret(std::string_view secret) {
  return secret.size() >= 8 && secret.size() <= 256 &&
         std::all_of(secret.begin(), secret.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

WebhookSecretInput webhook_secret_from_json(const nlohmann::json& body) {
  BodyReader r(body);
  const auto secret = r.required_string("secret", {8, 256});
  r.reject_unknown();
  if (secret && !is_acceptable_webhook_secret(*secret))
    r.fail("secret", "must be printable ASCII characters without spaces");
  if (!r.ok()) return {std::nullopt, r.problem()};
  return {secret, {}};
}

}  // namespace forewarn
