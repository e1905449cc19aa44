#include <doctest/doctest.h>

#include "core/calendar/civil.hpp"

namespace cal = forewarn::core::calendar;

TEST_CASE("easter_sunday matches known dates (Meeus/Jones/Butcher)") {
  // Known Western Easter dates.
  CHECK(cal::format_day(cal::easter_sunday(1961)) == "1961-04-02");
  CHECK(cal::format_day(cal::easter_sunday(2000)) == "2000-04-23");
  CHECK(cal::format_day(cal::easter_sunday(2008)) == "2008-03-23");
  CHECK(cal::format_day(cal::easter_sunday(2011)) == "2011-04-24");
  CHECK(cal::format_day(cal::easter_sunday(2024)) == "2024-03-31");
  CHECK(cal::format_day(cal::easter_sunday(2025)) == "2025-04-20");
  CHECK(cal::format_day(cal::easter_sunday(2026)) == "2026-04-05");
  CHECK(cal::format_day(cal::easter_sunday(2027)) == "2027-03-28");
  CHECK(cal::format_day(cal::easter_sunday(2038)) == "2038-04-25");  // latest possible
  CHECK(cal::format_day(cal::easter_sunday(2285)) == "2285-03-22");  // earliest possible
  for (int y = 1900; y <= 2100; ++y) {
    const cal::Day e = cal::easter_sunday(y);
    CHECK(date::weekday{e} == date::Sunday);
    CHECK(e >= cal::make_day(y, 3, 22));
    CHECK(e <= cal::make_day(y, 4, 25));
  }
}

TEST_CASE("nth weekday of month") {
  using date::Monday;
  using date::Sunday;
  using date::Thursday;
  CHECK(cal::format_day(cal::nth_weekday(2026, 11, Thursday, 4)) == "2026-11-26");
  CHECK(cal::format_day(cal::nth_weekday(2026, 5, Sunday, 2)) == "2026-05-10");
  CHECK(cal::format_day(cal::nth_weekday(2026, 5, Monday, -1)) == "2026-05-25");
  CHECK(cal::format_day(cal::nth_weekday(2027, 5, Monday, -1)) == "2027-05-31");
  CHECK(cal::format_day(*cal::nth_weekday_of_month(2026, 8, Monday, -2)) == "2026-08-24");
  CHECK(cal::nth_weekday_of_month(2026, 2, Monday, 5) == std::nullopt);
  CHECK(cal::format_day(*cal::nth_weekday_of_month(2026, 3, Monday, 5)) == "2026-03-30");
  CHECK(cal::nth_weekday_of_month(2026, 2, Monday, 0) == std::nullopt);
  CHECK(cal::nth_weekday_of_month(2026, 13, Monday, 1) == std::nullopt);
  CHECK(cal::first_on_or_after(cal::make_day(2026, 6, 20), date::Saturday) == cal::make_day(2026, 6, 20));
  CHECK(cal::first_on_or_before(cal::make_day(2026, 6, 19), date::Saturday) == cal::make_day(2026, 6, 13));
}

TEST_CASE("parse_day and format_day") {
  CHECK(cal::parse_day("2026-12-25") == cal::make_day(2026, 12, 25));
  CHECK(cal::parse_day("2024-02-29").has_value());
  CHECK_FALSE(cal::parse_day("2026-02-29").has_value());
  CHECK_FALSE(cal::parse_day("2026-1-05").has_value());
  CHECK_FALSE(cal::parse_day("2026-13-01").has_value());
  CHECK_FALSE(cal::parse_day("20261225").has_value());
  CHECK_FALSE(cal::parse_day("2026-12-2x").has_value());
  CHECK(cal::year_of(cal::make_day(2021, 12, 31)) == 2021);
}

TEST_CASE("WeekdaySet") {
  using cal::WeekdaySet;
  CHECK(WeekdaySet::mon_fri().to_string() == "Mon-Fri");
  CHECK(WeekdaySet::tue_sat().to_string() == "Tue-Sat");
  CHECK(WeekdaySet::all().to_string() == "Mon-Sun");
  CHECK(WeekdaySet::none().to_string() == "none");
  CHECK(WeekdaySet::mon_fri().size() == 5);
  CHECK(WeekdaySet::range(date::Tuesday, date::Saturday) == WeekdaySet::tue_sat());
  CHECK(WeekdaySet::range(date::Saturday, date::Monday).to_string() == "Mon,Sat,Sun");
  CHECK(WeekdaySet{}.with(date::Monday).with(date::Wednesday).to_string() == "Mon,Wed");
  CHECK(WeekdaySet::mon_fri().contains(cal::make_day(2026, 12, 18)));   // Friday
  CHECK_FALSE(WeekdaySet::mon_fri().contains(cal::make_day(2026, 12, 19)));  // Saturday
  CHECK(WeekdaySet::all().without(date::Sunday) == WeekdaySet::mon_sat());
}
