#include "clients/common/provider_http.hpp"

namespace forewarn::clients {

ProviderHttp::ProviderHttp(std::shared_ptr<HttpClient> http, const std::string& name, ProviderEndpoint endpoint)
    : http_(std::move(http)), base_url_(std::move(endpoint.base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  lane_ = http_->add_lane(name, endpoint.max_in_flight < 1 ? 1 : endpoint.max_in_flight);
}

HttpResponse ProviderHttp::send(tracking::HttpRequest request) const {
  return http_->send_and_wait(lane_, base_url_, std::move(request));
}

SendOutcome no_answer_outcome(const HttpResponse& r) {
  SendOutcome o;
  o.status = SendStatus::transient_failure;
  o.reason = std::string(to_string(r.failure));
  if (!r.error.empty()) o.reason += ": " + r.error;
  return o;
}

HttpClientOptions provider_http_options() {
  HttpClientOptions o;
  o.connect_timeout = std::chrono::milliseconds{5000};
  o.total_timeout = std::chrono::milliseconds{30000};
  o.max_response_bytes = 1u << 20;
  return o;
}

std::shared_ptr<HttpClient> make_provider_http_client(HttpClientOptions options) {
  return std::make_shared<HttpClient>(std::move(options));
}

}  // namespace forewarn::clients
