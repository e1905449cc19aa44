// The polling scheduler end to end: `forewarn serve` processes poll
// `forewarn sim-carrier` (UPS, FedEx, USPS and DHL on their real wire formats)
// for 1,000 registered shipments while 10% of carrier calls fail in each way
// (429 with Retry-After, 500, timeout, malformed body). Both processes run on
// the same accelerated clock, so a fortnight of carrier progress passes in
// about a minute. Every shipment must reach the final status the simulated
// carrier gives it, and no carrier event may be stored twice; the same with
// three replicas on one database, each of which must take part (that a lease
// is exclusive across connections is the store's own test in shipments_test).
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include <pqxx/pqxx>

#include "harness.hpp"

using nlohmann::json;

namespace {

constexpr int kShipments = 1000;
// 1 real second = 20,000 simulated seconds (5.6 h): 20 simulated days in ~86 s.
const char* const kClock = "accelerated:2026-11-30T00:00:00Z@20000";

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
          {"FOREWARN_CARRIER_TIMEOUT_MS", "500"},
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
  fwtest::SimCarrier sim(scenario(), {{"FOREWARN_CLOCK", kClock}});
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
  CHECK(scalar(db, "SELECT count(*) FROM carrier_faults") > 0);  // malformed bodies kept for an operator
  CHECK(scalar(db, "SELECT count(*) FROM shipments WHERE status = 'delivered' AND active") == 0);
  CHECK(server.terminate() == 0);
}

TEST_CASE("poller: three serve processes on one database share the work, every shipment reaches its final status, no event stored twice") {
  const std::string db = fwtest::fresh_database();
  fwtest::SimCarrier sim(scenario(), {{"FOREWARN_CLOCK", kClock}});
  const auto expected = sim_shipments(sim);
  const std::string key = fwtest::create_tenant(db, "replicas");
  std::vector<std::unique_ptr<fwtest::Server>> servers;
  for (int i = 0; i < 3; ++i) servers.push_back(std::make_unique<fwtest::Server>(db, carrier_env(sim)));
  register_all(*servers[0], key, expected);

  // Sample the leases while they run (a lease is exclusive: the store's own
  // test checks that across connections): which workers hold some.
  std::map<std::string, int> by_worker;
  pqxx::connection conn(db);
  run_to_the_end(db, expected, 240, [&] {
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec("SELECT leased_by, count(*) FROM shipments WHERE leased_by IS NOT NULL GROUP BY 1"))
      by_worker[row[0].as<std::string>()] += row[1].as<int>();
  });
  check_no_event_twice(db);
  // All three replicas did part of the work.
  CHECK(by_worker.size() == 3);
  for (auto& s : servers) CHECK(s->terminate() == 0);
}
