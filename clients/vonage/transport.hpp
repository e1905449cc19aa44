// Vonage SMS transport (adapter): POST {base_url}/sms/json (form-encoded,
// api_key / api_secret in the body), over a shared HttpClient.
#pragma once

#include <memory>
#include <string>

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

}  // namespace forewarn::clients::vonage
