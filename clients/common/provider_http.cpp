#include "clients/common/provider_http.hpp"

#include <condition_variable>
#include <mutex>

namespace forewarn::clients {

ProviderHttp::ProviderHttp(std::shared_ptr<HttpClient> http, const std::string& name, ProviderEndpoint endpoint)
    : http_(std::move(http)), base_url_(std::move(endpoint.base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  lane_ = http_->add_lane(name, endpoint.max_in_flight < 1 ? 1 : endpoint.max_in_flight);
}

HttpResponse ProviderHttp::send(tracking::HttpRequest request) const {
  return http_->send_and_wait(lane_, base_url_, std::move(request));
}

std::vector<HttpResponse> ProviderHttp::send_all(std::vector<tracking::HttpRequest> requests) const {
  struct Pending {
    std::mutex mu;
    std::condition_variable done;
    std::size_t left = 0;
    std::vector<HttpResponse> responses;
  };
  auto p = std::make_shared<Pending>();
  p->left = requests.size();
  p->responses.resize(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i)
    http_->send(lane_, base_url_, std::move(requests[i]), [p, i](HttpResponse r) {
      std::lock_guard lock(p->mu);
      p->responses[i] = std::move(r);
      if (--p->left == 0) p->done.notify_one();
    });
  std::unique_lock lock(p->mu);
  p->done.wait(lock, [&] { return p->left == 0; });
  return std::move(p->responses);
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
