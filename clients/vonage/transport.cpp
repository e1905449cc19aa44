#include "clients/vonage/transport.hpp"

#include "clients/common/codec/provider.hpp"

namespace forewarn::clients::vonage {

VonageProvider::VonageProvider(VonageConfig config, std::shared_ptr<HttpClient> http, const Clock& clock)
    : config_(std::move(config)),
      http_(std::move(http), "vonage", ProviderEndpoint{config_.base_url, config_.max_in_flight}),
      clock_(clock) {}

SendOutcome VonageProvider::send(const OutgoingMessage& message) {
  if (!is_e164(message.to)) {
    return SendOutcome{SendStatus::permanent_failure, {}, "to is not an E.164 phone number", 0, std::nullopt};
  }
  const HttpResponse r = http_.send(send_request(message, config_.account));
  if (r.failure != HttpResponse::Failure::none) return no_answer_outcome(r);
  return parse_send_response(r.status, r.body, retry_after_from(r.header("retry-after"), nullptr, clock_.now()));
}

}  // namespace forewarn::clients::vonage
