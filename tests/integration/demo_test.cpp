// `forewarn demo` end to end (issue 6): a shortened season (a few hundred
// orders over the week before Christmas, with the bakery's backlog and the
// weather day) through the real binary, its simulators, SMTP and SMS, then
// the invariants from report.json: no duplicate message, none in quiet hours,
// every late shipment either warned or explained.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness.hpp"

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), path);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

// A count, or a list of the shipments it counts.
std::size_t count_of(const nlohmann::json& j) { return j.is_array() ? j.size() : j.get<std::size_t>(); }

}  // namespace

// The season spans Christmas (14-27 December), so the event deadlines fall
// inside it. The replay takes 150 real seconds: one simulated hour passes in
// 0.45 s. Faster (60 s), the sanitizer build's SMTP dispatch (about 50
// messages a second) falls hours of simulated time behind the 08:00 burst of
// messages held overnight, and warnings decided on Christmas Eve afternoon
// reach the shopper after the deadline (measured 2026-11-23: 17 such
// shipments at 60 s, none at 120 s).
TEST_CASE("forewarn demo: a shortened season leaves no duplicate, nothing in quiet hours, no unexplained surprise") {
  fwtest::TempDir dir;
  const std::string out = dir.path + "/report";
  const auto r = fwtest::run_forewarn({"demo", "--seed", "3", "--orders", "300", "--from", "2026-12-14", "--to",
                                       "2026-12-27", "--replay-seconds", "150", "--exit", "--port", "0", "--out", out,
                                       "--data-dir", dir.path + "/pg"});
  INFO(r.out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("report: ") != std::string::npos);
  for (const char* f : {"report.json", "report.html", "season.json", "scenario.json"})
    CHECK_MESSAGE(std::filesystem::exists(out + "/" + f), f);

  // The season really went through forewarn: every order placed, its parcels registered.
  const auto season = read_json(out + "/season.json");
  REQUIRE(season.contains("orders"));
  CHECK(season["orders"].size() == 300);
  CHECK(season["shipments"].size() > 300);

  const auto report = read_json(out + "/report.json");
  for (const char* key : {"late_shipments", "warned_24h_share", "median_lead_hours", "false_alarm_share",
                          "found_out_themselves", "duplicates", "quiet_hour_messages", "calibration"})
    CHECK_MESSAGE(report.contains(key), key);
  REQUIRE(report.contains("duplicates"));
  CHECK(count_of(report["duplicates"]) == 0);
  REQUIRE(report.contains("quiet_hour_messages"));
  CHECK(count_of(report["quiet_hour_messages"]) == 0);
  REQUIRE(report.contains("found_out_themselves_unexplained"));
  CHECK(count_of(report["found_out_themselves_unexplained"]) == 0);
  // Not vacuous: the season has late shipments, and they were warned.
  REQUIRE(report.contains("late_shipments"));
  CHECK(report["late_shipments"].get<int>() >= 50);
  CHECK(report["warned_before_deadline"].get<int>() >= report["late_shipments"].get<int>() * 9 / 10);
}
