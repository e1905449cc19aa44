// The registry of e-mail and SMS providers: a tenant_providers row (kind +
// config) becomes a clients::MessageProvider. One line per provider kind in
// providers.cpp; the implementations live in clients/<kind>/.
//
// Config keys (JSON, per kind; secrets marked *):
//   smtp      url ("smtp://host:port" STARTTLS when offered, "smtps://" implicit TLS),
//             username, password*, from, from_name, reply_to, message_id_domain
//   sendgrid  base_url, api_key*, from, from_name, reply_to, message_id_domain
//   postmark  base_url, server_token*, from, from_name, reply_to, message_id_domain
//   twilio    base_url, account_sid, auth_token*, from (E.164 or messaging_service_sid),
//             webhook_base_url (the public base URL Twilio calls: its webhooks' signatures cover it)
//   vonage    base_url, api_key, api_secret*, from, signature_secret* and signature_method
//             (md5hash, md5, sha1, sha256, sha512: the account's signed webhooks)
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients/common/messaging.hpp"
#include "core/clock.hpp"

namespace forewarn::dispatch {

bool is_provider_kind(std::string_view kind);
// The channel a kind serves (smtp, sendgrid, postmark: email; twilio, vonage: sms).
clients::Channel channel_of_kind(std::string_view kind);
// Config keys whose values are secrets: write-only through the API, never logged.
bool is_secret_key(std::string_view key);
// The config with every secret value replaced by "********".
nlohmann::json redact_config(const nlohmann::json& config);

// Makes providers from their configuration. The HTTP providers share one
// HttpClient (libcurl multi: keep-alive connections, many sends in flight).
class ProviderRegistry {
 public:
  explicit ProviderRegistry(const Clock& clock);
  ~ProviderRegistry();
  // nullptr with `error` set when the kind is unknown or the config unusable.
  std::unique_ptr<clients::MessageProvider> make(const std::string& kind, const nlohmann::json& config,
                                                 std::string& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace forewarn::dispatch

namespace forewarn::dispatch {

// One status report from a provider's webhook about a message it sent.
struct StatusReport {
  std::string provider_message_id;
  std::string status;  // delivered, bounced, failed, complained; anything else is ignored
  std::string reason;
};
struct StatusParse {
  bool ok = false;
  std::string error;
  std::vector<StatusReport> reports;
};
// The provider's status webhook body (SendGrid event webhook, Postmark
// delivery/bounce/spam webhooks, Twilio status callback, Vonage DLR),
// through the provider's codec.
StatusParse parse_status_webhook(const std::string& kind, const std::string& body, const std::string& content_type);

}  // namespace forewarn::dispatch
