// Cross-check of the US federal rules against shared reference data:
// $FOREWARN_SHARED_DIR/data/holidays/us_federal_holidays_1950_2050.csv
// (default shared dir: <repo>/../shared). Skips when the file is absent.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/calendar/holidays.hpp"

namespace cal = forewarn::core::calendar;

namespace {

#ifndef FOREWARN_SOURCE_DIR
#define FOREWARN_SOURCE_DIR "."
#endif

std::string shared_dir() {
  if (const char* env = std::getenv("FOREWARN_SHARED_DIR"); env != nullptr && *env != '\0') return env;
  return std::string(FOREWARN_SOURCE_DIR) + "/../shared";
}

// Splits one CSV record (RFC 4180 quoting, no embedded newlines).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

std::string kind_name(cal::HolidayKind k) {
  switch (k) {
    case cal::HolidayKind::actual: return "actual";
    case cal::HolidayKind::observed: return "observed";
    case cal::HolidayKind::one_off: return "one-off";
    case cal::HolidayKind::period: return "period";
  }
  return "?";
}

}  // namespace

TEST_CASE("US federal holidays 1990..2050 equal the shared reference CSV") {
  const std::string path = shared_dir() + "/data/holidays/us_federal_holidays_1950_2050.csv";
  std::ifstream in(path);
  if (!in) {
    MESSAGE("SKIPPED: reference file " << path
            << " not found (set FOREWARN_SHARED_DIR to the shared data directory to run this check)");
    return;
  }
  std::string line;
  REQUIRE(std::getline(in, line));
  REQUIRE(line.rfind("date,name,kind", 0) == 0);

  // date -> kinds present in the CSV (MLK appears twice under two names).
  std::map<cal::Day, std::set<std::string>> expected;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto f = split_csv(line);
    REQUIRE_MESSAGE(f.size() == 3, "bad CSV line: " << line);
    const auto day = cal::parse_day(f[0]);
    REQUIRE_MESSAGE(day.has_value(), "bad date in CSV: " << line);
    const int y = cal::year_of(*day);
    if (y < 1990 || y > 2050) continue;
    expected[*day].insert(f[2]);
    ++rows;
  }
  CHECK(rows > 600);

  std::map<cal::Day, std::set<std::string>> ours;
  for (int y = 1990; y <= 2050; ++y) {
    for (const auto& h : cal::holidays_in_year(cal::HolidaySetId::us_federal, y)) {
      ours[h.day].insert(kind_name(h.kind));
    }
  }
  // Every CSV date is a holiday of ours, of the same kind ...
  for (const auto& [day, kinds] : expected) {
    INFO("CSV date " << cal::format_day(day));
    REQUIRE(ours.count(day) == 1);
    CHECK(ours[day] == kinds);
  }
  // ... and we invent none.
  for (const auto& [day, kinds] : ours) {
    INFO("rule date " << cal::format_day(day));
    CHECK(expected.count(day) == 1);
  }
}
