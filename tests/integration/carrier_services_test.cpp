// The tenant's own carrier services end to end: create (own calendar or
// based on a built-in), conflict, validation naming fields, cursor
// pagination, replace, delete, tenant scoping, and the checkout resolving
// them (with the snapshot invalidated by every write).
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

const fwtest::Env kClock = {{"FOREWARN_CLOCK", "fixed:2026-12-01T12:00:00Z"}};

const char* kOnTrac =
    R"({"id":"ontrac-ground","carrier":"OnTrac","name":"OnTrac Ground","pickup_days":["mon","wed","fri"],)"
    R"("delivery_days":["mon","tue","wed","thu","fri","sat"],"holidays":"us-core","min_transit_days":1,"max_transit_days":2})";

const char* kWarehouse =
    R"({"name":"Main","time_zone":"America/New_York","country":"US","postal_code":"10001","cutoff_local":"14:00"})";

std::vector<std::string> pointers(const httplib::Result& r) {
  std::vector<std::string> out;
  const json body = json::parse(r->body);
  for (const auto& e : body["errors"]) out.push_back(e["pointer"]);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

json promise_request(const std::string& warehouse_id, const std::string& service) {
  return {{"warehouse_id", warehouse_id},
          {"destination", {{"postal_code", "10025"}, {"country", "US"}}},
          {"order_time", "2026-12-08T10:00:00-05:00"},
          {"services", {service}}};
}

}  // namespace

TEST_CASE("carrier services: create, conflict, validation, paginate, replace, delete, tenant scoping") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Shop A");
  const auto other = fwtest::create_tenant(db, "Shop B");
  fwtest::Server server(db, kClock);
  auto c = server.client();
  const auto auth = bearer(key);

  auto created = c.Post("/v1/carrier-services", auth, kOnTrac, "application/json");
  REQUIRE(created);
  REQUIRE_MESSAGE(created->status == 201, created->body);
  CHECK(created->get_header_value("Location") == "/v1/carrier-services/ontrac-ground");
  const json own = json::parse(created->body);
  CHECK(own["id"] == "ontrac-ground");
  CHECK(own["pickup_days"] == json{"mon", "wed", "fri"});
  CHECK(own["holidays"] == "us-core");
  CHECK(own["enabled"] == true);
  CHECK(own["effective"]["max_transit_days"] == 2);

  // Based on a built-in service, with a generated id.
  auto based = c.Post("/v1/carrier-services", auth, R"({"based_on":"ups-ground","name":"Standard"})", "application/json");
  REQUIRE(based);
  REQUIRE_MESSAGE(based->status == 201, based->body);
  const json std_service = json::parse(based->body);
  const std::string generated = std_service["id"];
  CHECK(generated.rfind("svc-", 0) == 0);
  CHECK(generated.size() == 16);
  CHECK(std_service["carrier"] == "UPS");
  CHECK(std_service["pickup_days"].is_null());
  CHECK(std_service["effective"]["pickup_days"] == json{"mon", "tue", "wed", "thu", "fri"});
  CHECK(std_service["effective"]["holidays"] == "us-core");
  CHECK(std_service["effective"]["max_transit_days"] == 5);

  auto dup = c.Post("/v1/carrier-services", auth, kOnTrac, "application/json");
  REQUIRE(dup);
  CHECK(dup->status == 409);
  CHECK(pointers(dup) == std::vector<std::string>{"/id"});

  auto bad = c.Post("/v1/carrier-services", auth,
                    R"({"id":"Bad Id","carrier":"X","name":"X","pickup_days":["mon","someday"],"delivery_days":[],)"
                    R"("holidays":"mars","min_transit_days":3,"max_transit_days":99})",
                    "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 422);
  CHECK(bad->get_header_value("Content-Type") == "application/problem+json");
  const auto ps = pointers(bad);
  for (const char* p : {"/id", "/pickup_days/1", "/delivery_days", "/holidays", "/max_transit_days"}) CHECK_MESSAGE(has(ps, p), p);
  auto mixed = c.Post("/v1/carrier-services", auth, R"({"based_on":"ups-ground","delivery_days":["sat"]})", "application/json");
  REQUIRE(mixed);
  CHECK(mixed->status == 422);
  CHECK(pointers(mixed) == std::vector<std::string>{"/delivery_days"});

  // Pagination, oldest first.
  auto page1 = c.Get("/v1/carrier-services?limit=1", auth);
  REQUIRE(page1);
  REQUIRE(page1->status == 200);
  const json p1 = json::parse(page1->body);
  REQUIRE(p1["items"].size() == 1);
  CHECK(p1["items"][0]["id"] == "ontrac-ground");
  REQUIRE(p1["next_cursor"].is_string());
  auto page2 = c.Get(("/v1/carrier-services?limit=1&cursor=" + p1["next_cursor"].get<std::string>()).c_str(), auth);
  REQUIRE(page2);
  const json p2 = json::parse(page2->body);
  REQUIRE(p2["items"].size() == 1);
  CHECK(p2["items"][0]["id"] == generated);
  CHECK(p2["next_cursor"].is_null());
  CHECK(c.Get("/v1/carrier-services?cursor=nonsense", auth)->status == 422);

  // Replace: the whole body; the id is the path's.
  auto put = c.Put("/v1/carrier-services/ontrac-ground", auth,
                   R"({"based_on":"fedex-home-delivery","max_transit_days":3,"enabled":false})", "application/json");
  REQUIRE(put);
  REQUIRE_MESSAGE(put->status == 200, put->body);
  const json replaced = json::parse(put->body);
  CHECK(replaced["carrier"] == "FedEx");
  CHECK(replaced["based_on"] == "fedex-home-delivery");
  CHECK(replaced["enabled"] == false);
  CHECK(replaced["effective"]["delivery_days"] == json{"tue", "wed", "thu", "fri", "sat"});
  CHECK(replaced["created_at"] == own["created_at"]);
  auto got = c.Get("/v1/carrier-services/ontrac-ground", auth);
  REQUIRE(got);
  CHECK(json::parse(got->body) == replaced);
  auto wrong_id = c.Put("/v1/carrier-services/ontrac-ground", auth, R"({"id":"other","based_on":"ups-ground"})", "application/json");
  REQUIRE(wrong_id);
  CHECK(wrong_id->status == 422);
  CHECK(pointers(wrong_id) == std::vector<std::string>{"/id"});
  CHECK(c.Put("/v1/carrier-services/nope", auth, R"({"based_on":"ups-ground"})", "application/json")->status == 404);

  // The other tenant sees none of it.
  const auto theirs = bearer(other);
  CHECK(c.Get("/v1/carrier-services/ontrac-ground", theirs)->status == 404);
  CHECK(c.Put("/v1/carrier-services/ontrac-ground", theirs, R"({"based_on":"ups-ground"})", "application/json")->status == 404);
  CHECK(c.Delete("/v1/carrier-services/ontrac-ground", theirs)->status == 404);
  CHECK(json::parse(c.Get("/v1/carrier-services", theirs)->body)["items"].empty());
  // ... and may use the same id for its own.
  CHECK(c.Post("/v1/carrier-services", theirs, kOnTrac, "application/json")->status == 201);

  auto del = c.Delete("/v1/carrier-services/ontrac-ground", auth);
  REQUIRE(del);
  CHECK(del->status == 204);
  CHECK(c.Get("/v1/carrier-services/ontrac-ground", auth)->status == 404);
  CHECK(c.Delete("/v1/carrier-services/ontrac-ground", auth)->status == 404);
  CHECK(c.Get("/v1/carrier-services/Not%20An%20Id", auth)->status == 404);
}

TEST_CASE("carrier services: the checkout resolves the tenant's first, and sees every write at once") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Shop A");
  fwtest::Server server(db, kClock);
  auto c = server.client();
  const auto auth = bearer(key);
  auto wh = c.Post("/v1/warehouses", auth, kWarehouse, "application/json");
  REQUIRE(wh);
  REQUIRE(wh->status == 201);
  const std::string wh_id = json::parse(wh->body)["id"];

  auto ask = [&](const std::string& service) {
    auto r = c.Post("/v1/promises", auth, promise_request(wh_id, service).dump(), "application/json");
    REQUIRE(r);
    return r;
  };
  // Unknown before it exists (a warm snapshot that must be dropped by the write).
  auto unknown = ask("ontrac-ground");
  CHECK(unknown->status == 422);
  CHECK(pointers(unknown) == std::vector<std::string>{"/services/0"});

  REQUIRE(c.Post("/v1/carrier-services", auth, kOnTrac, "application/json")->status == 201);
  auto known = ask("ontrac-ground");
  REQUIRE_MESSAGE(known->status == 200, known->body);
  const json s = json::parse(known->body)["services"][0];
  CHECK(s["id"] == "ontrac-ground");
  CHECK(s["name"] == "OnTrac Ground");
  CHECK(s["model"]["source"] == "nominal");
  // Tue 8 Dec before the cutoff: handed over that day, picked up Wed 9 (Mon/Wed/Fri pickups).
  CHECK(s["p50"] == "2026-12-10");

  // Redefining a built-in id for this tenant: its own definition answers.
  REQUIRE(c.Post("/v1/carrier-services", auth, R"({"id":"ups-next-day-air","based_on":"ups-ground","name":"Not overnight"})",
                 "application/json")->status == 201);
  const json redefined = json::parse(ask("ups-next-day-air")->body)["services"][0];
  CHECK(redefined["name"] == "Not overnight");
  CHECK(redefined["model"]["max_transit_days"] == 5);

  REQUIRE(c.Put("/v1/carrier-services/ontrac-ground", auth, std::string(kOnTrac).replace(1, 0, R"("enabled":false,)"),
                "application/json")->status == 200);
  auto disabled = ask("ontrac-ground");
  CHECK(disabled->status == 422);
  CHECK(json::parse(disabled->body)["errors"][0]["message"].get<std::string>().find("disabled") != std::string::npos);

  REQUIRE(c.Delete("/v1/carrier-services/ups-next-day-air", auth)->status == 204);
  CHECK(json::parse(ask("ups-next-day-air")->body)["services"][0]["name"] == "UPS Next Day Air");
}
