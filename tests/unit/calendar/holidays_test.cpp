#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/calendar/china.hpp"
#include "core/calendar/holidays.hpp"

namespace cal = forewarn::core::calendar;
using cal::HolidaySetId;

namespace {
cal::Day d(const char* iso) { return *cal::parse_day(iso); }

// "YYYY-MM-DD name" lines of a set's year, for readable failures.
std::vector<std::string> listing(HolidaySetId set, int year) {
  std::vector<std::string> out;
  for (const auto& h : cal::holidays_in_year(set, year)) out.push_back(cal::format_day(h.day) + " " + cal::display_name(h));
  return out;
}

std::string name_on(HolidaySetId set, const char* iso) {
  const auto hs = cal::holidays_on(set, d(iso));
  return hs.empty() ? std::string{} : cal::display_name(hs.front());
}
}  // namespace

TEST_CASE("US federal: pinned dates and observed days") {
  CHECK(name_on(HolidaySetId::us_federal, "2026-11-26") == "Thanksgiving Day");
  // Independence Day 2026 is a Saturday: observed Friday 3 July.
  CHECK(name_on(HolidaySetId::us_federal, "2026-07-03") == "Independence Day (observed)");
  CHECK(cal::holidays_on(HolidaySetId::us_federal, d("2026-07-03")).front().kind == cal::HolidayKind::observed);
  // Christmas 2027 is a Saturday: observed Friday 24 December 2027.
  CHECK(name_on(HolidaySetId::us_federal, "2027-12-24") == "Christmas Day (observed)");
  // New Year's Day 2022 (Saturday) observed Friday 31 December 2021, listed in 2021.
  CHECK(name_on(HolidaySetId::us_federal, "2021-12-31") == "New Year's Day (observed)");
  CHECK_FALSE(cal::is_holiday(HolidaySetId::us_federal, d("2022-01-03")));
  // Sunday -> Monday: Christmas 2022.
  CHECK(name_on(HolidaySetId::us_federal, "2022-12-26") == "Christmas Day (observed)");
  // Juneteenth only from 2021 (first observed Friday 18 June 2021).
  CHECK_FALSE(cal::is_holiday(HolidaySetId::us_federal, d("2020-06-19")));
  CHECK(cal::is_holiday(HolidaySetId::us_federal, d("2021-06-18")));
  CHECK(cal::is_holiday(HolidaySetId::us_federal, d("2026-06-19")));
  CHECK(listing(HolidaySetId::us_federal, 2026) ==
        std::vector<std::string>{"2026-01-01 New Year's Day", "2026-01-19 Martin Luther King Jr. Day",
                                 "2026-02-16 Washington's Birthday", "2026-05-25 Memorial Day",
                                 "2026-06-19 Juneteenth National Independence Day",
                                 "2026-07-03 Independence Day (observed)", "2026-07-04 Independence Day",
                                 "2026-09-07 Labor Day", "2026-10-12 Columbus Day", "2026-11-11 Veterans Day",
                                 "2026-11-26 Thanksgiving Day", "2026-12-25 Christmas Day"});
}

TEST_CASE("carrier holiday sets") {
  // USPS = federal.
  for (int y = 2020; y <= 2030; ++y) {
    CHECK(cal::holidays_in_year(HolidaySetId::usps, y) == cal::holidays_in_year(HolidaySetId::us_federal, y));
  }
  // UPS, FedEx, DHL US: the six core holidays with observed days.
  for (auto set : {HolidaySetId::ups, HolidaySetId::fedex, HolidaySetId::dhl_us}) {
    CAPTURE(cal::to_string(set));
    CHECK(listing(set, 2027) == std::vector<std::string>{
                                    "2027-01-01 New Year's Day", "2027-05-31 Memorial Day",
                                    "2027-07-04 Independence Day", "2027-07-05 Independence Day (observed)",
                                    "2027-09-06 Labor Day", "2027-11-25 Thanksgiving Day",
                                    "2027-12-24 Christmas Day (observed)", "2027-12-25 Christmas Day",
                                    "2027-12-31 New Year's Day (observed)"});
    CHECK_FALSE(cal::is_holiday(set, d("2027-01-18")));  // MLK day: carriers work
    CHECK_FALSE(cal::is_holiday(set, d("2027-11-11")));  // Veterans Day: carriers work
  }
  CHECK(cal::is_holiday(HolidaySetId::usps, d("2027-11-11")));
  CHECK_FALSE(cal::is_holiday(HolidaySetId::none, d("2027-12-25")));
}

TEST_CASE("Finland") {
  CHECK(listing(HolidaySetId::finland, 2026) ==
        std::vector<std::string>{"2026-01-01 New Year's Day", "2026-01-06 Epiphany", "2026-04-03 Good Friday",
                                 "2026-04-05 Easter Sunday", "2026-04-06 Easter Monday", "2026-05-01 May Day",
                                 "2026-05-14 Ascension Day", "2026-05-24 Whit Sunday",
                                 "2026-06-19 Midsummer Eve", "2026-06-20 Midsummer Day",
                                 "2026-10-31 All Saints' Day", "2026-12-06 Independence Day",
                                 "2026-12-24 Christmas Eve", "2026-12-25 Christmas Day",
                                 "2026-12-26 St Stephen's Day"});
  for (int y = 2000; y <= 2050; ++y) {
    for (const auto& h : cal::holidays_in_year(HolidaySetId::finland, y)) {
      const auto md = date::year_month_day{h.day};
      if (h.name == "Midsummer Eve") {
        CHECK(date::weekday{h.day} == date::Friday);
        CHECK(md.month() == date::June);
        CHECK(md.day() >= date::day{19});
        CHECK(md.day() <= date::day{25});
      }
      if (h.name == "All Saints' Day") {
        CHECK(date::weekday{h.day} == date::Saturday);
        CHECK(h.day >= cal::make_day(y, 10, 31));
        CHECK(h.day <= cal::make_day(y, 11, 6));
      }
    }
  }
  CHECK(name_on(HolidaySetId::finland, "2027-05-06") == "Ascension Day");  // Easter 2027-03-28 + 39
}

TEST_CASE("Hungary") {
  CHECK(listing(HolidaySetId::hungary, 2026) ==
        std::vector<std::string>{"2026-01-01 New Year's Day", "2026-03-15 National Day (1848 Revolution)",
                                 "2026-04-03 Good Friday", "2026-04-05 Easter Sunday",
                                 "2026-04-06 Easter Monday", "2026-05-01 Labour Day", "2026-05-24 Whit Sunday",
                                 "2026-05-25 Whit Monday", "2026-08-20 State Foundation Day",
                                 "2026-10-23 National Day (1956 Revolution)", "2026-11-01 All Saints' Day",
                                 "2026-12-24 Christmas Eve", "2026-12-25 Christmas Day",
                                 "2026-12-26 Second Day of Christmas"});
  CHECK_FALSE(cal::is_holiday(HolidaySetId::hungary, d("2016-03-25")));  // Good Friday only from 2017
  CHECK(cal::is_holiday(HolidaySetId::hungary, d("2017-04-14")));
}

TEST_CASE("Brazil") {
  CHECK(name_on(HolidaySetId::brazil, "2027-02-09") == "Carnival Tuesday");  // Easter 2027-03-28 - 47
  CHECK(name_on(HolidaySetId::brazil, "2027-02-08") == "Carnival Monday");
  CHECK(listing(HolidaySetId::brazil, 2026) ==
        std::vector<std::string>{"2026-01-01 Confraternização Universal", "2026-02-16 Carnival Monday",
                                 "2026-02-17 Carnival Tuesday", "2026-04-03 Good Friday", "2026-04-21 Tiradentes",
                                 "2026-05-01 Labour Day", "2026-06-04 Corpus Christi",
                                 "2026-09-07 Independence Day", "2026-10-12 Nossa Senhora Aparecida",
                                 "2026-11-02 All Souls' Day", "2026-11-15 Proclamation of the Republic",
                                 "2026-11-20 Black Consciousness Day", "2026-12-25 Christmas Day"});
  CHECK_FALSE(cal::is_holiday(HolidaySetId::brazil, d("2023-11-20")));  // national only from 2024
  CHECK(cal::is_holiday(HolidaySetId::brazil, d("2024-11-20")));
  // Olist's data years: Carnival 2017 and 2018.
  CHECK(name_on(HolidaySetId::brazil, "2017-02-28") == "Carnival Tuesday");
  CHECK(name_on(HolidaySetId::brazil, "2018-02-13") == "Carnival Tuesday");
}

TEST_CASE("China: Spring Festival table and schedules") {
  CHECK(cal::china::spring_festival(2027) == d("2027-02-06"));  // pinned: Chinese New Year 2027
  CHECK(cal::china::spring_festival(2026) == d("2026-02-17"));
  CHECK(cal::china::spring_festival(2000) == d("2000-02-05"));
  CHECK(cal::china::spring_festival(2050) == d("2050-01-23"));
  CHECK(cal::china::spring_festival(1999) == std::nullopt);
  CHECK(cal::china::spring_festival(2051) == std::nullopt);
  // Lunar new year always falls between 21 Jan and 20 Feb, and consecutive
  // years are 353-355 or 383-385 days apart (12 or 13 lunar months).
  for (int y = 2000; y <= 2050; ++y) {
    const cal::Day sf = *cal::china::spring_festival(y);
    CHECK(sf >= cal::make_day(y, 1, 21));
    CHECK(sf <= cal::make_day(y, 2, 20));
    if (y > 2000) {
      const int gap = (sf - *cal::china::spring_festival(y - 1)).count();
      CAPTURE(y);
      CHECK(((gap >= 353 && gap <= 355) || (gap >= 383 && gap <= 385)));
    }
  }
  // Official 2025 schedule: Spring Festival 28 Jan .. 4 Feb, make-up Sunday 26 Jan.
  CHECK(cal::china::has_official_schedule(2025));
  CHECK(cal::is_holiday(HolidaySetId::china, d("2025-01-28")));
  CHECK(cal::is_holiday(HolidaySetId::china, d("2025-02-04")));
  CHECK_FALSE(cal::is_holiday(HolidaySetId::china, d("2025-02-05")));
  CHECK(cal::is_extra_working_day(HolidaySetId::china, d("2025-01-26")));
  CHECK(cal::is_holiday(HolidaySetId::china, d("2025-10-08")));  // National Day + Mid-Autumn, 8 days
  // 2024: the New Year period reaches back into 2023 but 2024 lists only 1 Jan.
  CHECK(cal::holidays_in_year(HolidaySetId::china, 2024).front().day == d("2024-01-01"));
  CHECK(cal::extra_working_days(HolidaySetId::china, 2024).size() == 8);
  CHECK(cal::extra_working_days(HolidaySetId::china, 2026).size() == 6);
  for (int y : {2024, 2025, 2026}) {
    for (cal::Day w : cal::extra_working_days(HolidaySetId::china, y)) {
      CAPTURE(cal::format_day(w));
      const auto wd = date::weekday{w};
      CHECK((wd == date::Saturday || wd == date::Sunday));  // make-up days are weekend days
      CHECK_FALSE(cal::is_holiday(HolidaySetId::china, w));
    }
  }
  // Golden Week in every year; 2027 (no official schedule yet) approximated:
  // Spring Festival eve (5 Feb) .. 7th day (12 Feb).
  CHECK_FALSE(cal::china::has_official_schedule(2027));
  for (int y = 2000; y <= 2050; ++y) {
    for (unsigned day = 1; day <= 7; ++day) CHECK(cal::is_holiday(HolidaySetId::china, cal::make_day(y, 10, day)));
  }
  CHECK_FALSE(cal::is_holiday(HolidaySetId::china, d("2027-02-04")));
  CHECK(cal::is_holiday(HolidaySetId::china, d("2027-02-05")));
  CHECK(cal::is_holiday(HolidaySetId::china, d("2027-02-12")));
  CHECK_FALSE(cal::is_holiday(HolidaySetId::china, d("2027-02-13")));
  CHECK(cal::extra_working_days(HolidaySetId::china, 2027).empty());
}

TEST_CASE("holiday set names") {
  CHECK(cal::holiday_set_from_string("FI") == HolidaySetId::finland);
  CHECK(cal::holiday_set_from_string("us") == HolidaySetId::us_federal);
  CHECK(cal::holiday_set_from_string("dhl-us") == HolidaySetId::dhl_us);
  CHECK(cal::holiday_set_from_string("BR") == HolidaySetId::brazil);
  CHECK(cal::holiday_set_from_string("mars") == std::nullopt);
  for (auto s : {HolidaySetId::none, HolidaySetId::us_federal, HolidaySetId::usps, HolidaySetId::ups,
                 HolidaySetId::fedex, HolidaySetId::dhl_us, HolidaySetId::finland, HolidaySetId::hungary,
                 HolidaySetId::china, HolidaySetId::brazil}) {
    CHECK(cal::holiday_set_from_string(cal::to_string(s)) == s);
  }
}

TEST_CASE("is_holiday agrees with holidays_on") {
  for (auto s : {HolidaySetId::us_federal, HolidaySetId::usps, HolidaySetId::ups, HolidaySetId::fedex,
                 HolidaySetId::dhl_us, HolidaySetId::finland, HolidaySetId::hungary, HolidaySetId::china,
                 HolidaySetId::brazil}) {
    CAPTURE(cal::to_string(s));
    for (int y : {2021, 2025, 2027}) {  // 31 Dec 2021 and 2027 are observed New Year's Days
      for (cal::Day day = cal::make_day(y, 1, 1); day <= cal::make_day(y, 12, 31); day += date::days{1}) {
        CAPTURE(cal::format_day(day));
        CHECK(cal::is_holiday(s, day) == !cal::holidays_on(s, day).empty());
      }
    }
  }
}
