#include "clients/common/transport.hpp"

#include <future>

#include "clients/dhl/transport.hpp"
#include "clients/fedex/transport.hpp"
#include "clients/ups/transport.hpp"
#include "clients/usps/transport.hpp"

namespace forewarn::clients {

namespace {

tracking::ParseOutcome parse_token_error(std::string_view body) {
  const tracking::TokenOutcome t = tracking::parse_token_response(body);
  if (t.error) return tracking::ParseOutcome::failure(t.error->kind, t.error->reason, t.error->carrier_code);
  return tracking::ParseOutcome::failure(tracking::ErrorKind::malformed, "not an error body");
}

std::string_view retry_after_of(const HttpResponse& r) {
  const std::string* h = r.header("retry-after");
  return h ? std::string_view(*h) : std::string_view{};
}

}  // namespace

tracking::PollError transport_error(const HttpResponse& r) {
  tracking::PollError e;
  e.kind = r.failure == HttpResponse::Failure::timeout ? tracking::PollErrorKind::timeout
                                                         : tracking::PollErrorKind::network;
  if (r.failure == HttpResponse::Failure::too_large) {  // an answer no carrier sends: keep its start for an operator
    e.kind = tracking::PollErrorKind::malformed;
    e.raw_body = r.body;
  }
  e.reason = std::string(to_string(r.failure));
  if (!r.error.empty()) {
    e.reason += ": ";
    e.reason += r.error;
  }
  return e;
}

TokenCache::TokenOrError token_answer(const HttpResponse& r, Instant now) {
  if (r.failure != HttpResponse::Failure::none) return transport_error(r);
  if (r.status >= 200 && r.status < 300) {
    tracking::TokenOutcome t = tracking::parse_token_response(r.body);
    if (t.token) return std::move(*t.token);
    tracking::PollError e;
    e.kind = tracking::poll_error_kind(t.error->kind);
    std::string reason = "token: ";
    reason += t.error->reason;
    e.reason = std::move(reason);
    e.carrier_code = t.error->carrier_code;
    e.http_status = r.status;
    if (e.kind == tracking::PollErrorKind::malformed) e.raw_body = r.body;
    return e;
  }
  tracking::PollOutcome o = tracking::classify_response(r.status, retry_after_of(r), r.body, parse_token_error, now);
  tracking::PollError e = o.error();
  std::string reason = "token: ";
  reason += e.reason;
  e.reason = std::move(reason);
  return e;
}

CarrierTransport::CarrierTransport(CarrierApi api, HttpClient& http, const Clock& clock, std::string base_url,
                                   TransportOptions options, std::string api_key)
    : api_(std::move(api)),
      http_(http),
      clock_(clock),
      base_url_(std::move(base_url)),
      api_key_(std::move(api_key)),
      lane_(http.add_lane(std::string(tracking::to_string(api_.carrier)), options.max_in_flight)) {
  if (!api_.token) return;
  tokens_ = std::make_unique<TokenCache>(
      clock_,
      [this](std::function<void(TokenCache::TokenOrError)> done) {
        http_.send(
            lane_, base_url_, api_.token(),
            [this, done = std::move(done)](HttpResponse r) { done(token_answer(r, clock_.now())); },
            /*urgent=*/true);
      },
      options.token_refresh_early);
}

std::size_t CarrierTransport::token_fetches() const { return tokens_ ? tokens_->fetches() : 0; }

void CarrierTransport::poll_async(std::string tracking_number, Done done) {
  if (!tokens_) {
    send_track(std::move(tracking_number), api_key_, false, std::move(done));
    return;
  }
  tokens_->get([this, n = std::move(tracking_number), done = std::move(done)](TokenCache::AccessOrError a) mutable {
    if (auto* e = std::get_if<tracking::PollError>(&a)) {
      done(tracking::PollOutcome::failure(std::move(*e)));
      return;
    }
    send_track(std::move(n), std::get<std::string>(std::move(a)), false, std::move(done));
  });
}

void CarrierTransport::send_track(std::string tracking_number, std::string credential, bool retried, Done done) {
  tracking::HttpRequest request = api_.track(tracking_number, credential);
  http_.send(lane_, base_url_, std::move(request),
             [this, n = std::move(tracking_number), cred = std::move(credential), retried,
              done = std::move(done)](HttpResponse r) mutable {
               if (r.failure != HttpResponse::Failure::none) {
                 done(tracking::PollOutcome::failure(transport_error(r)));
                 return;
               }
               if (r.status == 401 && tokens_ && !retried) {
                 // The token may have been revoked or expired early: one new token, one retry.
                 tokens_->invalidate(cred);
                 tokens_->get([this, n = std::move(n), done = std::move(done)](TokenCache::AccessOrError a) mutable {
                   if (auto* e = std::get_if<tracking::PollError>(&a)) {
                     done(tracking::PollOutcome::failure(std::move(*e)));
                     return;
                   }
                   send_track(std::move(n), std::get<std::string>(std::move(a)), true, std::move(done));
                 });
                 return;
               }
               done(tracking::classify_response(r.status, retry_after_of(r), std::move(r.body), api_.parse,
                                                clock_.now()));
             });
}

tracking::PollOutcome CarrierTransport::poll(const std::string& tracking_number) {
  auto promise = std::make_shared<std::promise<tracking::PollOutcome>>();
  auto future = promise->get_future();
  poll_async(tracking_number, [promise](tracking::PollOutcome o) { promise->set_value(std::move(o)); });
  return future.get();
}

std::unique_ptr<CarrierTransport> make_transport(tracking::Carrier carrier, HttpClient& http, const Clock& clock,
                                                 const CarrierAccount& account, TransportOptions options) {
  CarrierApi api;
  switch (carrier) {
    case tracking::Carrier::ups: api = ups::api(account); break;
    case tracking::Carrier::fedex: api = fedex::api(account); break;
    case tracking::Carrier::usps: api = usps::api(account); break;
    case tracking::Carrier::dhl: api = dhl::api(account); break;
    case tracking::Carrier::s10: return nullptr;
  }
  return std::make_unique<CarrierTransport>(std::move(api), http, clock, account.base_url, options, account.api_key);
}

CarrierTransports::CarrierTransports(const CarriersConfig& config, const Clock& clock)
    : http_(std::make_unique<HttpClient>(HttpClientOptions{std::chrono::milliseconds{config.connect_timeout_ms},
                                                           std::chrono::milliseconds{config.timeout_ms}})) {
  const TransportOptions options{config.concurrency, std::chrono::seconds{60}};
  const std::pair<tracking::Carrier, const CarrierAccount*> accounts[] = {
      {tracking::Carrier::ups, &config.ups},
      {tracking::Carrier::fedex, &config.fedex},
      {tracking::Carrier::usps, &config.usps},
      {tracking::Carrier::dhl, &config.dhl}};
  for (const auto& [carrier, account] : accounts)
    if (account->configured()) transports_.push_back(make_transport(carrier, *http_, clock, *account, options));
}

CarrierTransports::~CarrierTransports() { http_->stop(); }

CarrierTransport* CarrierTransports::get(tracking::Carrier carrier) const {
  for (const auto& t : transports_)
    if (t->carrier() == carrier) return t.get();
  return nullptr;
}

}  // namespace forewarn::clients
