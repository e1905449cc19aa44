// `forewarn report --season FILE --out DIR`: the binary reads a season.json,
// writes report.json and report.html, prints the summary; bad input is one
// line naming the JSON Pointer and a non-zero exit.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness.hpp"

namespace {

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// One order, one parcel late for Christmas and warned 30 h before.
const nlohmann::json kSeason = {
    {"seed", 3},
    {"from", "2025-12-20"},
    {"to", "2025-12-27"},
    {"orders",
     {{{"order_id", "o1"},
       {"placed_at", "2025-12-20T10:00:00Z"},
       {"customer_key", "c1"},
       {"stated_probability", 0.9},
       {"promise_met_stated", true},
       {"shipment_ids", {"s1"}}}}},
    {"shipments",
     {{{"shipment_id", "s1"},
       {"order_id", "o1"},
       {"deadline", "2025-12-24T22:00:00Z"},
       {"delivered_at", "2025-12-26T10:00:00Z"}}}},
    {"messages",
     {{{"id", "m1"},
       {"kind", "will_miss_deadline"},
       {"channel", "email"},
       {"status", "sent"},
       {"locale", "fi"},
       {"episode_keys", {"s1/will_miss_deadline/event:xmas/1"}},
       {"shipment_ids", {"s1"}},
       {"addressee_time_zone", "Europe/Helsinki"},
       {"sent_at", "2025-12-23T16:00:00Z"},
       {"subject", "Paketti"},
       {"body_text", "Hei <Anna>, kirjoita anna@example.fi"}}}}};

}  // namespace

TEST_CASE("forewarn report writes report.json and report.html from a season.json") {
  fwtest::TempDir dir;
  write(dir.path + "/season.json", kSeason.dump());
  const auto r = fwtest::run_forewarn({"report", "--season", dir.path + "/season.json", "--out", dir.path + "/out"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("warned >= 24 h before") != std::string::npos);
  CHECK(r.out.find("100.0% (1 of 1)") != std::string::npos);
  const auto report = nlohmann::json::parse(read(dir.path + "/out/report.json"));
  CHECK(report.at("late_shipments") == 1);
  CHECK(report.at("warned_24h_share") == 1.0);
  CHECK(report.at("median_lead_hours") == 30.0);
  const std::string html = read(dir.path + "/out/report.html");
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("Hei &lt;Anna&gt;") != std::string::npos);
  CHECK(html.find("anna@example.fi") == std::string::npos);
}

TEST_CASE("forewarn report rejects a bad season in one line naming the field") {
  fwtest::TempDir dir;
  auto bad = kSeason;
  bad["messages"][0]["sent_at"] = "tomorrow";
  write(dir.path + "/season.json", bad.dump());
  const auto r = fwtest::run_forewarn({"report", "--season", dir.path + "/season.json", "--out", dir.path + "/out"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("/messages/0/sent_at: must be an RFC 3339 date-time") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  write(dir.path + "/broken.json", "{\"orders\": [");
  CHECK(fwtest::run_forewarn({"report", "--season", dir.path + "/broken.json", "--out", dir.path + "/out"}).exit_code == 1);
  CHECK(fwtest::run_forewarn({"report", "--season", dir.path + "/season.json"}).exit_code == 2);
}
