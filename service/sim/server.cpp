#include "sim/server.hpp"

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include <httplib.h>

#include "sim/loopback_http.hpp"

#include "clients/dhl/codec/encode.hpp"
#include "clients/fedex/codec/encode.hpp"
#include "clients/ups/codec/encode.hpp"
#include "clients/usps/codec/encode.hpp"
#include "core/calendar/carrier_services.hpp"
#include "core/encoding.hpp"
#include "core/tracking/parse.hpp"
#include "core/tracking/poll.hpp"

namespace forewarn::sim {
namespace {

using tracking::Carrier;
constexpr std::size_t kCarriers = 4;
constexpr std::array<Carrier, kCarriers> kAll{Carrier::ups, Carrier::fedex, Carrier::usps, Carrier::dhl};

std::size_t slot(Carrier c) {
  switch (c) {
    case Carrier::ups: return 0;
    case Carrier::fedex: return 1;
    case Carrier::usps: return 2;
    case Carrier::dhl:
    case Carrier::s10: break;
  }
  return 3;
}

// What the sim answered, for /_sim/stats.
enum Answer { ok, not_found, rate_limited, server_error, timeout, malformed, unauthorized, bad_token, bad_request, kAnswers };
constexpr std::array<std::string_view, kAnswers> kAnswerNames{"ok",        "not_found", "rate_limited",
                                                              "server_error", "timeout", "malformed",
                                                              "unauthorized", "bad_token", "bad_request"};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else out += s[i];
  }
  return out;
}

std::map<std::string, std::string> form_fields(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos) out[url_decode(pair.substr(0, eq))] = url_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return out;
}

// Standard base64 (HTTP Basic) through the project's base64url decoder.
std::string base64_decode(std::string_view in) {
  std::string url(in);
  for (char& c : url) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return forewarn::base64url_decode(url).value_or("");
}

std::string_view bearer(const httplib::Request& req) {
  const auto it = req.headers.find("Authorization");
  if (it == req.headers.end()) return {};
  std::string_view v = it->second;
  if (v.size() < 7 || (v.substr(0, 7) != "Bearer " && v.substr(0, 7) != "bearer ")) return {};
  return v.substr(7);
}

std::string service_name(const ShipmentSpec& s) {
  const auto* svc = core::calendar::find_carrier_service(s.service);
  return svc ? std::string(svc->name) : s.service;
}

}  // namespace

namespace {
nlohmann::json instant_or_null(const std::optional<Instant>& t) {
  return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json describe(const World& world, const ShipmentSpec& s) {
  const FinalState f = world.final_state(s);
  const Timeline tl = world.timeline(s);
  return {{"name", s.name},
          {"tracking_number", s.tracking_number},
          {"carrier", tracking::to_string(s.carrier)},
          {"service", s.service},
          {"ship_date", core::calendar::format_day(s.ship_date)},
          {"plan", to_string(s.plan)},
          {"reason", s.reason ? nlohmann::json(tracking::to_string(*s.reason)) : nlohmann::json(nullptr)},
          {"final_status", tracking::to_string(f.status)},
          {"final_reason", f.reason ? nlohmann::json(tracking::to_string(*f.reason)) : nlohmann::json(nullptr)},
          {"handover_delay_days", s.handover_delay_days},
          {"delay_days", s.delay_days},
          {"first_scan_at", instant_or_null(tl.first_scan_at)},
          {"delivered_at", instant_or_null(tl.delivered_at)},
          {"christmas_delay_days", tl.christmas_delay_days},
          {"weather", tl.weather}};
}

namespace {
// With a charset, cpp-httplib does not compress the answer (it would pick brotli at its slowest setting
// whenever the client accepts it: ~20 ms per answer); carriers send this form too.
constexpr const char* kJson = "application/json;charset=UTF-8";
}  // namespace

struct Server::Impl {
  Impl(const World& w, std::shared_ptr<Clock> c, ServerOptions o) : world(w), clock(std::move(c)), options(std::move(o)) {}

  const World& world;
  std::shared_ptr<Clock> clock;
  ServerOptions options;
  httplib::Server http;
  int listen_fd = -1;

  std::atomic<std::uint64_t> request_no{0};
  std::atomic<std::uint64_t> generation{0};
  std::array<std::atomic<std::uint64_t>, kCarriers> token_requests{};
  std::array<std::atomic<std::uint64_t>, kCarriers> tracking_requests{};
  std::array<std::atomic<std::uint64_t>, kAnswers> answers{};

  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopping = false;

  // Tracking requests in flight per number: two at once for one number mean
  // two pollers polled it at the same time (a lease held twice). A request
  // the sim holds back past the client's timeout is left out: the client
  // gave up on it, and may rightly ask again.
  std::mutex flight_mu;
  std::unordered_map<std::string, int> in_flight;
  std::atomic<std::uint64_t> overlapping{0};
  struct InFlight {
    Impl& impl;
    std::vector<std::string> numbers;
    InFlight(Impl& i, std::vector<std::string> n) : impl(i), numbers(std::move(n)) {
      std::lock_guard lock(impl.flight_mu);
      for (const auto& k : numbers)
        if (++impl.in_flight[k] > 1) impl.overlapping.fetch_add(1, std::memory_order_relaxed);
    }
    ~InFlight() {
      std::lock_guard lock(impl.flight_mu);
      for (const auto& k : numbers)
        if (--impl.in_flight[k] == 0) impl.in_flight.erase(k);
    }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
  };

  nlohmann::json stats() const {
    nlohmann::json tokens = nlohmann::json::object(), tracks = nlohmann::json::object(), by_answer = nlohmann::json::object();
    for (Carrier c : kAll) {
      tokens[std::string(tracking::to_string(c))] = token_requests[slot(c)].load();
      tracks[std::string(tracking::to_string(c))] = tracking_requests[slot(c)].load();
    }
    for (std::size_t a = 0; a < kAnswers; ++a) by_answer[std::string(kAnswerNames[a])] = answers[a].load();
    return {{"token_requests", tokens},
            {"tracking_requests", tracks},
            {"answers", by_answer},
            {"token_generation", generation.load()},
            {"overlapping_requests", overlapping.load()},
            {"now", format_iso8601(clock->now())},
            {"shipments", world.size()}};
  }

  void count(Answer a) { answers[a].fetch_add(1, std::memory_order_relaxed); }

  // Holds the answer back (a "timeout" fault); returns early when stopping.
  void hold(int ms) {
    std::unique_lock lock(stop_mu);
    stop_cv.wait_for(lock, std::chrono::milliseconds{ms}, [this] { return stopping; });
  }

  // ---- carrier-specific bodies ----------------------------------------------

  std::string error_body(Carrier c, int status, std::string_view code, std::string_view message) const {
    switch (c) {
      case Carrier::ups: return clients::ups::encode_error(code, message);
      case Carrier::fedex: return clients::fedex::encode_error(code, message);
      case Carrier::usps: return clients::usps::encode_error(status, code, message);
      case Carrier::dhl:
      case Carrier::s10: break;
    }
    return clients::dhl::encode_problem(status, code, message);
  }

  void unauthorized_answer(Carrier c, httplib::Response& res) {
    res.status = 401;
    switch (c) {
      case Carrier::ups: res.set_content(clients::ups::encode_error("250002", "Invalid Authentication Information."), kJson); break;
      case Carrier::fedex:
        res.set_content(clients::fedex::encode_error("NOT.AUTHORIZED.ERROR", "The given JWT is invalid. Please modify your request and try again."), kJson);
        break;
      case Carrier::usps: res.set_content(clients::usps::encode_error(401, "unauthorized", "Unauthorized: the access token is invalid or expired"), kJson); break;
      case Carrier::dhl:
      case Carrier::s10: res.set_content(clients::dhl::encode_problem(401, "Unauthorized", "Unauthorized for given resource."), kJson); break;
    }
  }

  // The body of a 200 answer for these shipments (FedEx may ask for several).
  std::string track_body(Carrier c, const std::vector<tracking::TrackingResult>& found,
                         const std::vector<std::string>& services, const std::vector<std::string>& missing) const {
    switch (c) {
      case Carrier::ups: return clients::ups::encode_track_response(found, services);
      case Carrier::fedex: return clients::fedex::encode_track_response(found, services, missing);
      case Carrier::usps: return clients::usps::encode_track_response(found.front(), services.front());
      case Carrier::dhl:
      case Carrier::s10: break;
    }
    return clients::dhl::encode_track_response(found);
  }

  // Answers a tracking request for `numbers` (after authentication).
  void track(Carrier c, const std::vector<std::string>& numbers, httplib::Response& res) {
    const Instant now = clock->now();
    std::vector<std::optional<ShipmentSpec>> specs;
    for (const auto& n : numbers) specs.push_back(world.find(c, n));
    const ShipmentSpec* first = specs.empty() || !specs.front() ? nullptr : &*specs.front();
    const std::string key = numbers.empty() ? std::string() : numbers.front();
    const Fault fault = world.fault(first, key, request_no.fetch_add(1, std::memory_order_relaxed));
    const FaultRates& rates = world.rates(first);
    const InFlight flight(*this, fault == Fault::timeout ? std::vector<std::string>{} : numbers);
    switch (fault) {
      case Fault::rate_limited: {
        count(rate_limited);
        res.status = 429;
        const std::chrono::seconds wait{rates.retry_after_s};
        res.set_header("Retry-After", rates.retry_after_http_date ? tracking::format_http_date(now + wait)
                                                                  : std::to_string(wait.count()));
        res.set_content(error_body(c, 429, c == Carrier::fedex ? "RATE.LIMIT.EXCEEDED" : "429", "Too Many Requests"), kJson);
        return;
      }
      case Fault::server_error:
        count(server_error);
        res.status = 500;
        res.set_content(error_body(c, 500, c == Carrier::fedex ? "INTERNAL.SERVER.ERROR" : "500",
                                   "The service is temporarily unavailable"),
                        kJson);
        return;
      case Fault::unauthorized:
        count(unauthorized);
        unauthorized_answer(c, res);
        return;
      case Fault::timeout:
        count(timeout);
        hold(rates.timeout_ms);
        break;  // then answer normally, too late for the client
      case Fault::malformed:
      case Fault::none: break;
    }

    std::vector<tracking::TrackingResult> found;
    std::vector<std::string> services, missing;
    for (std::size_t i = 0; i < numbers.size(); ++i) {
      std::optional<tracking::TrackingResult> view = specs[i] ? world.view(*specs[i], now) : std::nullopt;
      if (view) {
        found.push_back(std::move(*view));
        services.push_back(service_name(*specs[i]));
      } else {
        missing.push_back(numbers[i]);
      }
    }
    if (found.empty() && c != Carrier::fedex) {  // FedEx reports unknown numbers inside a 200
      if (fault == Fault::none) count(not_found);
      const std::string& n = numbers.front();
      switch (c) {
        case Carrier::ups: res.set_content(clients::ups::encode_not_found(n), kJson); return;
        case Carrier::usps:
          res.status = 404;
          res.set_content(clients::usps::encode_error(404, "404", "The tracking number could not be found"), kJson);
          return;
        case Carrier::dhl:
        case Carrier::fedex:
        case Carrier::s10: break;
      }
      res.status = 404;
      res.set_content(clients::dhl::encode_not_found(n), "application/problem+json");
      return;
    }
    std::string body = track_body(c, found, services, missing);
    if (fault == Fault::malformed) {
      count(malformed);
      body.resize(std::max<std::size_t>(1, body.size() / 2));  // a truncated answer
    } else if (fault == Fault::none) {
      count(found.empty() ? not_found : ok);
    }
    res.set_content(body, kJson);
  }

  bool tracking_auth(Carrier c, const httplib::Request& req, httplib::Response& res) {
    tracking_requests[slot(c)].fetch_add(1, std::memory_order_relaxed);
    if (c == Carrier::dhl) {
      const std::string key = req.get_header_value("DHL-API-Key");
      const auto it = world.scenario().credentials.find(c);
      const bool good = !key.empty() && (it == world.scenario().credentials.end() || it->second.api_key.empty() ||
                                         it->second.api_key == key);
      if (!good) {
        count(bad_token);
        unauthorized_answer(c, res);
      }
      return good;
    }
    if (!world.token_valid(c, bearer(req), clock->now(), generation.load())) {
      count(bad_token);
      unauthorized_answer(c, res);
      return false;
    }
    return true;
  }

  // ---- token endpoints ------------------------------------------------------

  void token(Carrier c, const httplib::Request& req, httplib::Response& res) {
    token_requests[slot(c)].fetch_add(1, std::memory_order_relaxed);
    const auto form = form_fields(req.body);
    std::string id, secret;
    if (c == Carrier::ups) {
      const std::string auth = req.get_header_value("Authorization");
      if (auth.rfind("Basic ", 0) == 0) {
        const std::string creds = base64_decode(std::string_view(auth).substr(6));
        const auto colon = creds.find(':');
        if (colon != std::string::npos) id = creds.substr(0, colon), secret = creds.substr(colon + 1);
      }
    } else {
      if (auto it = form.find("client_id"); it != form.end()) id = it->second;
      if (auto it = form.find("client_secret"); it != form.end()) secret = it->second;
    }
    const auto grant = form.find("grant_type");
    const auto it = world.scenario().credentials.find(c);
    const bool configured = it != world.scenario().credentials.end() && !it->second.client_id.empty();
    const bool good = !id.empty() && !secret.empty() &&
                      (!configured || (id == it->second.client_id && secret == it->second.client_secret));
    if (grant == form.end() || grant->second != "client_credentials") {
      res.status = 400;
      res.set_content(R"({"error":"unsupported_grant_type","error_description":"grant_type must be client_credentials"})", kJson);
      return;
    }
    if (!good) {
      count(bad_token);
      res.status = 401;
      switch (c) {
        case Carrier::ups: res.set_content(clients::ups::encode_error("10401", "ClientId is Invalid"), kJson); break;
        case Carrier::fedex:
          res.set_content(clients::fedex::encode_error("NOT.AUTHORIZED.ERROR", "The given client credentials were not valid. Please modify your request and try again."), kJson);
          break;
        default: res.set_content(R"({"error":"invalid_client","error_description":"Client authentication failed."})", kJson);
      }
      return;
    }
    const Instant now = clock->now();
    const auto ttl = world.scenario().token_ttl;
    const std::string token_value = world.issue_token(c, now + ttl, generation.load());
    const long long issued = now.time_since_epoch().count();
    switch (c) {
      case Carrier::ups: res.set_content(clients::ups::encode_token_response(token_value, ttl, id, issued), kJson); break;
      case Carrier::fedex: res.set_content(clients::fedex::encode_token_response(token_value, ttl), kJson); break;
      default: res.set_content(clients::usps::encode_token_response(token_value, ttl, issued), kJson);
    }
  }

  // ---- routing --------------------------------------------------------------

  void get(const httplib::Request& req, httplib::Response& res) {
    const std::string& p = req.path;
    static constexpr std::string_view kUps = "/api/track/v1/details/";
    static constexpr std::string_view kUsps = "/tracking/v3/tracking/";
    if (p.rfind(kUps, 0) == 0) {
      if (tracking_auth(Carrier::ups, req, res)) track(Carrier::ups, {url_decode(p.substr(kUps.size()))}, res);
    } else if (p.rfind(kUsps, 0) == 0) {
      if (tracking_auth(Carrier::usps, req, res)) track(Carrier::usps, {url_decode(p.substr(kUsps.size()))}, res);
    } else if (p == "/track/shipments") {
      if (!tracking_auth(Carrier::dhl, req, res)) return;
      const std::string n = req.get_param_value("trackingNumber");
      if (n.empty()) {
        count(bad_request);
        res.status = 400;
        res.set_content(clients::dhl::encode_problem(400, "Bad Request", "trackingNumber is required"), kJson);
        return;
      }
      track(Carrier::dhl, {n}, res);
    } else if (p == "/_sim/stats") {
      res.set_content(stats().dump(), kJson);
    } else if (p == "/_sim/shipments") {
      const std::size_t offset = std::stoul(req.has_param("offset") ? req.get_param_value("offset") : "0");
      const std::size_t limit = std::stoul(req.has_param("limit") ? req.get_param_value("limit") : "1000");
      nlohmann::json list = nlohmann::json::array();
      for (std::size_t i = offset; i < world.size() && i < offset + limit; ++i) list.push_back(describe(world, world.at(i)));
      res.set_content(nlohmann::json{{"total", world.size()}, {"offset", offset}, {"shipments", std::move(list)}}.dump(), kJson);
    } else if (p == "/_sim/shipment") {
      shipment(req, res);
    } else {
      res.status = 404;
      res.set_content(R"({"error":"no such endpoint"})", kJson);
    }
  }

  void shipment(const httplib::Request& req, httplib::Response& res) {
    const std::string n = req.get_param_value("tracking_number");
    const tracking::Detection d = tracking::detect(n);
    const auto* best = d.best();
    std::optional<ShipmentSpec> s = best ? world.find(best->carrier, d.normalized) : std::nullopt;
    if (!s) {
      res.status = 404;
      res.set_content(R"({"error":"no such shipment"})", kJson);
      return;
    }
    auto view = world.view(*s, clock->now());
    nlohmann::json j = describe(world, *s);
    j["now"] = format_iso8601(clock->now());
    j["current"] = view ? nlohmann::json::parse(tracking::to_json(*view)) : nlohmann::json(nullptr);
    res.set_content(j.dump(), kJson);
  }

  void post(const httplib::Request& req, httplib::Response& res) {
    const std::string& p = req.path;
    if (p == "/track/v1/trackingnumbers") {
      if (!tracking_auth(Carrier::fedex, req, res)) return;
      const auto body = nlohmann::json::parse(req.body, nullptr, false);
      std::vector<std::string> numbers;
      if (body.is_object() && body.contains("trackingInfo") && body["trackingInfo"].is_array())
        for (const auto& ti : body["trackingInfo"]) {
          const auto* n = ti.is_object() && ti.contains("trackingNumberInfo") ? &ti["trackingNumberInfo"] : nullptr;
          if (n && n->is_object() && n->contains("trackingNumber") && (*n)["trackingNumber"].is_string())
            numbers.push_back((*n)["trackingNumber"].get<std::string>());
        }
      if (numbers.empty() || numbers.size() > 30) {
        count(bad_request);
        res.status = 400;
        res.set_content(clients::fedex::encode_error("INVALID.INPUT.EXCEPTION", "Invalid field value in the input"), kJson);
        return;
      }
      track(Carrier::fedex, numbers, res);
    } else if (p == "/security/v1/oauth/token") {
      token(Carrier::ups, req, res);
    } else if (p == "/oauth/token") {
      token(Carrier::fedex, req, res);
    } else if (p == "/oauth2/v3/token") {
      token(Carrier::usps, req, res);
    } else if (p == "/_sim/advance") {
      auto* manual = dynamic_cast<ManualClock*>(clock.get());
      if (!manual) {
        res.status = 409;
        res.set_content(R"({"error":"the clock is not fixed: start the sim with FOREWARN_CLOCK=fixed:<instant>"})", kJson);
        return;
      }
      manual->advance(std::chrono::seconds{std::stoll(req.has_param("seconds") ? req.get_param_value("seconds") : "0")});
      res.set_content(nlohmann::json{{"now", format_iso8601(clock->now())}}.dump(), kJson);
    } else if (p == "/_sim/revoke-tokens") {
      res.set_content(nlohmann::json{{"generation", generation.fetch_add(1) + 1}}.dump(), kJson);
    } else {
      res.status = 404;
      res.set_content(R"({"error":"no such endpoint"})", kJson);
    }
  }
};

Server::Server(const World& world, std::shared_ptr<Clock> clock, ServerOptions options)
    : impl_(std::make_unique<Impl>(world, std::move(clock), std::move(options))) {
  auto& s = impl_->http;
  configure_loopback_http(s, impl_->options.threads, impl_->listen_fd);
  s.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { impl_->get(req, res); });
  s.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { impl_->post(req, res); });
}

Server::~Server() { stop(); }

int Server::bind() {
  const auto& o = impl_->options;
  const int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host) : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
  // cpp-httplib 0.11 listens with a backlog of 5; a benchmark opens many connections at once.
  if (port > 0 && impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  return port;
}

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() {
  {
    std::lock_guard lock(impl_->stop_mu);
    impl_->stopping = true;
  }
  impl_->stop_cv.notify_all();
  impl_->http.stop();
}

nlohmann::json Server::stats() const { return impl_->stats(); }

}  // namespace forewarn::sim
