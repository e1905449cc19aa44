#include "clients/twilio/transport.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "clients/common/codec/provider.hpp"
#include "core/encoding.hpp"
#include "platform/crypto.hpp"

namespace forewarn::clients::twilio {

TwilioProvider::TwilioProvider(TwilioConfig config, std::shared_ptr<HttpClient> http, const Clock& clock)
    : config_(std::move(config)),
      http_(std::move(http), "twilio", ProviderEndpoint{config_.base_url, config_.max_in_flight}),
      clock_(clock) {}

SendOutcome TwilioProvider::outcome(const HttpResponse& r) const {
  if (r.failure != HttpResponse::Failure::none) return no_answer_outcome(r);
  return parse_send_response(r.status, r.body, retry_after_from(r.header("retry-after"), nullptr, clock_.now()));
}

SendOutcome TwilioProvider::send(const OutgoingMessage& message) {
  return outcome(http_.send(send_request(message, config_.account)));
}

std::vector<SendOutcome> TwilioProvider::send_all(const std::vector<OutgoingMessage>& messages) {
  std::vector<tracking::HttpRequest> requests;
  requests.reserve(messages.size());
  for (const auto& m : messages) requests.push_back(send_request(m, config_.account));
  std::vector<SendOutcome> out;
  out.reserve(messages.size());
  for (const auto& r : http_.send_all(std::move(requests))) out.push_back(outcome(r));
  return out;
}

std::string webhook_signature(std::string_view auth_token, std::string_view url,
                              const std::map<std::string, std::string>& post_params) {
  std::string data(url);
  for (const auto& [name, value] : post_params) {  // std::map: sorted by name
    data += name;
    data += value;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

bool verify_webhook_signature(std::string_view auth_token, std::string_view url,
                              const std::map<std::string, std::string>& post_params, std::string_view header_value) {
  if (header_value.empty() || auth_token.empty()) return false;
  return crypto::constant_time_equal(webhook_signature(auth_token, url, post_params), header_value);
}

}  // namespace forewarn::clients::twilio
