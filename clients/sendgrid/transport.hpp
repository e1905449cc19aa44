// SendGrid v3 Mail Send transport (adapter): POST {base_url}/v3/mail/send
// with the API key as a bearer token, over a shared HttpClient.
#pragma once

#include <memory>
#include <string>

#include "clients/common/provider_http.hpp"
#include "core/clock.hpp"

namespace forewarn::clients::sendgrid {

struct SendGridConfig {
  std::string base_url = "https://api.sendgrid.com";
  std::string api_key;
  int max_in_flight = 64;
};

class SendGridProvider final : public MessageProvider {
 public:
  SendGridProvider(SendGridConfig config, std::shared_ptr<HttpClient> http, const Clock& clock);
  std::string name() const override { return "sendgrid"; }
  Channel channel() const override { return Channel::email; }
  SendOutcome send(const OutgoingMessage& message) override;

 private:
  SendGridConfig config_;
  ProviderHttp http_;
  const Clock& clock_;
};

}  // namespace forewarn::clients::sendgrid
