#include <doctest/doctest.h>

#include <date/tz.h>

#include "core/calendar/events.hpp"

namespace cal = forewarn::core::calendar;
using forewarn::Instant;

namespace {
cal::Day d(const char* iso) { return *cal::parse_day(iso); }
Instant utc(const char* iso_day, int h = 0, int m = 0) {
  return Instant{date::sys_days{d(iso_day).time_since_epoch()} + std::chrono::hours{h} + std::chrono::minutes{m}};
}
std::string next(const cal::EventRule& rule, Instant after, const char* tz) {
  const auto t = cal::next_occurrence(rule, after, *date::locate_zone(tz));
  return t ? date::format("%FT%TZ", date::floor<std::chrono::seconds>(*t)) : "none";
}
cal::EventRule rule(const char* name, cal::DateRule r) {
  cal::EventRule e;  // default deadline: 23:59:59 local
  e.name = name;
  e.date = r;
  return e;
}
}  // namespace

TEST_CASE("occurrence_in_year") {
  using date::Monday;
  using date::Sunday;
  using date::Thursday;
  CHECK(cal::occurrence_in_year(cal::NthWeekdayOfMonth{11, Thursday, 4}, 2026) == d("2026-11-26"));
  CHECK(cal::occurrence_in_year(cal::NthWeekdayOfMonth{5, Sunday, 2}, 2027) == d("2027-05-09"));
  CHECK(cal::occurrence_in_year(cal::NthWeekdayOfMonth{5, Monday, -1}, 2026) == d("2026-05-25"));
  CHECK(cal::occurrence_in_year(cal::NthWeekdayOfMonth{2, Monday, 5}, 2026) == std::nullopt);
  CHECK(cal::occurrence_in_year(cal::AnnualDate{11, 11}, 2026) == d("2026-11-11"));
  CHECK(cal::occurrence_in_year(cal::AnnualDate{2, 29}, 2027) == std::nullopt);
  CHECK(cal::occurrence_in_year(cal::EasterRelative{-2}, 2027) == d("2027-03-26"));
  CHECK(cal::occurrence_in_year(cal::ChineseNewYearRelative{0}, 2027) == d("2027-02-06"));
  CHECK(cal::occurrence_in_year(cal::ChineseNewYearRelative{-1}, 2027) == d("2027-02-05"));
  // Rule years of relative rules are the anchor's year: lunar new year 2025
  // (29 Jan) - 30 days is 30 Dec 2024.
  CHECK(cal::occurrence_in_year(cal::ChineseNewYearRelative{-30}, 2025) == d("2024-12-30"));
  CHECK(cal::occurrence_in_year(cal::ChineseNewYearRelative{-30}, 2024) == d("2024-01-11"));
  CHECK(cal::occurrence_in_year(cal::EasterRelative{-300}, 2027) == d("2026-06-01"));
  CHECK(cal::occurrence_in_year(cal::ChineseNewYearRelative{0}, 2051) == std::nullopt);
  CHECK(cal::occurrence_in_year(cal::FixedDate{date::year{2027} / 6 / 12}, 2027) == d("2027-06-12"));
  CHECK(cal::occurrence_in_year(cal::FixedDate{date::year{2027} / 6 / 12}, 2026) == std::nullopt);
}

TEST_CASE("next_occurrence gives the deadline instant in the recipient's zone") {
  // "Arrive by the end of 24 December", recipient in New York (EST, UTC-5).
  const auto xmas_eve = rule("Christmas Eve", cal::AnnualDate{12, 24});
  CHECK(next(xmas_eve, utc("2026-12-01"), "America/New_York") == "2026-12-25T04:59:59Z");
  CHECK(next(xmas_eve, utc("2026-12-01"), "Europe/Helsinki") == "2026-12-24T21:59:59Z");
  // Strictly after: at the deadline itself, the next one is a year later.
  CHECK(next(xmas_eve, utc("2026-12-25", 4, 59) + std::chrono::seconds{59}, "America/New_York") ==
        "2027-12-25T04:59:59Z");
  // 1 second before the deadline, it is still this year's.
  CHECK(next(xmas_eve, utc("2026-12-25", 4, 59) + std::chrono::seconds{58}, "America/New_York") ==
        "2026-12-25T04:59:59Z");

  CHECK(next(rule("Thanksgiving", cal::NthWeekdayOfMonth{11, date::Thursday, 4}), utc("2026-06-01"),
             "America/Chicago") == "2026-11-27T05:59:59Z");
  CHECK(next(rule("Mother's Day", cal::NthWeekdayOfMonth{5, date::Sunday, 2}), utc("2026-06-01"),
             "America/Los_Angeles") == "2027-05-10T06:59:59Z");  // 9 May 2027, PDT
  CHECK(next(rule("Singles' Day", cal::AnnualDate{11, 11}), utc("2026-01-01"), "Asia/Shanghai") ==
        "2026-11-11T15:59:59Z");
  CHECK(next(rule("Leap", cal::AnnualDate{2, 29}), utc("2026-01-01"), "UTC") == "2028-02-29T23:59:59Z");
  CHECK(next(rule("Good Friday", cal::EasterRelative{-2}), utc("2027-01-01"), "Europe/Helsinki") ==
        "2027-03-26T21:59:59Z");
  CHECK(next(rule("Chinese New Year's Eve", cal::ChineseNewYearRelative{-1}), utc("2026-03-01"),
             "Asia/Shanghai") == "2027-02-05T15:59:59Z");
  CHECK(next(rule("Chinese New Year", cal::ChineseNewYearRelative{0}), utc("2050-02-01"), "Asia/Shanghai") ==
        "none");  // beyond the table
  // Two occurrences in Gregorian 2024 (11 Jan and 30 Dec): both are found.
  const auto month_before = rule("Month before lunar new year", cal::ChineseNewYearRelative{-30});
  CHECK(next(month_before, utc("2024-02-01"), "UTC") == "2024-12-30T23:59:59Z");
  CHECK(next(month_before, utc("2024-01-01"), "UTC") == "2024-01-11T23:59:59Z");
  CHECK(next(rule("Wedding", cal::FixedDate{date::year{2027} / 6 / 12}), utc("2026-01-01"), "Europe/Budapest") ==
        "2027-06-12T21:59:59Z");
  CHECK(next(rule("Wedding", cal::FixedDate{date::year{2027} / 6 / 12}), utc("2027-07-01"), "Europe/Budapest") ==
        "none");
}

TEST_CASE("next_occurrence: deadline time, rule zone, year bounds") {
  auto party = rule("Party", cal::AnnualDate{3, 8});
  party.deadline_time = std::chrono::hours{2} + std::chrono::minutes{30};  // 02:30 does not exist on 8 Mar 2026 in NY
  CHECK(next(party, utc("2026-03-01"), "America/New_York") == "2026-03-08T07:00:00Z");  // the jump
  party.time_zone = "Europe/Helsinki";  // overrides the recipient's zone
  CHECK(next(party, utc("2026-03-01"), "America/New_York") == "2026-03-08T00:30:00Z");
  auto bounded = rule("Bounded", cal::AnnualDate{11, 11});
  bounded.first_year = 2040;
  CHECK(next(bounded, utc("2026-01-01"), "UTC") == "2040-11-11T23:59:59Z");
  bounded.first_year.reset();
  bounded.last_year = 2026;
  CHECK(next(bounded, utc("2026-01-01"), "UTC") == "2026-11-11T23:59:59Z");
  CHECK(next(bounded, utc("2026-12-01"), "UTC") == "none");
}
