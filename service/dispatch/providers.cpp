#include "dispatch/providers.hpp"

#include <algorithm>
#include <array>

namespace forewarn::dispatch {

namespace {
constexpr std::array<std::string_view, 5> kKinds = {"smtp", "sendgrid", "postmark", "twilio", "vonage"};
}

bool is_provider_kind(std::string_view kind) { return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end(); }

clients::Channel channel_of_kind(std::string_view kind) {
  return kind == "twilio" || kind == "vonage" ? clients::Channel::sms : clients::Channel::email;
}

bool is_secret_key(std::string_view key) {
  return key == "password" || key == "api_key" || key == "api_secret" || key == "auth_token" ||
         key == "server_token" || key.find("secret") != std::string_view::npos ||
         key.find("token") != std::string_view::npos || key.find("password") != std::string_view::npos;
}

nlohmann::json redact_config(const nlohmann::json& config) {
  nlohmann::json out = nlohmann::json::object();
  if (!config.is_object()) return out;
  for (const auto& [key, value] : config.items()) out[key] = is_secret_key(key) ? nlohmann::json("********") : value;
  return out;
}

struct ProviderRegistry::Impl {
  const Clock& clock;
};

ProviderRegistry::ProviderRegistry(const Clock& clock) : impl_(std::make_unique<Impl>(Impl{clock})) {}
ProviderRegistry::~ProviderRegistry() = default;

std::unique_ptr<clients::MessageProvider> ProviderRegistry::make(const std::string& kind, const nlohmann::json& config,
                                                                 std::string& error) {
  (void)config;
  if (!is_provider_kind(kind)) {
    error = "unknown provider kind " + kind;
    return nullptr;
  }
  error = "provider " + kind + " is not built into this forewarn";
  return nullptr;
}

}  // namespace forewarn::dispatch

namespace forewarn::dispatch {

StatusParse parse_status_webhook(const std::string& kind, const std::string& body, const std::string& content_type) {
  (void)body;
  (void)content_type;
  StatusParse out;
  out.error = "status webhooks of " + kind + " are not built into this forewarn";
  return out;
}

}  // namespace forewarn::dispatch
