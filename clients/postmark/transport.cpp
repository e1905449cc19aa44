#include "clients/postmark/transport.hpp"

#include "clients/common/codec/provider.hpp"
#include "clients/postmark/codec/postmark.hpp"

namespace forewarn::clients::postmark {

PostmarkProvider::PostmarkProvider(PostmarkConfig config, std::shared_ptr<HttpClient> http, const Clock& clock)
    : config_(std::move(config)),
      http_(std::move(http), "postmark", ProviderEndpoint{config_.base_url, config_.max_in_flight}),
      clock_(clock) {}

SendOutcome PostmarkProvider::send(const OutgoingMessage& message) {
  const HttpResponse r = http_.send(send_request(message, config_.server_token, config_.message_stream));
  if (r.failure != HttpResponse::Failure::none) return no_answer_outcome(r);
  return parse_send_response(r.status, r.body, retry_after_from(r.header("retry-after"), nullptr, clock_.now()));
}

}  // namespace forewarn::clients::postmark
