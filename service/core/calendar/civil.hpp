// Civil-calendar vocabulary of the promise engine: plain calendar days (no
// time zone attached), sets of weekdays, and the date rules that holiday and
// event calendars are built from (Easter, "nth weekday of a month", ...).
// Everything here is pure arithmetic: no I/O, no clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace forewarn::core::calendar {

// A day as printed on a calendar. It only becomes a span of instants together
// with a time zone (see warehouse.hpp / events.hpp).
using Day = date::local_days;

// Builds a Day from year/month/day numbers; the caller promises validity
// (use `parse_day` for untrusted input).
Day make_day(int y, unsigned m, unsigned d);
// The same day from a std::chrono date (as the store reads DATE columns).
Day day_of(std::chrono::year_month_day d);

// "2026-12-25". Years outside 0000..9999 are formatted by date::format.
std::string format_day(Day d);
// Strict "YYYY-MM-DD" with a valid calendar date, else nullopt.
std::optional<Day> parse_day(std::string_view text);

// The Gregorian calendar year that contains `d`.
int year_of(Day d);

// Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm
// (Meeus/Jones/Butcher; J. Meeus, "Astronomical Algorithms", 2nd ed., ch. 8).
// Valid for every year from 1583 on.
Day easter_sunday(int year);

// The n-th (n = 1..5) given weekday of a month, e.g. the fourth Thursday of
// November; n = -1 .. -5 counts from the end (-1 = last). nullopt when the
// month has no such day (a fifth Monday, say) or n is 0 / out of range.
std::optional<Day> nth_weekday_of_month(int year, unsigned month, date::weekday wd, int n);

// Like nth_weekday_of_month for n in 1..4 and -1, which always exist.
Day nth_weekday(int year, unsigned month, date::weekday wd, int n);

// The first day on or after `from` (on or before for `first_on_or_before`)
// that falls on weekday `wd`.
Day first_on_or_after(Day from, date::weekday wd);
Day first_on_or_before(Day from, date::weekday wd);

// A set of weekdays, e.g. "Monday to Friday". A small value type.
class WeekdaySet {
 public:
  constexpr WeekdaySet() = default;
  static constexpr WeekdaySet none() { return WeekdaySet{}; }
  static constexpr WeekdaySet all() { return WeekdaySet{0x7F}; }
  static constexpr WeekdaySet mon_fri() { return WeekdaySet{0x3E}; }  // bits 1..5
  static constexpr WeekdaySet mon_sat() { return WeekdaySet{0x7E}; }
  static constexpr WeekdaySet tue_sat() { return WeekdaySet{0x7C}; }
  // Inclusive range in the order Mon..Sun, e.g. range(Tuesday, Saturday).
  // Wraps around the week: range(Saturday, Monday) = Sat, Sun, Mon.
  static WeekdaySet range(date::weekday first, date::weekday last);

  constexpr WeekdaySet with(date::weekday wd) const {
    return WeekdaySet{static_cast<std::uint8_t>(bits_ | (1u << wd.c_encoding()))};
  }
  constexpr WeekdaySet without(date::weekday wd) const {
    return WeekdaySet{static_cast<std::uint8_t>(bits_ & ~(1u << wd.c_encoding()))};
  }
  constexpr bool contains(date::weekday wd) const { return (bits_ >> wd.c_encoding()) & 1u; }
  bool contains(Day d) const { return contains(date::weekday{d}); }
  constexpr bool empty() const { return bits_ == 0; }
  // Number of weekdays in the set (0..7).
  int size() const;
  // "Mon-Fri", "Tue-Sat", "Mon,Wed,Fri", "none": for logs and tests.
  std::string to_string() const;

  friend constexpr bool operator==(WeekdaySet, WeekdaySet) = default;

 private:
  constexpr explicit WeekdaySet(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_ = 0;  // bit i = weekday with c_encoding i (0 = Sunday)
};

// The API's weekday names: "mon", "tue", "wed", "thu", "fri", "sat", "sun".
std::optional<date::weekday> parse_weekday_name(std::string_view name);
bool is_weekday_name(const std::string& name);
// The set of the names (names that are not weekday names are ignored).
WeekdaySet weekday_set_of(const std::vector<std::string>& names);
// The names of the set's days in week order, Monday first.
std::vector<std::string> weekday_names(WeekdaySet set);
// Sorts weekday names into week order, Monday first.
void sort_weekday_names(std::vector<std::string>& names);

}  // namespace forewarn::core::calendar
