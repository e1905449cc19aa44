// What the HTTP e-mail and SMS providers' transports share (adapter): their
// own lane on a shared HttpClient (libcurl multi: keep-alive connections,
// many sends in flight from many threads), and the outcome of a send that got
// no HTTP answer (timeout, refused, reset, TLS: transient; the provider may
// or may not have taken the message: idempotency keys exist for this).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "clients/common/http_client.hpp"
#include "clients/common/messaging.hpp"
#include "core/tracking/request.hpp"

namespace forewarn::clients {

struct ProviderEndpoint {
  std::string base_url;   // scheme://host[:port], no trailing slash needed
  int max_in_flight = 64; // this provider's lane
};

class ProviderHttp {
 public:
  ProviderHttp(std::shared_ptr<HttpClient> http, const std::string& name, ProviderEndpoint endpoint);
  // Blocking; thread-safe.
  HttpResponse send(tracking::HttpRequest request) const;
  // All at once on the lane (up to its limit in flight, the rest queued);
  // blocks until every answer is in. One response per request, in order.
  std::vector<HttpResponse> send_all(std::vector<tracking::HttpRequest> requests) const;
  const std::string& base_url() const { return base_url_; }

 private:
  std::shared_ptr<HttpClient> http_;
  std::string base_url_;
  int lane_;
};

// A send without an HTTP answer: transient, with libcurl's reason.
SendOutcome no_answer_outcome(const HttpResponse& r);

// The timeouts messages want (connect 5 s, total 30 s), and a client with them.
HttpClientOptions provider_http_options();
std::shared_ptr<HttpClient> make_provider_http_client(HttpClientOptions options = provider_http_options());

}  // namespace forewarn::clients
