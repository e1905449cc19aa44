// The polling scheduler end to end: `forewarn serve` processes poll
// `forewarn sim-carrier` (UPS, FedEx, USPS and DHL on their real wire formats)
// for 1,000 registered shipments while 10% of carrier calls fail in each way
// (429 with Retry-After, 500, timeout, malformed body). Both processes run on
// the same accelerated clock, so a fortnight of carrier progress passes in
// about a minute. Every shipment must reach the final status the simulated
// carrier gives it, and no carrier event may be stored twice; the same with
// three replicas on one database, each of which must take part (its own
// forewarn_polls_total on GET /metrics), and no shipment polled twice within a
// lease: the simulated carrier never sees a second request for a number while
// it is still answering the first (`overlapping_requests`). That a lease is
// exclusive across connections is the store's own test in shipments_test.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include <pqxx/pqxx>

#include "harness.hpp"

using nlohmann::json;

namespace {

constexpr int kShipments = 1000;
// 1 real second = 20,000 simulated seconds (5.6 h): 20 simulated days in ~86 s.
const char* const kClock = "accelerated:2026-11-30T00:00:00Z@20000";
// The poll lease, in simulated seconds. A lease must outlast the round that
// took it, or another worker leases the shipment again while its call is still
// out. At 20,000x the default 120 s is 6 ms of real time, shorter than one
// call. A round here (real time): its calls wait behind 32 in flight per
// carrier (FOREWARN_CARRIER_CONCURRENCY), 200 leased per round and two rounds
// per process, so up to 400 calls to one carrier in at most 13 waves of the
// 500 ms carrier timeout (6.5 s) when every wave holds a sim timeout, plus two
// transactions under ASan on a loaded machine (a few seconds). 3 simulated
// days = 259,200 s / 20,000 = 13 s of real time covers that worst case; the
// carriers' own progress (days) is unaffected, since a round closes its lease.
const char* const kLeaseS = "259200";
// The sim serves one keep-alive connection per thread. Each replica keeps up
// to FOREWARN_CARRIER_CONCURRENCY (32) calls in flight per carrier, so up to
// 4 x 32 = 128 connections open; three replicas 384. With fewer threads the
// surplus connections wait in the sim's queue past the client's timeout and
// are answered after the client gave up and polled again: two requests for
// one number at once without two leases, which would blur the overlap count.
constexpr int kSimThreads = 3 * 4 * 32 + 32;

std::string scenario() {
  return json{{"seed", 11},
              {"start", "2026-12-01"},
              {"faults",
               {{"rate_limited", 0.1}, {"server_error", 0.1}, {"timeout", 0.1}, {"malformed", 0.1},
                {"retry_after_s", 600}, {"timeout_ms", 1500}}},
              {"generate",
               {{"count", kShipments},
                {"carriers", {"ups", "fedex", "usps", "dhl"}},
                {"ship_from", "2026-12-01"},
                {"ship_days", 3},
                {"plans", {{"normal", 0.7}, {"delayed", 0.1}, {"exception", 0.1}, {"attempt_failed", 0.1}}}}}}
      .dump();
}

fwtest::Env carrier_env(const fwtest::SimCarrier& sim) {
  const std::string base = sim.base_url();
  return {{"FOREWARN_CLOCK", kClock},
          {"FOREWARN_UPS_BASE_URL", base},   {"FOREWARN_UPS_CLIENT_ID", "id"},   {"FOREWARN_UPS_CLIENT_SECRET", "s"},
          {"FOREWARN_FEDEX_BASE_URL", base}, {"FOREWARN_FEDEX_CLIENT_ID", "id"}, {"FOREWARN_FEDEX_CLIENT_SECRET", "s"},
          {"FOREWARN_USPS_BASE_URL", base},  {"FOREWARN_USPS_CLIENT_ID", "id"},  {"FOREWARN_USPS_CLIENT_SECRET", "s"},
          {"FOREWARN_DHL_BASE_URL", base},   {"FOREWARN_DHL_API_KEY", "k"},
          {"FOREWARN_CARRIER_TIMEOUT_MS", "500"}, {"FOREWARN_POLL_LEASE_S", kLeaseS},
          {"FOREWARN_RATE_LIMIT_RPS", "100000"}, {"FOREWARN_RATE_LIMIT_BURST", "100000"}};
}

// The sim's shipments with the status each ends in.
std::map<std::string, json> sim_shipments(const fwtest::SimCarrier& sim) {
  std::map<std::string, json> out;
  for (int offset = 0; offset < kShipments; offset += 500) {
    const json page = sim.get("/_sim/shipments?offset=" + std::to_string(offset) + "&limit=500");
    for (const auto& s : page["shipments"]) out.emplace(s["tracking_number"].get<std::string>(), s);
  }
  return out;
}

void register_all(const fwtest::Server& server, const std::string& key, const std::map<std::string, json>& shipments) {
  auto c = server.client();
  int i = 0;
  for (const auto& [number, s] : shipments) {
    const json body = {{"order_id", "order-" + std::to_string(i++)},
                       {"tracking_number", number},
                       {"carrier", s["carrier"]},
                       {"destination", {{"postal_code", "10025"}, {"country", "US"}}},
                       {"purchaser", {{"name", "Pat"}, {"email", "pat@example.com"}}}};
    auto r = c.Post("/v1/shipments", fwtest::bearer(key), body.dump(), "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 201, r->body);
  }
}

struct Progress {
  long long at_final = 0;
  long long active = 0;
};

Progress progress(const std::string& db, const std::map<std::string, json>& expected) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  Progress p;
  for (const auto& row : tx.exec("SELECT tracking_number, status, active FROM shipments")) {
    const auto& want = expected.at(row[0].as<std::string>());
    if (row[1].as<std::string>() == want["final_status"].get<std::string>()) ++p.at_final;
    if (row[2].as<bool>()) ++p.active;
  }
  return p;
}

long long scalar(const std::string& db, const std::string& sql) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  return tx.exec1(sql)[0].as<long long>();
}

// Runs until every shipment shows its final status (or the time is up),
// calling `each` about ten times a second meanwhile.
template <class F>
void run_to_the_end(const std::string& db, const std::map<std::string, json>& expected, int max_seconds, F each) {
  Progress p;
  for (int waited = 0; waited < max_seconds * 10; ++waited) {
    if (waited % 10 == 0) {
      p = progress(db, expected);
      if (p.at_final == kShipments) break;
    }
    each();
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  CHECK(p.at_final == kShipments);
}

// The sum of a metric's samples (every label set) in a Prometheus text page.
double metric_sum(const std::string& page, const std::string& name) {
  double sum = 0;
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name, 0) != 0 || line.size() <= name.size()) continue;
    if (line[name.size()] != '{' && line[name.size()] != ' ') continue;
    sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

// The samples of a metric summed by the value of one label.
std::map<std::string, double> metric_by(const std::string& page, const std::string& name, const std::string& label) {
  std::map<std::string, double> out;
  const std::string key = label + "=\"";
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + "{", 0) != 0) continue;
    const auto at = line.find(key);
    if (at == std::string::npos) continue;
    const auto from = at + key.size();
    out[line.substr(from, line.find('"', from) - from)] += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return out;
}

std::string metrics_of(const fwtest::Server& server) {
  auto c = server.client();
  auto r = c.Get("/metrics");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return r->body;
}

void check_no_event_twice(const std::string& db) {
  // The store de-duplicates by fingerprint; stronger: no two stored events of
  // a shipment have the same time, status, description and location.
  CHECK(scalar(db, "SELECT count(*) FROM tracking_events") > kShipments);
  CHECK(scalar(db,
               "SELECT count(*) FROM (SELECT shipment_id, event_time, status, description, city, postal_code, count(*)"
               " FROM tracking_events GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1) d") == 0);
}

}  // namespace

TEST_CASE("poller: 1000 shipments across four carriers, 10 percent of calls failing in each way, all reach their final status") {
  const std::string db = fwtest::fresh_database();
  fwtest::SimCarrier sim(scenario(), {{"FOREWARN_CLOCK", kClock}}, kSimThreads);
  const auto expected = sim_shipments(sim);
  REQUIRE(expected.size() == kShipments);
  const std::string key = fwtest::create_tenant(db, "poller");
  fwtest::Server server(db, carrier_env(sim));
  register_all(server, key, expected);

  run_to_the_end(db, expected, 240, [] {});
  check_no_event_twice(db);
  // The faults really happened, and were recovered from.
  const json stats = sim.get("/_sim/stats");
  INFO(stats.dump());
  CHECK(stats["overlapping_requests"].get<long long>() == 0);  // two worker threads, one lease each
  CHECK(scalar(db, "SELECT count(*) FROM carrier_faults") > 0);  // malformed bodies kept for an operator
  CHECK(scalar(db, "SELECT count(*) FROM shipments WHERE status = 'delivered' AND active") == 0);
  CHECK(server.terminate() == 0);
}

TEST_CASE("poller: three serve processes on one database share the work, every shipment reaches its final status, no event stored twice") {
  const std::string db = fwtest::fresh_database();
  fwtest::SimCarrier sim(scenario(), {{"FOREWARN_CLOCK", kClock}}, kSimThreads);
  const auto expected = sim_shipments(sim);
  const std::string key = fwtest::create_tenant(db, "replicas");
  std::vector<std::unique_ptr<fwtest::Server>> servers;
  for (int i = 0; i < 3; ++i) servers.push_back(std::make_unique<fwtest::Server>(db, carrier_env(sim)));
  register_all(*servers[0], key, expected);

  run_to_the_end(db, expected, 240, [] {});
  check_no_event_twice(db);

  // What each replica says it polled (its own /metrics), and what the carrier saw.
  std::vector<double> polls;
  double rounds_over_lease = 0;
  std::map<std::string, double> outcomes;
  for (const auto& s : servers) {
    const std::string page = metrics_of(*s);
    polls.push_back(metric_sum(page, "forewarn_polls_total"));
    rounds_over_lease += metric_sum(page, "forewarn_poll_rounds_over_lease_total");
    for (const auto& [k, v] : metric_by(page, "forewarn_polls_total", "outcome")) outcomes[k] += v;
  }
  INFO("outcomes: " << json(outcomes).dump());
  const json stats = sim.get("/_sim/stats");
  INFO(stats.dump());
  INFO("polls by replica: " << polls[0] << ", " << polls[1] << ", " << polls[2]);
  // No shipment polled twice within a lease: the carrier never had two
  // requests for one number in flight at once, and no round outlasted its lease.
  CHECK(stats["overlapping_requests"].get<long long>() == 0);
  CHECK(rounds_over_lease == 0);
  // All three replicas did part of the work.
  for (double p : polls) CHECK(p > 0);
  // The replicas' counts account for the carrier's. Each answer that ends a
  // poll (ok, not found, 429, 500, a malformed body) is one call counted by one
  // replica; a 401 is not (the transport fetches a new token and asks again),
  // nor a held-back answer (the client's timeout ends that poll). A call is
  // counted when its answer is in and the sim's stats are read after the
  // replicas' metrics, while shipments still active are polled: a few percent.
  double answered_polls = 0, answered = 0;
  for (const char* kind : {"ok", "not_found", "rate_limited", "server_error", "malformed"}) {
    answered_polls += outcomes[kind];
    answered += stats["answers"][kind].get<double>();
  }
  MESSAGE("polls by replica: " << polls[0] << ", " << polls[1] << ", " << polls[2] << "; answers that end a poll: "
                              << answered_polls << " counted, " << answered << " given; overlapping requests: "
                              << stats["overlapping_requests"].dump());
  CHECK(answered_polls > kShipments);
  CHECK(std::abs(answered - answered_polls) <= 0.03 * answered + 50);
  for (auto& s : servers) CHECK(s->terminate() == 0);
}
