// `forewarn sim-provider` (docs/sim-provider.md): one loopback HTTP server
// that speaks the send endpoints of SendGrid (POST /v3/mail/send), Postmark
// (POST /email), Twilio (POST /2010-04-01/Accounts/{sid}/Messages.json) and
// Vonage (POST /sms/json) in their documented formats, checks their
// authentication, honours Twilio's I-Twilio-Idempotency-Token (the others
// have none), injects faults (429 with Retry-After, 5xx, answers held past
// the client's timeout after the message was taken, permanent rejections of
// configured addresses), counts the messages it took per forewarn message id,
// and optionally posts the providers' status webhooks back.
//
// Test endpoints:
//   GET  /_sim/messages[?id=]   accepted, unique, duplicates, per provider, counts per id
//   GET  /_sim/stats            requests and answers per provider, webhooks posted
//   GET  /_sim/last?provider=   the last request a provider endpoint received (method, path, headers, body)
//   POST /_sim/faults           replaces the fault rates (body: {"provider"?, ...rates})
//   POST /_sim/reset            forgets messages, counters and idempotency keys
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace forewarn::sim {

struct ProviderFaults {
  double rate_limited = 0;  // 429 (Vonage: status 1 "Throttled") with Retry-After
  double server_error = 0;  // 500 / 503 (Vonage: status 5)
  double timeout = 0;       // the message is taken, then the answer is held back timeout_ms
  int retry_after_s = 1;
  int timeout_ms = 15000;
  int accept_delay_ms = 0;  // every accepted message: taken and counted, then the answer held this long
};

struct ProviderSimConfig {
  std::uint64_t seed = 1;
  // provider → credential name → value ("sendgrid": api_key; "postmark":
  // server_token; "twilio": account_sid, auth_token; "vonage": api_key,
  // api_secret). A provider without any accepts any non-empty credentials.
  std::map<std::string, std::map<std::string, std::string>> credentials;
  ProviderFaults faults;                                // every provider
  std::map<std::string, ProviderFaults> provider_faults;  // per provider, replaces `faults`
  std::set<std::string> reject;  // addresses / numbers rejected at send with the provider's permanent error
  std::set<std::string> bounce;  // taken, then reported bounced / undelivered by webhook
  std::map<std::string, std::string> webhooks;  // provider → URL for status webhooks (Twilio: StatusCallback wins)
  int webhook_delay_ms = 0;
};

struct ProviderSimParse {
  std::optional<ProviderSimConfig> config;
  std::vector<std::string> errors;  // each names the field
};
// JSON text; every field optional; unknown fields are errors.
ProviderSimParse parse_provider_sim_config(std::string_view json);

struct ProviderServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  int threads = 64;
};

class ProviderServer {
 public:
  ProviderServer(ProviderSimConfig config, std::shared_ptr<Clock> clock, ProviderServerOptions options);
  ~ProviderServer();
  ProviderServer(const ProviderServer&) = delete;
  ProviderServer& operator=(const ProviderServer&) = delete;

  int bind();  // the port, or -1
  void run();  // serves until stop()
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace forewarn::sim
