#include "dispatch/providers.hpp"

#include <algorithm>
#include <array>
#include <mutex>

#include "clients/common/codec/provider.hpp"
#include "clients/common/provider_http.hpp"
#include "clients/postmark/codec/postmark.hpp"
#include "clients/postmark/transport.hpp"
#include "clients/sendgrid/codec/sendgrid.hpp"
#include "clients/sendgrid/transport.hpp"
#include "clients/smtp/transport.hpp"
#include "clients/twilio/codec/twilio.hpp"
#include "clients/twilio/transport.hpp"
#include "clients/vonage/codec/vonage.hpp"
#include "clients/vonage/transport.hpp"

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

namespace {

std::string text(const nlohmann::json& c, const char* key, std::string fallback = "") {
  const std::string* s = c.is_object() && c.contains(key) ? c[key].get_ptr<const std::string*>() : nullptr;
  return s && !s->empty() ? *s : std::move(fallback);
}

bool flag(const nlohmann::json& c, const char* key, bool fallback) {
  const auto it = c.find(key);
  return it != c.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

int integer(const nlohmann::json& c, const char* key, int fallback, int lo, int hi) {
  const auto it = c.find(key);
  if (it == c.end() || !it->is_number_integer()) return fallback;
  return std::clamp(it->get<int>(), lo, hi);
}

}  // namespace

struct ProviderRegistry::Impl {
  explicit Impl(const Clock& c) : clock(c) {}
  const Clock& clock;
  std::mutex mu;
  std::shared_ptr<clients::HttpClient> http;  // made on first use, shared by every HTTP provider

  std::shared_ptr<clients::HttpClient> client() {
    std::lock_guard lock(mu);
    if (!http) http = clients::make_provider_http_client();
    return http;
  }
};

ProviderRegistry::ProviderRegistry(const Clock& clock) : impl_(std::make_unique<Impl>(clock)) {}
ProviderRegistry::~ProviderRegistry() = default;

std::unique_ptr<clients::MessageProvider> ProviderRegistry::make(const std::string& kind, const nlohmann::json& config,
                                                                 std::string& error) {
  if (!config.is_object()) {
    error = "the configuration is not an object";
    return nullptr;
  }
  const auto& c = config;
  if (kind == "smtp") {
    clients::smtp::SmtpConfig s;
    s.url = text(c, "url");
    s.helo_domain = text(c, "helo_domain");
    s.username = text(c, "username");
    s.password = text(c, "password");
    s.starttls = flag(c, "starttls", false);
    s.verify_peer = flag(c, "verify_peer", true);
    s.ca_file = text(c, "ca_file");
    s.connect_timeout = std::chrono::milliseconds{integer(c, "connect_timeout_ms", 5000, 100, 60000)};
    s.total_timeout = std::chrono::milliseconds{integer(c, "timeout_ms", 30000, 100, 60000)};
    if (s.url.empty()) {
      error = "smtp needs url";
      return nullptr;
    }
    return std::make_unique<clients::smtp::SmtpProvider>(std::move(s), impl_->clock);
  }
  if (kind == "sendgrid") {
    clients::sendgrid::SendGridConfig s;
    s.base_url = text(c, "base_url", s.base_url);
    s.api_key = text(c, "api_key");
    s.max_in_flight = integer(c, "max_in_flight", s.max_in_flight, 1, 1024);
    return std::make_unique<clients::sendgrid::SendGridProvider>(std::move(s), impl_->client(), impl_->clock);
  }
  if (kind == "postmark") {
    clients::postmark::PostmarkConfig s;
    s.base_url = text(c, "base_url", s.base_url);
    s.server_token = text(c, "server_token");
    s.message_stream = text(c, "message_stream", s.message_stream);
    s.max_in_flight = integer(c, "max_in_flight", s.max_in_flight, 1, 1024);
    return std::make_unique<clients::postmark::PostmarkProvider>(std::move(s), impl_->client(), impl_->clock);
  }
  if (kind == "twilio") {
    clients::twilio::TwilioConfig s;
    s.base_url = text(c, "base_url", s.base_url);
    s.account.account_sid = text(c, "account_sid");
    s.account.auth_user = text(c, "api_key_sid", s.account.account_sid);
    s.account.auth_secret = text(c, "auth_token");
    s.account.messaging_service_sid = text(c, "messaging_service_sid");
    s.account.status_callback = text(c, "status_callback");
    s.max_in_flight = integer(c, "max_in_flight", s.max_in_flight, 1, 1024);
    return std::make_unique<clients::twilio::TwilioProvider>(std::move(s), impl_->client(), impl_->clock);
  }
  if (kind == "vonage") {
    clients::vonage::VonageConfig s;
    s.base_url = text(c, "base_url", s.base_url);
    s.account.api_key = text(c, "api_key");
    s.account.api_secret = text(c, "api_secret");
    s.account.callback = text(c, "status_callback");
    s.max_in_flight = integer(c, "max_in_flight", s.max_in_flight, 1, 1024);
    return std::make_unique<clients::vonage::VonageProvider>(std::move(s), impl_->client(), impl_->clock);
  }
  error = "unknown provider kind " + kind;
  return nullptr;
}

}  // namespace forewarn::dispatch

namespace forewarn::dispatch {

namespace {

void add(StatusParse& out, const clients::DeliveryEvent& e) {
  out.reports.push_back({e.provider_message_id, std::string(clients::to_string(e.state)), e.reason});
}

}  // namespace

StatusParse parse_status_webhook(const std::string& kind, const std::string& body, const std::string& content_type) {
  StatusParse out;
  const bool form = content_type.find("application/x-www-form-urlencoded") != std::string::npos;
  std::optional<std::string> error;
  if (kind == "sendgrid") {
    const auto r = clients::sendgrid::parse_events(body);
    error = r.error;
    for (const auto& e : r.events) add(out, e);
  } else if (kind == "postmark") {
    const auto r = clients::postmark::parse_webhook(body);
    error = r.error;
    if (r.event) add(out, *r.event);
  } else if (kind == "twilio") {
    const auto r = clients::twilio::parse_status_callback(clients::parse_form(body));
    error = r.error;
    if (r.event) add(out, *r.event);
  } else if (kind == "vonage") {
    const auto r = form ? clients::vonage::parse_receipt(clients::parse_form(body))
                        : clients::vonage::parse_receipt_json(body);
    error = r.error;
    if (r.event) add(out, *r.event);
  } else {
    error = "a " + kind + " provider sends no status webhooks";
  }
  out.ok = !error;
  if (error) out.error = *error;
  return out;
}

}  // namespace forewarn::dispatch
