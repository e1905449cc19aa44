#include "core/calendar/events.hpp"

#include <type_traits>

#include "core/calendar/china.hpp"

namespace forewarn::core::calendar {
namespace {

// Enough rule years to find the next 29 February (at most 8 years away
// across a skipped century leap year) or a fifth weekday of a month.
constexpr int kSearchYears = 10;

}  // namespace

std::optional<Day> occurrence_in_year(const DateRule& rule, int year) {
  return std::visit(
      [year](const auto& r) -> std::optional<Day> {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, FixedDate>) {
          if (!r.date.ok() || static_cast<int>(r.date.year()) != year) return std::nullopt;
          return Day{r.date};
        } else if constexpr (std::is_same_v<T, AnnualDate>) {
          const date::year_month_day ymd{date::year{year}, date::month{r.month}, date::day{r.day}};
          if (!ymd.ok()) return std::nullopt;
          return Day{ymd};
        } else if constexpr (std::is_same_v<T, NthWeekdayOfMonth>) {
          return nth_weekday_of_month(year, r.month, r.weekday, r.n);
        } else if constexpr (std::is_same_v<T, EasterRelative>) {
          return easter_sunday(year) + date::days{r.days};
        } else {
          const auto sf = china::spring_festival(year);
          if (!sf) return std::nullopt;
          return *sf + date::days{r.days};
        }
      },
      rule);
}

std::optional<Instant> next_occurrence(const EventRule& rule, Instant after, const date::time_zone& recipient_zone) {
  const date::time_zone* zone = rule.time_zone ? date::locate_zone(*rule.time_zone) : &recipient_zone;
  // Start one rule year early: an Easter- or lunar-relative day of the
  // previous rule year can fall into `after`'s local year. Rule years give
  // increasing days, so the first deadline after `after` is the answer.
  int start_year = year_of(date::floor<date::days>(zone->to_local(after))) - 1;
  if (rule.first_year && *rule.first_year > start_year) start_year = *rule.first_year;
  for (int year = start_year; year <= start_year + kSearchYears; ++year) {
    if (rule.last_year && year > *rule.last_year) return std::nullopt;
    const auto day = occurrence_in_year(rule.date, year);
    if (!day) continue;
    const date::local_time<std::chrono::milliseconds> local = *day + rule.deadline_time;
    const Instant deadline = zone->to_sys(local, date::choose::earliest);
    if (deadline > after) return deadline;
  }
  return std::nullopt;
}

}  // namespace forewarn::core::calendar
