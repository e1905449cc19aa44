// Postmark transport (adapter): POST {base_url}/email with the server token
// in X-Postmark-Server-Token, over a shared HttpClient.
#pragma once

#include <memory>
#include <string>

#include "clients/common/provider_http.hpp"
#include "core/clock.hpp"

namespace forewarn::clients::postmark {

struct PostmarkConfig {
  std::string base_url = "https://api.postmarkapp.com";
  std::string server_token;
  std::string message_stream = "outbound";
  int max_in_flight = 64;
};

class PostmarkProvider final : public MessageProvider {
 public:
  PostmarkProvider(PostmarkConfig config, std::shared_ptr<HttpClient> http, const Clock& clock);
  std::string name() const override { return "postmark"; }
  Channel channel() const override { return Channel::email; }
  SendOutcome send(const OutgoingMessage& message) override;

 private:
  PostmarkConfig config_;
  ProviderHttp http_;
  const Clock& clock_;
};

}  // namespace forewarn::clients::postmark
