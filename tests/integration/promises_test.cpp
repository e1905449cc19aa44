// The checkout endpoint POST /v1/promises end to end: the cookie-gift case
// (an order on Friday 18 Dec at 15:00 with a five-day backlog makes Christmas
// with no service), sentences in two languages, an order that does make it,
// every 422 naming its field, tenant scoping, and the in-memory snapshot
// being invalidated by writes through the API (and refreshed by its TTL for
// another replica's writes).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

// The server's clock: a fixed instant two and a half weeks before the order.
const fwtest::Env kClock = {{"FOREWARN_CLOCK", "fixed:2026-12-01T12:00:00Z"}};

const char* kBakery =
    R"({"name":"Bakery","time_zone":"America/New_York","country":"US","postal_code":"10001","cutoff_local":"14:00",)"
    R"("processing_days":["mon","tue","wed","thu","fri"],"backlog_days":5})";

json cookie_request(const std::string& warehouse_id, const std::string& locale = "en") {
  return {{"warehouse_id", warehouse_id},
          {"destination", {{"postal_code", "10025"}, {"country", "US"}}},
          {"order_time", "2026-12-18T15:00:00-05:00"},
          {"services", {"ups-ground", "ups-2nd-day-air", "ups-next-day-air"}},
          {"events", {"Christmas"}},
          {"locale", locale}};
}

httplib::Result post(httplib::Client& c, const std::string& key, const json& body) {
  return c.Post("/v1/promises", bearer(key), body.dump(), "application/json");
}

// The pointers of a 422's errors.
std::vector<std::string> pointers(const httplib::Result& r) {
  std::vector<std::string> out;
  const json body = json::parse(r->body);
  for (const auto& e : body["errors"]) out.push_back(e["pointer"]);
  return out;
}

std::string create(httplib::Client& c, const std::string& key, const char* path, const std::string& body) {
  auto r = c.Post(path, bearer(key), body, "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 201, r->body);
  return json::parse(r->body)["id"];
}

}  // namespace

TEST_CASE("promises: the cookie-gift case, sentences, an order that makes it, and snapshot invalidation") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Cookies");
  fwtest::Server server(db, kClock);
  auto c = server.client();
  const std::string wh = create(c, key, "/v1/warehouses", kBakery);
  create(c, key, "/v1/events", R"({"name":"Christmas","rule":{"type":"annual","month":12,"day":24}})");

  // 18 Dec 15:00 (a Friday, after the cutoff) with a 5-day backlog: handed
  // over on Tue 29 Dec (25 Dec is a holiday), too late for any service.
  auto r = post(c, key, cookie_request(wh));
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  const json body = json::parse(r->body);
  CHECK(body["order_time"] == "2026-12-18T20:00:00Z");
  CHECK(body["warehouse_id"] == wh);
  CHECK(body["destination"]["time_zone"] == "America/New_York");
  CHECK(body["destination"]["time_zone_source"] == "default");
  CHECK(body["confidence"] == 0.9);
  REQUIRE(body["services"].size() == 3);
  CHECK(body["services"][0]["id"] == "ups-ground");
  CHECK(body["services"][1]["id"] == "ups-2nd-day-air");
  CHECK(body["services"][2]["id"] == "ups-next-day-air");
  for (const auto& s : body["services"]) {
    INFO(s.dump());
    CHECK(s["handover_date"] == "2026-12-29");
    CHECK(s["p50"].get<std::string>() > "2026-12-24");
    REQUIRE(s["deadlines"].size() == 1);
    const auto& d = s["deadlines"][0];
    CHECK(d["name"] == "Christmas");
    CHECK(d["deadline"] == "2026-12-25T04:59:59Z");  // 24 Dec 23:59:59 in New York
    CHECK(d["meets"] == false);
    CHECK(d["probability"].get<double>() < 0.9);
    CHECK(d["order_by"].is_null());
    CHECK(d["order_by_passed"] == true);
    const std::string sentence = s["sentence"];
    CHECK(sentence.rfind("Won't arrive by Christmas with any service; expected ", 0) == 0);
  }
  CHECK(body["services"][2]["p50"] == "2026-12-30");  // Next Day Air: picked up 29 Dec, delivered the 30th

  // The same in Finnish.
  auto fi = post(c, key, cookie_request(wh, "fi"));
  REQUIRE(fi);
  REQUIRE(fi->status == 200);
  const json fi_body = json::parse(fi->body);
  CHECK(fi_body["locale"] == "fi");
  for (const auto& s : fi_body["services"]) {
    const std::string sentence = s["sentence"];
    INFO(sentence);
    CHECK(sentence.rfind("Ei ehdi jouluksi", 0) == 0);
    CHECK(sentence.find("millään toimitustavalla") != std::string::npos);
  }

  // Patching the backlog through the API changes the next answer at once.
  auto patched = c.Patch(("/v1/warehouses/" + wh).c_str(), bearer(key), R"({"backlog_days":0})", "application/json");
  REQUIRE(patched);
  REQUIRE(patched->status == 200);
  auto after = post(c, key, cookie_request(wh));
  REQUIRE(after);
  REQUIRE(after->status == 200);
  const json after_body = json::parse(after->body);
  CHECK(after_body["services"][1]["handover_date"] == "2026-12-21");
  CHECK(after_body["services"][1]["deadlines"][0]["meets"] == true);

  // 14 Dec (a Monday) with no backlog: 2nd Day Air makes Christmas, and the
  // shopper can still order until the cutoff of Tue 22 Dec.
  json early = cookie_request(wh);
  early["order_time"] = "2026-12-14T10:00:00-05:00";
  auto e = post(c, key, early);
  REQUIRE(e);
  REQUIRE(e->status == 200);
  const json second_day = json::parse(e->body)["services"][1];
  INFO(second_day.dump());
  CHECK(second_day["id"] == "ups-2nd-day-air");
  CHECK(second_day["deadlines"][0]["meets"] == true);
  CHECK(second_day["deadlines"][0]["probability"].get<double>() >= 0.9);
  CHECK(second_day["deadlines"][0]["order_by"] == "2026-12-22T18:59:59.999Z");
  CHECK(second_day["deadlines"][0]["order_by_passed"] == false);
  CHECK(second_day["sentence"].get<std::string>().find("Christmas") != std::string::npos);

  // An explicit deadline and a time zone from the request.
  json explicit_deadline = early;
  explicit_deadline.erase("events");
  explicit_deadline["deadlines"] = {{{"name", "Anna's birthday"}, {"by", "2026-12-16T23:59:59-08:00"}}};
  explicit_deadline["destination"] = {{"postal_code", "94103"}, {"country", "US"}, {"time_zone", "America/Los_Angeles"}};
  auto x = post(c, key, explicit_deadline);
  REQUIRE(x);
  REQUIRE_MESSAGE(x->status == 200, x->body);
  const json xb = json::parse(x->body);
  CHECK(xb["destination"]["time_zone_source"] == "request");
  CHECK(xb["services"][0]["deadlines"][0]["name"] == "Anna's birthday");
}

TEST_CASE("promises: invalid requests are 422 naming the field, and another tenant warehouse is unknown") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Cookies");
  const auto other = fwtest::create_tenant(db, "Other shop");
  fwtest::Server server(db, kClock);
  auto c = server.client();
  const std::string wh = create(c, key, "/v1/warehouses", kBakery);
  const std::string other_wh = create(c, other, "/v1/warehouses", kBakery);
  create(c, key, "/v1/events", R"({"name":"Christmas","rule":{"type":"annual","month":12,"day":24}})");

  auto expect_422 = [&](json body, const std::string& pointer, const std::string& as = "") {
    auto r = post(c, as.empty() ? key : as, body);
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status == 422);
    CHECK(r->get_header_value("Content-Type") == "application/problem+json");
    const auto ps = pointers(r);
    CHECK(std::find(ps.begin(), ps.end(), pointer) != ps.end());
  };

  json req = cookie_request(wh);
  json bad = req;
  bad["warehouse_id"] = "00000000-0000-0000-0000-000000000000";
  expect_422(bad, "/warehouse_id");
  bad = req;
  bad["warehouse_id"] = other_wh;  // exists, but not this tenant's: exactly as unknown
  expect_422(bad, "/warehouse_id");
  bad = req;
  bad["services"] = {"ups-ground", "ups-teleport"};
  expect_422(bad, "/services/1");
  bad = req;
  bad["events"] = {"Christmas", "Hanukkah"};
  expect_422(bad, "/events/1");
  bad = req;
  bad["destination"]["postal_code"] = "1002";
  expect_422(bad, "/destination/postal_code");
  bad = req;
  bad["destination"] = {{"postal_code", "00100"}, {"country", "FI"}};  // fine: Helsinki by default
  CHECK(post(c, key, bad)->status == 200);
  bad["destination"]["postal_code"] = "001000";
  expect_422(bad, "/destination/postal_code");
  bad = req;
  bad["order_time"] = "2026-10-01T12:00:00Z";  // two months before the clock
  expect_422(bad, "/order_time");
  bad = req;
  bad["order_time"] = "2028-01-01T12:00:00Z";
  expect_422(bad, "/order_time");
  bad = req;
  bad["order_time"] = "18 Dec 2026";
  expect_422(bad, "/order_time");
  bad = req;
  bad["destination"] = {{"postal_code", "1010"}, {"country", "AR"}};  // no default zone for Argentina
  expect_422(bad, "/destination/time_zone");
  bad["destination"]["time_zone"] = "America/Argentina/Buenos_Aires";
  CHECK(post(c, key, bad)->status == 200);
  bad = req;
  bad["confidence"] = 1.0;
  expect_422(bad, "/confidence");
  bad = req;
  bad["deadlines"] = {{{"name", "Party"}, {"by", "tomorrow"}}};
  expect_422(bad, "/deadlines/0/by");
  bad = req;
  bad["surprise"] = true;
  expect_422(bad, "/surprise");
  // The other tenant does not see this tenant's warehouse or event either.
  json theirs = req;
  theirs["warehouse_id"] = other_wh;
  expect_422(theirs, "/events/0", other);
  expect_422(req, "/warehouse_id", other);
}

TEST_CASE("promises: another replica's writes show within the snapshot TTL") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Cookies");
  fwtest::Env env = kClock;
  env["FOREWARN_SNAPSHOT_TTL_MS"] = "300";
  fwtest::Server a(db, env);
  fwtest::Server b(db, env);
  auto ca = a.client();
  auto cb = b.client();
  const std::string wh = create(ca, key, "/v1/warehouses", kBakery);
  create(ca, key, "/v1/events", R"({"name":"Christmas","rule":{"type":"annual","month":12,"day":24}})");
  auto first = post(cb, key, cookie_request(wh));
  REQUIRE(first);
  REQUIRE(first->status == 200);
  CHECK(json::parse(first->body)["services"][1]["deadlines"][0]["meets"] == false);

  auto patched = ca.Patch(("/v1/warehouses/" + wh).c_str(), bearer(key), R"({"backlog_days":0})", "application/json");
  REQUIRE(patched);
  REQUIRE(patched->status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  // The first request after the TTL may still answer from the old snapshot
  // while it reloads; within a few requests the new backlog shows.
  bool seen = false;
  for (int i = 0; i < 20 && !seen; ++i) {
    auto r = post(cb, key, cookie_request(wh));
    REQUIRE(r);
    seen = json::parse(r->body)["services"][1]["deadlines"][0]["meets"] == true;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(seen);
}
