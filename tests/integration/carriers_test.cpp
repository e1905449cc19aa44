// The carrier transports (clients/*/transport) against `forewarn sim-carrier`
// on loopback: real paths, real wire formats, OAuth tokens, and every error a
// carrier can answer with turned into a value.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "clients/common/transport.hpp"
#include "core/tracking/detect.hpp"
#include "harness.hpp"

namespace trk = forewarn::tracking;
using forewarn::clients::CarrierTransport;
using forewarn::clients::HttpClient;
using forewarn::clients::HttpClientOptions;
using trk::Carrier;
using trk::PollErrorKind;

namespace {

constexpr const char* kStart = "2026-12-11T18:00:00Z";
const fwtest::Env kFixedClock{{"FOREWARN_CLOCK", std::string("fixed:") + kStart}};
constexpr Carrier kCarriers[] = {Carrier::ups, Carrier::fedex, Carrier::usps, Carrier::dhl};

std::string name_of(Carrier c) { return std::string(trk::to_string(c)); }

// One shipment per carrier and behaviour, named "<carrier>-<behaviour>".
std::string scenario(const std::string& extra = "") {
  std::string shipments;
  const char* behaviours[][2] = {{"normal", "{}"},
                                 {"limited", R"({"rate_limited": 1, "retry_after_s": 7})"},
                                 {"limited-date", R"({"rate_limited": 1, "retry_after_s": 5, "retry_after_format": "http-date"})"},
                                 {"broken", R"({"server_error": 1})"},
                                 {"garbled", R"({"malformed": 1})"},
                                 {"slow", R"({"timeout": 1, "timeout_ms": 1500})"}};
  for (Carrier c : kCarriers)
    for (const auto& b : behaviours) {
      if (!shipments.empty()) shipments += ",\n";
      shipments += R"({"name": ")" + name_of(c) + "-" + b[0] + R"(", "carrier": ")" + name_of(c) +
                   R"(", "ship_date": "2026-12-08", "faults": )" + b[1] + "}";
    }
  return R"({"seed": 11, "start": "2026-12-08", "token_ttl_s": 3600,
             "credentials": {"ups": {"client_id": "ups-id", "client_secret": "ups-secret"},
                             "fedex": {"client_id": "fx-id", "client_secret": "fx-secret"},
                             "usps": {"client_id": "us-id", "client_secret": "us-secret"},
                             "dhl": {"api_key": "dhl-key"}},
             "shipments": [)" +
         shipments + "]" + extra + "}";
}

forewarn::CarrierAccount account(Carrier c, const std::string& base_url) {
  switch (c) {
    case Carrier::ups: return {base_url, "ups-id", "ups-secret", ""};
    case Carrier::fedex: return {base_url, "fx-id", "fx-secret", ""};
    case Carrier::usps: return {base_url, "us-id", "us-secret", ""};
    case Carrier::dhl:
    case Carrier::s10: break;
  }
  return {base_url, "", "", "dhl-key"};
}

struct Rig {
  explicit Rig(const fwtest::SimCarrier& sim, std::chrono::milliseconds timeout = std::chrono::milliseconds{800},
               int concurrency = 16)
      : clock(*forewarn::parse_iso8601(kStart)), http(HttpClientOptions{std::chrono::milliseconds{1000}, timeout}) {
    for (Carrier c : kCarriers)
      transports.push_back(
          forewarn::clients::make_transport(c, http, clock, account(c, sim.base_url()), {concurrency, std::chrono::seconds{60}}));
  }
  ~Rig() { http.stop(); }
  CarrierTransport& of(Carrier c) { return *transports[index(c)]; }
  static std::size_t index(Carrier c) {
    for (std::size_t i = 0; i < 4; ++i)
      if (kCarriers[i] == c) return i;
    return 0;
  }

  forewarn::ManualClock clock;
  HttpClient http;
  std::vector<std::unique_ptr<CarrierTransport>> transports;
};

std::string number(const fwtest::SimCarrier& sim, Carrier c, const std::string& behaviour) {
  return sim.shipment(name_of(c) + "-" + behaviour).at("tracking_number").get<std::string>();
}

// For failure messages.
std::string describe(const trk::PollOutcome& o) {
  if (o.ok()) return "ok";
  const trk::PollError& e = o.error();
  return std::string(trk::to_string(e.kind)) + " (HTTP " + std::to_string(e.http_status) + "): " + e.reason;
}

trk::PollError error_of(const trk::PollOutcome& o) {
  REQUIRE_FALSE(o.ok());
  return o.error();
}

}  // namespace

TEST_CASE("carrier transports poll the simulated UPS, FedEx, USPS and DHL APIs in their wire formats") {
  fwtest::SimCarrier sim(scenario(), kFixedClock);
  Rig rig(sim);
  for (Carrier c : kCarriers) {
    CAPTURE(name_of(c));
    const std::string n = number(sim, c, "normal");
    const trk::PollOutcome o = rig.of(c).poll(n);
    INFO(describe(o));
    INFO(sim.logs());
    REQUIRE(o.ok());
    REQUIRE(o.results().size() == 1);
    const trk::TrackingResult& r = o.results()[0];
    CHECK(r.carrier == name_of(c));
    CHECK(r.tracking_number == n);
    // What the sim says the carrier shows now.
    const auto current = sim.get("/_sim/shipment?tracking_number=" + n).at("current");
    CHECK(trk::to_string(r.status) == current.at("status").get<std::string>());
    CHECK(r.events.size() == current.at("events").size());
    CHECK(r.status != trk::Status::unknown);
    CHECK(r.estimated_delivery);
  }
  // An unknown (but valid) number is a not_found value for every carrier.
  const std::pair<Carrier, const char*> unknown[] = {{Carrier::ups, "1Z999AA10123456784"},
                                                     {Carrier::fedex, "986578788855"},
                                                     {Carrier::usps, "9400111206206406260787"},
                                                     {Carrier::dhl, "3318810025"}};
  for (const auto& [c, n] : unknown) {
    CAPTURE(n);
    REQUIRE(trk::detect_carrier(n) == c);
    CHECK(error_of(rig.of(c).poll(n)).kind == PollErrorKind::not_found);
  }
  const auto stats = sim.get("/_sim/stats");
  CHECK(stats.at("answers").at("ok").get<int>() == 4);
  CHECK(stats.at("answers").at("not_found").get<int>() == 4);
}

TEST_CASE("carrier errors are values: 429 with Retry-After, 500, truncated bodies, timeouts") {
  fwtest::SimCarrier sim(scenario(), kFixedClock);
  Rig rig(sim, std::chrono::milliseconds{600});
  for (Carrier c : kCarriers) {
    CAPTURE(name_of(c));
    const trk::PollError limited = error_of(rig.of(c).poll(number(sim, c, "limited")));
    CHECK(limited.kind == PollErrorKind::rate_limited);
    CHECK(limited.http_status == 429);
    CHECK(limited.retry_after == std::chrono::seconds{7});

    // Retry-After as an HTTP-date, relative to the same (fixed) instant.
    const trk::PollError dated = error_of(rig.of(c).poll(number(sim, c, "limited-date")));
    CHECK(dated.kind == PollErrorKind::rate_limited);
    CHECK(dated.retry_after == std::chrono::seconds{5});

    const trk::PollError broken = error_of(rig.of(c).poll(number(sim, c, "broken")));
    CHECK(broken.kind == PollErrorKind::server_error);
    CHECK(broken.http_status == 500);

    const trk::PollError garbled = error_of(rig.of(c).poll(number(sim, c, "garbled")));
    CHECK(garbled.kind == PollErrorKind::malformed);
    CHECK(garbled.http_status == 200);
    CHECK_FALSE(garbled.raw_body.empty());
    CHECK(nlohmann::json::parse(garbled.raw_body, nullptr, false).is_discarded());  // kept as received: truncated

    const auto started = std::chrono::steady_clock::now();
    const trk::PollError slow = error_of(rig.of(c).poll(number(sim, c, "slow")));
    CHECK(slow.kind == PollErrorKind::timeout);
    CHECK(slow.http_status == 0);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds{1400});
  }
}

TEST_CASE("OAuth tokens are cached across polls, refreshed before expiry and renewed after a 401") {
  fwtest::SimCarrier sim(scenario(), kFixedClock);
  Rig rig(sim);
  const auto token_requests = [&](Carrier c) {
    return sim.get("/_sim/stats").at("token_requests").at(name_of(c)).get<int>();
  };
  for (Carrier c : {Carrier::ups, Carrier::fedex, Carrier::usps}) {
    CAPTURE(name_of(c));
    for (int i = 0; i < 5; ++i) REQUIRE(rig.of(c).poll(number(sim, c, "normal")).ok());
    CHECK(token_requests(c) == 1);
    CHECK(rig.of(c).token_fetches() == 1);
  }
  CHECK(token_requests(Carrier::dhl) == 0);  // API key, no OAuth

  // 61 s before the one-hour token expires (the transport's clock): still cached...
  rig.clock.advance(std::chrono::seconds{3600 - 61});
  for (Carrier c : {Carrier::ups, Carrier::fedex, Carrier::usps}) REQUIRE(rig.of(c).poll(number(sim, c, "normal")).ok());
  CHECK(token_requests(Carrier::ups) == 1);
  // ...59 s before: refreshed, once.
  rig.clock.advance(std::chrono::seconds{2});
  for (Carrier c : {Carrier::ups, Carrier::fedex, Carrier::usps}) {
    REQUIRE(rig.of(c).poll(number(sim, c, "normal")).ok());
    REQUIRE(rig.of(c).poll(number(sim, c, "normal")).ok());
  }
  // The refresh runs in the background; give it a moment to land.
  for (int i = 0; i < 50 && token_requests(Carrier::usps) < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{20});
  for (Carrier c : {Carrier::ups, Carrier::fedex, Carrier::usps}) {
    CAPTURE(name_of(c));
    CHECK(token_requests(c) == 2);
  }

  // The carrier revokes every token: the next poll gets a 401, fetches a new token, retries, succeeds.
  sim.post("/_sim/revoke-tokens");
  for (Carrier c : {Carrier::ups, Carrier::fedex, Carrier::usps}) {
    CAPTURE(name_of(c));
    REQUIRE(rig.of(c).poll(number(sim, c, "normal")).ok());
    CHECK(token_requests(c) == 3);
  }
  CHECK(sim.get("/_sim/stats").at("answers").at("bad_token").get<int>() == 3);

  // The sim's own clock passes the expiry (the transport's does not know): same recovery.
  sim.post("/_sim/advance?seconds=7200");
  REQUIRE(rig.of(Carrier::ups).poll(number(sim, Carrier::ups, "normal")).ok());
  CHECK(token_requests(Carrier::ups) == 4);
}

TEST_CASE("bad credentials are unauthorized values, never retried forever") {
  fwtest::SimCarrier sim(scenario(), kFixedClock);
  forewarn::ManualClock clock(*forewarn::parse_iso8601(kStart));
  HttpClient http;
  for (Carrier c : kCarriers) {
    CAPTURE(name_of(c));
    forewarn::CarrierAccount wrong = account(c, sim.base_url());
    if (c == Carrier::dhl) wrong.api_key = "not-the-key";
    else wrong.client_secret = "not-the-secret";
    auto t = forewarn::clients::make_transport(c, http, clock, wrong);
    const trk::PollError e = error_of(t->poll(number(sim, c, "normal")));
    CHECK(e.kind == PollErrorKind::unauthorized);
    CHECK(e.http_status == 401);
    // The secret never appears in what the caller gets back.
    CHECK(e.reason.find("not-the") == std::string::npos);
  }
  http.stop();
}

TEST_CASE("one slow carrier does not hold up the others, and many polls run at once") {
  // 60 generated shipments (labels created before the sim's now), and a UPS shipment the sim holds 1.5 s.
  fwtest::SimCarrier sim(scenario(R"(, "generate": {"count": 60, "ship_from": "2026-12-01", "ship_days": 5})"),
                         kFixedClock);
  Rig rig(sim, std::chrono::milliseconds{3000}, 4);
  const std::string stuck = number(sim, Carrier::ups, "slow");  // held 1.5 s by the sim

  std::mutex mu;
  std::condition_variable cv;
  int ups_done = 0, others_done = 0, ok = 0;
  const auto count = [&](int& counter) {
    return [&](trk::PollOutcome o) {
      std::lock_guard lock(mu);
      ++counter;
      ok += o.ok() ? 1 : 0;
      cv.notify_all();
    };
  };
  for (int i = 0; i < 8; ++i) rig.of(Carrier::ups).poll_async(stuck, count(ups_done));  // 4 slots busy, 4 queued

  const auto shipments = sim.get("/_sim/shipments?limit=1000").at("shipments");
  int others = 0;
  for (const auto& s : shipments) {
    const Carrier c = *trk::carrier_from_string(s.at("carrier").get<std::string>());
    if (c == Carrier::ups || s.at("name").get<std::string>() != "") continue;
    rig.of(c).poll_async(s.at("tracking_number").get<std::string>(), count(others_done));
    ++others;
  }
  CHECK(others == 45);
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds{10}, [&] { return others_done == others; }));
    // FedEx, USPS and DHL were all answered while every UPS call was still held by the sim.
    CHECK(ups_done == 0);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds{15}, [&] { return ups_done == 8; }));
  }
  CHECK(ok == others + 8);  // the slow answers arrive within the 3 s timeout
}

TEST_CASE("forewarn config values shows carrier settings with the secrets masked") {
  const auto r = fwtest::run_forewarn({"config", "values"}, {{"FOREWARN_UPS_CLIENT_ID", "ups-id"},
                                                              {"FOREWARN_UPS_CLIENT_SECRET", "very-secret-1"},
                                                              {"FOREWARN_DHL_API_KEY", "very-secret-2"}});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("FOREWARN_UPS_CLIENT_ID=ups-id\n") != std::string::npos);
  CHECK(r.out.find("FOREWARN_UPS_CLIENT_SECRET=********\n") != std::string::npos);
  CHECK(r.out.find("FOREWARN_DHL_API_KEY=********\n") != std::string::npos);
  CHECK(r.out.find("FOREWARN_FEDEX_BASE_URL=https://apis.fedex.com (default)\n") != std::string::npos);
  CHECK(r.out.find("very-secret") == std::string::npos);
  CHECK(r.err.find("very-secret") == std::string::npos);
}

TEST_CASE("a carrier's queued polls start as soon as a slot frees, not at the next socket event") {
  fwtest::SimCarrier sim(scenario(), kFixedClock);
  Rig rig(sim, std::chrono::milliseconds{2000}, 1);  // one call in flight per carrier
  const std::string n = number(sim, Carrier::dhl, "normal");
  std::mutex mu;
  std::condition_variable cv;
  int done = 0, ok = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i)
    rig.of(Carrier::dhl).poll_async(n, [&](trk::PollOutcome o) {
      std::lock_guard lock(mu);
      ++done;
      ok += o.ok() ? 1 : 0;
      cv.notify_all();
    });
  std::unique_lock lock(mu);
  REQUIRE(cv.wait_for(lock, std::chrono::seconds{30}, [&] { return done == 20; }));
  CHECK(ok == 20);
  // Each answer takes about a millisecond; waiting for the I/O loop's 1 s poll timeout would take 20 s.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{5});
}
