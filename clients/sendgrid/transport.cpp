#include "clients/sendgrid/transport.hpp"

#include "clients/common/codec/provider.hpp"
#include "clients/sendgrid/codec/sendgrid.hpp"

namespace forewarn::clients::sendgrid {

SendGridProvider::SendGridProvider(SendGridConfig config, std::shared_ptr<HttpClient> http, const Clock& clock)
    : config_(std::move(config)),
      http_(std::move(http), "sendgrid", ProviderEndpoint{config_.base_url, config_.max_in_flight}),
      clock_(clock) {}

SendOutcome SendGridProvider::send(const OutgoingMessage& message) {
  const HttpResponse r = http_.send(send_request(message, config_.api_key));
  if (r.failure != HttpResponse::Failure::none) return no_answer_outcome(r);
  return parse_send_response(r.status, r.header("x-message-id"), r.body,
                             retry_after_from(r.header("retry-after"), r.header("x-ratelimit-reset"), clock_.now()));
}

}  // namespace forewarn::clients::sendgrid
