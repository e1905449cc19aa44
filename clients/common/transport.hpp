// A carrier transport (adapter): sends the pure requests of
// clients/<carrier>/codec over the shared HttpClient, handles the carrier's
// authentication (an OAuth2 token from a TokenCache, or an API key), and
// turns every answer into a value, tracking::PollOutcome: the parsed results,
// or not_found / invalid_request / unauthorized / rate_limited (with
// Retry-After) / server_error / timeout / network / malformed (raw body kept).
// Never throws to its caller.
//
// A 401 on a tracking call with a cached token invalidates that token and
// retries once with a new one; a second 401 is `unauthorized`.
//
// Lifetime: a transport must outlive its HttpClient's pending transfers:
// stop the client (or destroy it) first. CarrierTransports does that.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "clients/common/http_client.hpp"
#include "clients/common/token_cache.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/tracking/detect.hpp"
#include "core/tracking/poll.hpp"

namespace forewarn::clients {

struct TransportOptions {
  int max_in_flight = 32;  // this carrier's lane in the HttpClient
  std::chrono::seconds token_refresh_early{60};
};

// Maps a transport-level failure (no complete HTTP answer) to an error value:
// timeout, network (refused, reset, DNS, TLS, cancelled), or malformed for an
// answer over HttpClientOptions::max_response_bytes (raw_body: what arrived).
tracking::PollError transport_error(const HttpResponse& r);

// An OAuth token endpoint's answer as a token or an error value.
TokenCache::TokenOrError token_answer(const HttpResponse& r, Instant now);

// What one carrier's API is made of: the pure request builders and parser
// of its codec, bound to an account (clients/<carrier>/transport.cpp).
struct CarrierApi {
  tracking::Carrier carrier = tracking::Carrier::ups;
  // The tracking request; `credential` is the access token (OAuth) or the API key.
  std::function<tracking::HttpRequest(const std::string& tracking_number, const std::string& credential)> track;
  // The OAuth2 client-credentials request; empty for API-key carriers (DHL).
  std::function<tracking::HttpRequest()> token;
  tracking::ParseFn parse = nullptr;
};

class CarrierTransport {
 public:
  using Done = std::function<void(tracking::PollOutcome)>;

  // api_key: the credential passed to api.track when api.token is empty.
  CarrierTransport(CarrierApi api, HttpClient& http, const Clock& clock, std::string base_url,
                   TransportOptions options = {}, std::string api_key = {});
  CarrierTransport(const CarrierTransport&) = delete;
  CarrierTransport& operator=(const CarrierTransport&) = delete;

  tracking::Carrier carrier() const { return api_.carrier; }
  const std::string& base_url() const { return base_url_; }

  // Polls one tracking number; `done` runs exactly once, normally on the
  // HttpClient's I/O thread (keep it short). Thread-safe.
  void poll_async(std::string tracking_number, Done done);
  // Blocking convenience over poll_async. Never call it from a callback.
  tracking::PollOutcome poll(const std::string& tracking_number);

  // Token requests started so far (0 for API-key carriers).
  std::size_t token_fetches() const;

 private:
  void send_track(std::string tracking_number, std::string credential, bool retried, Done done);

  CarrierApi api_;
  HttpClient& http_;
  const Clock& clock_;
  std::string base_url_;
  std::string api_key_;
  int lane_;
  std::unique_ptr<TokenCache> tokens_;  // OAuth carriers
};

// The transports of every configured carrier over one HttpClient (with the
// configured timeouts). Destroys the client first, so that pending callbacks
// still find their transport.
class CarrierTransports {
 public:
  CarrierTransports(const CarriersConfig& config, const Clock& clock);
  ~CarrierTransports();

  // nullptr when the carrier has no credentials configured (or is S10).
  CarrierTransport* get(tracking::Carrier carrier) const;
  HttpClient& http() { return *http_; }

 private:
  std::vector<std::unique_ptr<CarrierTransport>> transports_;
  std::unique_ptr<HttpClient> http_;
};

// One transport, for tests and tools; `account` must be configured().
std::unique_ptr<CarrierTransport> make_transport(tracking::Carrier carrier, HttpClient& http, const Clock& clock,
                                                 const CarrierAccount& account, TransportOptions options = {});

}  // namespace forewarn::clients
