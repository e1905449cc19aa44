// Twilio Messages transport (adapter): POST
// {base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic
// and the forewarn message id as I-Twilio-Idempotency-Token, over a shared
// HttpClient. Also the X-Twilio-Signature of Twilio's webhooks (OpenSSL).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "clients/common/provider_http.hpp"
#include "clients/twilio/codec/twilio.hpp"
#include "core/clock.hpp"

namespace forewarn::clients::twilio {

struct TwilioConfig {
  std::string base_url = "https://api.twilio.com";
  Account account;
  int max_in_flight = 64;
};

class TwilioProvider final : public MessageProvider {
 public:
  TwilioProvider(TwilioConfig config, std::shared_ptr<HttpClient> http, const Clock& clock);
  std::string name() const override { return "twilio"; }
  Channel channel() const override { return Channel::sms; }
  SendOutcome send(const OutgoingMessage& message) override;
  bool idempotent() const override { return true; }  // I-Twilio-Idempotency-Token
  std::vector<SendOutcome> send_all(const std::vector<OutgoingMessage>& messages) override;

 private:
  SendOutcome outcome(const HttpResponse& r) const;
  TwilioConfig config_;
  ProviderHttp http_;
  const Clock& clock_;
};

// X-Twilio-Signature: base64(HMAC-SHA1(auth_token, url + every POST parameter
// sorted by name, name then value, no separators)). `url` is the full URL
// Twilio called, with its query string, exactly as configured at Twilio.
std::string webhook_signature(std::string_view auth_token, std::string_view url,
                              const std::map<std::string, std::string>& post_params);
// Constant-time comparison with the header's value; false when it is empty.
bool verify_webhook_signature(std::string_view auth_token, std::string_view url,
                              const std::map<std::string, std::string>& post_params, std::string_view header_value);

}  // namespace forewarn::clients::twilio
