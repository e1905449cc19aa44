// The carrier slip end to end on a real PostgreSQL: parcels whose carrier
// estimate has slipped since the first one are learned by the background
// rebuild (service_slips), and the checkout then adds the slip to the
// service, to its carrier's other services, and to no other tenant. Parcels
// that never arrived (carrier_non_arrivals) lower its probabilities likewise.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include <pqxx/pqxx>

#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

json post_json(httplib::Client& c, const std::string& key, const std::string& path, const json& body, int expect) {
  const auto r = c.Post(path, bearer(key), body.dump(), "application/json");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == expect);
  return json::parse(r->body);
}

json ask(httplib::Client& c, const std::string& key, const std::string& warehouse_id) {
  const json request = {{"warehouse_id", warehouse_id},
                        {"destination", {{"postal_code", "60601"}, {"country", "US"}}},
                        {"order_time", "2026-12-21T10:00:00-05:00"},  // Monday, before the cutoff
                        {"services", {"ups-2nd-day-air", "ups-next-day-air", "fedex-2day"}},
                        {"events", {"Christmas Eve"}}};
  return post_json(c, key, "/v1/promises", request, 200)["services"];
}

struct Shop {
  std::string key, warehouse;
  Shop(const std::string& db, const std::string& name, httplib::Client& c) : key(fwtest::create_tenant(db, name)) {
    warehouse = post_json(c, key, "/v1/warehouses",
                          {{"name", "Main"}, {"time_zone", "America/New_York"}, {"country", "US"}, {"cutoff_local", "14:00"}},
                          201)["id"];
    post_json(c, key, "/v1/events", {{"name", "Christmas Eve"}, {"rule", {{"type", "annual"}, {"month", 12}, {"day", 24}}}},
              201);
  }
};

// `n` UPS parcels of the shop registered through the API; their ids.
std::vector<std::string> register_ups(httplib::Client& c, const Shop& shop, const std::string& service,
                                      const std::string& number_base, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    const json body = {{"order_id", service + "-" + std::to_string(i)},
                       {"tracking_number", fwtest::ups_number(number_base + std::to_string(10 + i))},
                       {"carrier", "ups"},
                       {"service", service},
                       {"warehouse_id", shop.warehouse},
                       {"destination", {{"postal_code", "60601"}, {"country", "US"}}},
                       {"purchaser", {{"name", "Maria"}, {"email", "maria@example.com"}}}};
    ids.push_back(post_json(c, shop.key, "/v1/shipments", body, 201)["id"]);
  }
  return ids;
}

// Asks until `key` shows in the first service's model (the background
// rebuild and the snapshot TTL), at most ten seconds.
json ask_until(httplib::Client& c, const Shop& shop, const char* key) {
  json answer;
  for (int i = 0; i < 100; ++i) {
    answer = ask(c, shop.key, shop.warehouse);
    if (answer[0]["model"].contains(key)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return answer;
}

}  // namespace

TEST_CASE("carrier slip: a week of late parcels moves the checkout's promise, for that tenant only") {
  const auto db = fwtest::fresh_database();
  fwtest::Server server(db, {{"FOREWARN_CLOCK", "fixed:2026-12-22T15:00:00Z"},
                             {"FOREWARN_MODEL_REBUILD_MS", "200"},
                             {"FOREWARN_SNAPSHOT_TTL_MS", "100"}});
  auto c = server.client();
  Shop shop(db, "Sweet Crumbs", c), other(db, "Other Shop", c);

  const json before = ask(c, shop.key, shop.warehouse);
  REQUIRE(before[0]["id"] == "ups-2nd-day-air");
  CHECK(before[0]["p50"] == "2026-12-23");
  CHECK(before[0]["deadlines"][0]["meets"] == true);
  CHECK_FALSE(before[0]["model"].contains("carrier_slip"));

  // Twelve 2nd Day Air parcels the carrier first promised for yesterday
  // (Monday) and has since moved to Wednesday, as the tracking round leaves
  // them.
  const auto ids = register_ups(c, shop, "ups-2nd-day-air", "1Z5R89390357590", 12);
  {
    pqxx::connection conn(db);
    pqxx::work tx(conn);
    for (const auto& id : ids)
      tx.exec_params0("UPDATE shipments SET first_carrier_estimated_delivery = '2026-12-21',"
                      " carrier_estimated_delivery = '2026-12-23' WHERE id = $1::uuid", id);
    tx.commit();
  }

  const json after = ask_until(c, shop, "carrier_slip");
  INFO(after.dump());
  REQUIRE(after[0]["model"].contains("carrier_slip"));
  // UPS's slip: twelve parcels two days late, a day old (weighing 2^-0.5
  // each), against two on-time pseudo-parcels. The service's own: the same
  // twelve against UPS's slip, worth four parcels (slip_model.hpp).
  const double w = 12 * std::exp2(-0.5);
  const double carrier_mean = 2.0 * w / (w + 2);
  CHECK(after[0]["model"]["carrier_slip"]["observations"] == 12);
  CHECK(after[0]["model"]["carrier_slip"]["mean_days"].get<double>() ==
        doctest::Approx((2.0 * w + 4 * carrier_mean) / (w + 4)).epsilon(1e-3));
  CHECK(after[0]["p50"] == "2026-12-28");  // Wednesday + 2 delivery days, Christmas Day a UPS holiday
  CHECK(after[0]["deadlines"][0]["meets"] == false);
  // Next Day Air has no parcels of its own: UPS's slip stands in.
  REQUIRE(after[1]["model"].contains("carrier_slip"));
  CHECK(after[1]["model"]["carrier_slip"]["mean_days"].get<double>() == doctest::Approx(carrier_mean).epsilon(1e-3));
  CHECK(after[1]["p50"].get<std::string>() > before[1]["p50"].get<std::string>());
  // FedEx is another network.
  CHECK_FALSE(after[2]["model"].contains("carrier_slip"));
  CHECK(after[2]["p50"] == before[2]["p50"]);
  // The other tenant's checkout knows nothing of it.
  const json theirs = ask(c, other.key, other.warehouse);
  CHECK_FALSE(theirs[0]["model"].contains("carrier_slip"));
  CHECK(theirs[0]["p50"] == before[0]["p50"]);

  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  const auto rows = tx.exec("SELECT service_id FROM service_slips ORDER BY service_id");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0].as<std::string>() == "carrier:ups");
  CHECK(rows[1][0].as<std::string>() == "ups-2nd-day-air");
}

TEST_CASE("non-arrival: parcels never scanned lower the checkout's probabilities, for that tenant only") {
  const auto db = fwtest::fresh_database();
  fwtest::Server server(db, {{"FOREWARN_CLOCK", "fixed:2026-12-21T15:00:00Z"},
                             {"FOREWARN_MODEL_REBUILD_MS", "200"},
                             {"FOREWARN_SNAPSHOT_TTL_MS", "100"}});
  auto c = server.client();
  Shop shop(db, "Sweet Crumbs", c), other(db, "Other Shop", c);
  const json before = ask(c, shop.key, shop.warehouse);
  CHECK_FALSE(before[0]["model"].contains("non_arrival"));

  // Twenty UPS parcels registered ten days ago: fifteen delivered, five whose
  // labels were never scanned.
  const auto ids = register_ups(c, shop, "ups-ground", "1Z5R89390357591", 20);
  {
    pqxx::connection conn(db);
    pqxx::work tx(conn);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      tx.exec_params0("UPDATE shipments SET created_at = '2026-12-11T15:00:00Z' WHERE id = $1::uuid", ids[i]);
      if (i >= 5)
        tx.exec_params0("UPDATE shipments SET status = 'delivered', first_scan_at = '2026-12-11T22:00:00Z',"
                        " delivered_at = '2026-12-14T16:00:00Z' WHERE id = $1::uuid", ids[i]);
    }
    tx.commit();
  }

  const json after = ask_until(c, shop, "non_arrival");
  INFO(after.dump());
  REQUIRE(after[0]["model"].contains("non_arrival"));
  // The tenant: (5 + 1% of 100) / (20 + 100); UPS: (5 + 50 x that) / (20 + 50).
  const double tenant = 6.0 / 120.0;
  const double ups = (5.0 + 50.0 * tenant) / 70.0;
  CHECK(after[0]["model"]["non_arrival"]["rate"].get<double>() == doctest::Approx(ups));
  CHECK(after[0]["model"]["non_arrival"]["parcels"] == 20);
  CHECK(after[0]["model"]["non_arrival"]["failed"] == 5);
  for (int i : {0, 1}) {  // 2nd Day Air and Next Day Air: UPS's rate
    CHECK(after[i]["deadlines"][0]["probability"].get<double>() ==
          doctest::Approx((1.0 - ups) * before[i]["deadlines"][0]["probability"].get<double>()));
    CHECK(after[i]["p50"] == before[i]["p50"]);
  }
  // FedEx has no parcels of its own: the tenant's rate stands in.
  CHECK(after[2]["model"]["non_arrival"]["rate"].get<double>() == doctest::Approx(tenant));
  // The other tenant's checkout knows nothing of it.
  const json theirs = ask(c, other.key, other.warehouse);
  CHECK_FALSE(theirs[0]["model"].contains("non_arrival"));
  CHECK(theirs[0]["deadlines"][0]["probability"] == before[0]["deadlines"][0]["probability"]);
}
