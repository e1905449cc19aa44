#include "clients/common/providers.hpp"

#include <set>

#include "clients/postmark/transport.hpp"
#include "clients/sendgrid/transport.hpp"
#include "clients/smtp/transport.hpp"
#include "clients/twilio/transport.hpp"
#include "clients/vonage/transport.hpp"

namespace forewarn::clients {

namespace {

struct Reader {
  const ProviderSettings& s;
  std::string error;

  std::string get(const std::string& key, const std::string& fallback = "") const {
    const auto it = s.values.find(key);
    return it == s.values.end() || it->second.empty() ? fallback : it->second;
  }
  std::string required(const std::string& key) {
    std::string v = get(key);
    if (v.empty() && error.empty()) error = s.kind + "." + key + " is required";
    return v;
  }
  bool flag(const std::string& key, bool fallback) {
    const std::string v = get(key);
    if (v.empty()) return fallback;
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    if (error.empty()) error = s.kind + "." + key + " must be true or false";
    return fallback;
  }
  long long number(const std::string& key, long long fallback, long long lo, long long hi) {
    const std::string v = get(key);
    if (v.empty()) return fallback;
    char* end = nullptr;
    const long long n = std::strtoll(v.c_str(), &end, 10);
    if (*end != '\0' || n < lo || n > hi) {
      if (error.empty()) error = s.kind + "." + key + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
      return fallback;
    }
    return n;
  }
  void only(const std::set<std::string>& allowed) {
    for (const auto& [k, v] : s.values)
      if (!allowed.count(k) && error.empty()) error = s.kind + "." + k + " is not a known setting";
  }
};

}  // namespace

MadeProvider make_provider(const ProviderSettings& settings, std::shared_ptr<HttpClient> http, const Clock& clock) {
  Reader r{settings, {}};
  MadeProvider out;
  const int lanes = static_cast<int>(r.number("max_in_flight", 64, 1, 4096));
  if (settings.kind == "smtp") {
    r.only({"url", "helo_domain", "username", "password", "starttls", "verify_peer", "ca_file", "connect_timeout_ms", "timeout_ms"});
    smtp::SmtpConfig c;
    c.url = r.required("url");
    if (!c.url.empty() && c.url.rfind("smtp://", 0) != 0 && c.url.rfind("smtps://", 0) != 0 && r.error.empty())
      r.error = "smtp.url must start with smtp:// or smtps://";
    c.helo_domain = r.get("helo_domain");
    c.username = r.get("username");
    c.password = r.get("password");
    c.starttls = r.flag("starttls", false);
    c.verify_peer = r.flag("verify_peer", true);
    c.ca_file = r.get("ca_file");
    c.connect_timeout = std::chrono::milliseconds{r.number("connect_timeout_ms", 5000, 100, 600000)};
    c.total_timeout = std::chrono::milliseconds{r.number("timeout_ms", 30000, 100, 3600000)};
    if (r.error.empty()) out.provider = std::make_unique<smtp::SmtpProvider>(std::move(c), clock);
  } else if (settings.kind == "sendgrid") {
    r.only({"api_key", "base_url", "max_in_flight"});
    sendgrid::SendGridConfig c{r.get("base_url", "https://api.sendgrid.com"), r.required("api_key"), lanes};
    if (r.error.empty()) out.provider = std::make_unique<sendgrid::SendGridProvider>(std::move(c), http, clock);
  } else if (settings.kind == "postmark") {
    r.only({"server_token", "message_stream", "base_url", "max_in_flight"});
    postmark::PostmarkConfig c{r.get("base_url", "https://api.postmarkapp.com"), r.required("server_token"),
                               r.get("message_stream", "outbound"), lanes};
    if (r.error.empty()) out.provider = std::make_unique<postmark::PostmarkProvider>(std::move(c), http, clock);
  } else if (settings.kind == "twilio") {
    r.only({"account_sid", "auth_token", "api_key_sid", "api_key_secret", "messaging_service_sid", "status_callback",
            "base_url", "max_in_flight"});
    twilio::TwilioConfig c;
    c.base_url = r.get("base_url", "https://api.twilio.com");
    c.max_in_flight = lanes;
    c.account.account_sid = r.required("account_sid");
    if (!r.get("api_key_sid").empty()) {
      c.account.auth_user = r.get("api_key_sid");
      c.account.auth_secret = r.required("api_key_secret");
    } else {
      c.account.auth_user = c.account.account_sid;
      c.account.auth_secret = r.required("auth_token");
    }
    c.account.messaging_service_sid = r.get("messaging_service_sid");
    c.account.status_callback = r.get("status_callback");
    if (r.error.empty()) out.provider = std::make_unique<twilio::TwilioProvider>(std::move(c), http, clock);
  } else if (settings.kind == "vonage") {
    r.only({"api_key", "api_secret", "callback", "base_url", "max_in_flight"});
    vonage::VonageConfig c{r.get("base_url", "https://rest.nexmo.com"),
                           {r.required("api_key"), r.required("api_secret"), r.get("callback")}, lanes};
    if (r.error.empty()) out.provider = std::make_unique<vonage::VonageProvider>(std::move(c), http, clock);
  } else {
    r.error = "unknown provider kind '" + settings.kind + "' (smtp, sendgrid, postmark, twilio, vonage)";
  }
  if (!r.error.empty()) out.provider.reset();
  out.error = std::move(r.error);
  return out;
}

}  // namespace forewarn::clients
