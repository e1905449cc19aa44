// Holiday calendars computed by rule (plus small, documented tables where no
// rule exists: US days of mourning, China's State Council schedules).
//
// Each set's rules and their sources are listed next to the code in
// holidays.cpp (US, carriers, Finland, Hungary, Brazil) and china.cpp.
// Pure functions: no I/O, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/civil.hpp"

namespace forewarn::core::calendar {

enum class HolidaySetId {
  none,        // no holidays at all
  us_federal,  // 5 U.S.C. 6103 federal holidays with observed days
  usps,        // = us_federal (the Postal Service observes the federal holidays)
  ups,         // the six US carrier holidays ("core six"), observed days
  fedex,       // = the six core
  dhl_us,      // = the six core (DHL Express USA)
  finland,
  hungary,
  china,       // mainland China, State Council schedule where known
  brazil,      // national holidays + Carnival and Corpus Christi
};

enum class HolidayKind {
  actual,    // the holiday's own date
  observed,  // a weekday standing in for a holiday that falls on a weekend
  one_off,   // declared once (e.g. a US national day of mourning)
  period,    // a day off inside an officially declared holiday period
             // (China's Spring Festival or Golden Week, incl. swapped days)
};

struct Holiday {
  Day day;
  // The holiday's own name, without " (observed)"; always points to static
  // storage (a string literal), so a Holiday is a cheap value to copy.
  std::string_view name;
  HolidayKind kind = HolidayKind::actual;
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// The name to show: "Christmas Day (observed)" for an observed day, else name.
std::string display_name(const Holiday& h);

// Every holiday whose (observed) day falls in the Gregorian `year`, sorted by
// day. An observed day can belong to the neighbouring year's holiday: US New
// Year's Day 2022 (a Saturday) is observed on Friday 31 Dec 2021 and thus
// listed in 2021. Several entries may share a day.
std::vector<Holiday> holidays_in_year(HolidaySetId set, int year);

// The holidays on one day (empty when it is an ordinary day).
std::vector<Holiday> holidays_on(HolidaySetId set, Day day);

// True when `day` is a day off in `set` (any kind above).
bool is_holiday(HolidaySetId set, Day day);

// Weekend days declared working days to compensate for swapped holidays
// (China's "调休" make-up days). Empty for every set but China, and for China
// only in the years of its schedule table (see china.hpp).
std::vector<Day> extra_working_days(HolidaySetId set, int year);
bool is_extra_working_day(HolidaySetId set, Day day);

// Stable lowercase names: "none", "us-federal", "usps", "ups", "fedex",
// "dhl-us", "finland", "hungary", "china", "brazil".
std::string_view to_string(HolidaySetId set);
// Accepts the names above and the country codes "US" (= us-federal), "FI",
// "HU", "CN", "BR" (case-insensitive). nullopt for anything else.
std::optional<HolidaySetId> holiday_set_from_string(std::string_view name);

// Building blocks, exposed for tests and for the event rules.
// US federal holidays of the rule year `year` (actual dates only, no
// observed days, no one-offs).
std::vector<Holiday> us_federal_actual(int year);
// 5 U.S.C. 6103(b): a holiday on Saturday is observed on the Friday before,
// on Sunday on the Monday after; nullopt on weekdays.
std::optional<Day> us_observed_day(Day actual);

}  // namespace forewarn::core::calendar
