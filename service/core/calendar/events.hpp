// Events a gift must arrive for ("by the end of 24 December", "Mother's Day"),
// as rules that yield a deadline instant in the recipient's time zone.
// Pure: `after` is an argument; time zones come from date/tz.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include <date/tz.h>

#include "core/calendar/civil.hpp"
#include "core/time.hpp"

namespace forewarn::core::calendar {

// One date, once (e.g. a wedding on 2027-06-12).
struct FixedDate {
  date::year_month_day date;
  friend bool operator==(const FixedDate&, const FixedDate&) = default;
};
// The same month/day every year (11 Nov, 24 Dec). 29 Feb: leap years only.
struct AnnualDate {
  unsigned month = 1;
  unsigned day = 1;
  friend bool operator==(const AnnualDate&, const AnnualDate&) = default;
};
// The n-th weekday of a month every year: n = 1..5, or -1..-5 from the end
// (fourth Thursday of November: {11, Thursday, 4}; last Monday of May:
// {5, Monday, -1}). Years without such a day (a fifth Sunday) are skipped.
struct NthWeekdayOfMonth {
  unsigned month = 1;
  date::weekday weekday = date::Sunday;
  int n = 1;
  friend bool operator==(const NthWeekdayOfMonth&, const NthWeekdayOfMonth&) = default;
};
// Easter Sunday (Gregorian) plus `days` (Good Friday: -2); |days| <= 366.
struct EasterRelative {
  int days = 0;
  friend bool operator==(const EasterRelative&, const EasterRelative&) = default;
};
// The lunar new year (Spring Festival) plus `days` (|days| <= 366); only
// for lunar new years 2000..2050.
struct ChineseNewYearRelative {
  int days = 0;
  friend bool operator==(const ChineseNewYearRelative&, const ChineseNewYearRelative&) = default;
};

using DateRule = std::variant<FixedDate, AnnualDate, NthWeekdayOfMonth, EasterRelative, ChineseNewYearRelative>;

struct EventRule {
  std::string name;
  DateRule date;
  // Deadline: this local time of day on the event's day (default: the end of
  // the day, 23:59:59). Must lie in [00:00, 24:00).
  std::chrono::seconds deadline_time = std::chrono::hours{23} + std::chrono::minutes{59} + std::chrono::seconds{59};
  // IANA zone of the deadline; nullopt = the recipient's zone (the usual
  // case). Set by the .ics importer for TZID or UTC ('Z') date-times.
  std::optional<std::string> time_zone;
  // Occurrences only for these rule years (inclusive) when set; see
  // occurrence_in_year for what a rule year is.
  std::optional<int> first_year;
  std::optional<int> last_year;

  friend bool operator==(const EventRule&, const EventRule&) = default;
};

// The day the rule gives for rule year `year` (ignores first/last_year), or
// nullopt when it gives none (no 29 Feb, no fifth Sunday, outside the lunar
// table). The rule year is the Gregorian year of the date, except for Easter-
// and lunar-relative rules: there it is the year of the Easter / lunar new
// year the offset starts from (lunar new year 2025 - 30 days is 30 Dec 2024).
std::optional<Day> occurrence_in_year(const DateRule& rule, int year);

// The first deadline instant strictly after `after`, with the deadline's
// local time taken in rule.time_zone if set, else in `recipient_zone`. A
// deadline time that occurs twice (DST ends) means its first occurrence; one
// that does not occur (DST starts) means the instant the clocks jump.
// nullopt when there is no further occurrence (a past fixed date, last_year
// passed, beyond the Chinese New Year table). Throws std::runtime_error when
// rule.time_zone is not a known zone.
std::optional<Instant> next_occurrence(const EventRule& rule, Instant after, const date::time_zone& recipient_zone);

}  // namespace forewarn::core::calendar
