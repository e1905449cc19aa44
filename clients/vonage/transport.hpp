// Vonage SMS transport (adapter): POST {base_url}/sms/json (form-encoded,
// api_key / api_secret in the body), over a shared HttpClient. Also the
// signature of Vonage's signed webhooks (OpenSSL).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "clients/common/provider_http.hpp"
#include "clients/vonage/codec/vonage.hpp"
#include "core/clock.hpp"

namespace forewarn::clients::vonage {

struct VonageConfig {
  std::string base_url = "https://rest.nexmo.com";
  Account account;
  int max_in_flight = 32;
};

class VonageProvider final : public MessageProvider {
 public:
  VonageProvider(VonageConfig config, std::shared_ptr<HttpClient> http, const Clock& clock);
  std::string name() const override { return "vonage"; }
  Channel channel() const override { return Channel::sms; }
  SendOutcome send(const OutgoingMessage& message) override;

 private:
  VonageConfig config_;
  ProviderHttp http_;
  const Clock& clock_;
};

// Signed webhooks (inbound SMS, delivery receipts) when the account has a
// signature secret: every parameter but `sig`, sorted by name, each as
// "&name=value" with '&' and '=' in the value replaced by '_'; then
//   md5hash (Vonage's default): hex(MD5(that string + secret)), lower case;
//   md5 / sha1 / sha256 / sha512: hex(HMAC(secret, that string)), upper case.
enum class SignatureMethod { md5hash, md5, sha1, sha256, sha512 };
std::optional<SignatureMethod> signature_method_from_string(std::string_view name);
std::string webhook_signature(std::string_view secret, SignatureMethod method,
                              const std::map<std::string, std::string>& params);
// The `sig` parameter against the signature (case-insensitive hex, constant
// time) and the `timestamp` parameter (Unix seconds) within `max_skew` of
// `now`. false with `why` set otherwise.
bool verify_webhook_signature(std::string_view secret, SignatureMethod method,
                              const std::map<std::string, std::string>& params, Instant now,
                              std::chrono::seconds max_skew, std::string& why);

}  // namespace forewarn::clients::vonage
