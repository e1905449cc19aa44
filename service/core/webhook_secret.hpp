// The body of PUT /v1/webhook-secrets/{provider}: {"secret": "..."}, the
// signing secret the tenant configured at EasyPost or AfterShip. Accepted:
// 8 to 256 printable ASCII characters without spaces (EasyPost normalizes a
// secret with NFKD before keying its HMAC; on ASCII that changes nothing, so
// forewarn's HMAC matches without a Unicode library). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace forewarn {

bool is_acceptable_webhook_secret(std::string_view secret);

struct WebhookSecretInput {
  std::optional<std::string> secret;
  Problem problem;
};
WebhookSecretInput webhook_secret_from_json(const nlohmann::json& body);

}  // namespace forewarn
