// The checkout's pure parts: postal codes per country, default time zones,
// the warehouse → calendar mapping and answer_promise_request on a snapshot.
#include <doctest/doctest.h>

#include "core/checkout.hpp"
#include "tests/support/bakery.hpp"
#include "core/destination.hpp"

using namespace forewarn;
using nlohmann::json;

TEST_CASE("destination: postal codes per country") {
  CHECK(is_valid_postal_code("US", "10025"));
  CHECK(is_valid_postal_code("US", "10025-1234"));
  CHECK_FALSE(is_valid_postal_code("US", "1002"));
  CHECK_FALSE(is_valid_postal_code("US", "10025-12"));
  CHECK(is_valid_postal_code("FI", "00100"));
  CHECK_FALSE(is_valid_postal_code("FI", "001000"));
  CHECK(is_valid_postal_code("DE", "10115"));
  CHECK(is_valid_postal_code("HU", "1051"));
  CHECK_FALSE(is_valid_postal_code("HU", "10510"));
  CHECK(is_valid_postal_code("BR", "01310-100"));
  CHECK(is_valid_postal_code("BR", "01310100"));
  CHECK_FALSE(is_valid_postal_code("BR", "0131-0100"));
  CHECK(is_valid_postal_code("CN", "100000"));
  CHECK_FALSE(is_valid_postal_code("CN", "10000"));
  for (const char* gb : {"SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A1BB", "w1a 0ax"})
    CHECK_MESSAGE(is_valid_postal_code("GB", gb), gb);
  for (const char* gb : {"SW1A", "1AA SW1", "SW1A  1AA", "AAA 1AA"}) CHECK_FALSE_MESSAGE(is_valid_postal_code("GB", gb), gb);
  CHECK(is_valid_postal_code("AR", "C1000"));
  CHECK_FALSE(is_valid_postal_code("AR", "---"));
  CHECK_FALSE(is_valid_postal_code("AR", "1234567890123"));
}

TEST_CASE("destination: default time zones") {
  CHECK(default_time_zone("FI", "00100") == "Europe/Helsinki");
  CHECK(default_time_zone("HU", "1051") == "Europe/Budapest");
  CHECK(default_time_zone("CN", "100000") == "Asia/Shanghai");
  CHECK(default_time_zone("DE", "10115") == "Europe/Berlin");
  CHECK(default_time_zone("US", "10025") == "America/New_York");
  CHECK(default_time_zone("US", "48201") == "America/New_York");  // Detroit
  CHECK(default_time_zone("US", "60601") == "America/Chicago");
  CHECK(default_time_zone("US", "80202") == "America/Denver");
  CHECK(default_time_zone("US", "85001") == "America/Phoenix");
  CHECK(default_time_zone("US", "89101") == "America/Los_Angeles");  // Las Vegas
  CHECK(default_time_zone("US", "94103") == "America/Los_Angeles");
  CHECK(default_time_zone("US", "96813") == "Pacific/Honolulu");
  CHECK(default_time_zone("US", "99501") == "America/Anchorage");
  CHECK(default_time_zone("BR", "01310-100") == "America/Sao_Paulo");
  CHECK(default_time_zone("BR", "69005-000") == "America/Manaus");
  CHECK(default_time_zone("BR", "69900-000") == "America/Rio_Branco");
  CHECK(default_time_zone("BR", "78005-000") == "America/Cuiaba");
  CHECK(default_time_zone("AR", "C1000") == std::nullopt);
}

namespace {
using forewarn::testing::bakery;
const Instant kNow = *parse_iso8601("2026-12-01T12:00:00Z");
json cookie() {
  return {{"warehouse_id", "wh-1"},
          {"destination", {{"postal_code", "10025"}, {"country", "US"}}},
          {"order_time", "2026-12-18T15:00:00-05:00"},
          {"services", {"ups-ground", "ups-2nd-day-air", "ups-next-day-air"}},
          {"events", {"Christmas"}}};
}
}  // namespace

TEST_CASE("checkout: the warehouse record maps to its calendar") {
  const auto s = bakery(5).warehouses.at("wh-1");
  CHECK_FALSE(s.unusable);
  CHECK(s.calendar.cutoff == std::chrono::minutes{14 * 60});
  CHECK(s.calendar.processing_days == core::calendar::WeekdaySet::mon_fri());
  CHECK(s.calendar.holidays == core::calendar::HolidaySetId::us_federal);
  CHECK(s.calendar.backlog_days == 5);
}

TEST_CASE("checkout: the cookie-gift case misses Christmas with every service; no claim below confidence") {
  const auto answer = answer_promise_request(cookie(), bakery(5), kNow);
  REQUIRE(std::holds_alternative<json>(answer));
  const json& j = std::get<json>(answer);
  REQUIRE(j["services"].size() == 3);
  for (const auto& s : j["services"]) {
    CHECK(s["deadlines"][0]["meets"] == false);
    CHECK(s["p50"].get<std::string>() > "2026-12-24");
  }
  // With no backlog, whatever is called met has P >= confidence.
  for (double conf : {0.5, 0.8, 0.9, 0.99}) {
    json req = cookie();
    req["confidence"] = conf;
    const json k = std::get<json>(answer_promise_request(req, bakery(0), kNow));
    for (const auto& s : k["services"]) {
      const auto& d = s["deadlines"][0];
      CHECK(d["meets"].get<bool>() == (d["probability"].get<double>() >= conf));
    }
  }
}

TEST_CASE("checkout: a carrier's recent slip moves the promise and is reported") {
  auto snap = bakery(0);
  json req = cookie();
  req["order_time"] = "2026-12-21T10:00:00-05:00";  // Monday: 2nd Day Air makes Wednesday 23rd
  const json before = std::get<json>(answer_promise_request(req, snap, kNow));
  const json& air = before["services"][1];
  REQUIRE(air["id"] == "ups-2nd-day-air");
  CHECK(air["deadlines"][0]["meets"] == true);
  CHECK_FALSE(air["model"].contains("carrier_slip"));
  // UPS 2nd Day Air has lately delivered three days after its estimates.
  snap.slips.emplace("ups-2nd-day-air", core::promise::ServiceSlip{core::eta::DayDistribution::exactly(3), 40, 31.5, 0.0});
  const json after = std::get<json>(answer_promise_request(req, snap, kNow));
  const json& late = after["services"][1];
  CHECK(late["p50"].get<std::string>() > air["p50"].get<std::string>());
  CHECK(late["deadlines"][0]["meets"] == false);
  CHECK(late["model"]["carrier_slip"]["mean_days"] == doctest::Approx(3.0));
  CHECK(late["model"]["carrier_slip"]["observations"] == 40);
  // The other services are untouched.
  CHECK(after["services"][2]["p50"] == before["services"][2]["p50"]);
  // A service without a slip of its own takes its carrier's.
  snap.slips.emplace("carrier:ups", core::promise::ServiceSlip{core::eta::DayDistribution::exactly(1), 90, 60.0, 0.0});
  const json pooled = std::get<json>(answer_promise_request(req, snap, kNow));
  CHECK(pooled["services"][1]["model"]["carrier_slip"]["mean_days"] == doctest::Approx(3.0));
  CHECK(pooled["services"][2]["model"]["carrier_slip"]["mean_days"] == doctest::Approx(1.0));
  CHECK(pooled["services"][2]["p50"].get<std::string>() > before["services"][2]["p50"].get<std::string>());
}

TEST_CASE("checkout: every bad field is named") {
  json req = cookie();
  req["warehouse_id"] = "nope";
  req["services"] = {"ups-ground", "warp"};
  req["events"] = {"Hanukkah"};
  req["destination"]["postal_code"] = "1";
  req["order_time"] = "2025-01-01T00:00:00Z";
  const auto answer = answer_promise_request(req, bakery(5), kNow);
  REQUIRE(std::holds_alternative<Problem>(answer));
  std::vector<std::string> pointers;
  for (const auto& e : std::get<Problem>(answer).errors) pointers.push_back(e.pointer);
  CHECK(pointers == std::vector<std::string>{"/warehouse_id", "/destination/postal_code", "/order_time", "/services/1",
                                             "/events/0"});
}
