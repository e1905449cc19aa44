// A warehouse's handling calendar: when does an order placed at a given
// instant leave the building (handed to the carrier)? Daily cutoff in the
// warehouse's local time, processing weekdays, closures, optional country
// holidays, and a declared backlog. Correct across DST changes: the cutoff is
// a wall-clock time, resolved to an instant per local day.
// Pure: the order instant is an argument; time zones come from date/tz.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar/civil.hpp"
#include "core/calendar/holidays.hpp"
#include "core/time.hpp"

namespace forewarn::core::calendar {

struct WarehouseCalendar {
  std::string time_zone = "UTC";  // IANA name, e.g. "America/New_York"
  // Local time of day; orders strictly before it ship that processing day.
  // 0 = nothing ships the day it is ordered; 24h = everything ordered on a
  // processing day ships that day.
  std::chrono::minutes cutoff{14 * 60};
  WeekdaySet processing_days = WeekdaySet::mon_fri();
  std::vector<Day> closures;              // local dates without processing
  std::optional<HolidaySetId> holidays;   // that set's holidays are closures too
  int backlog_days = 0;                   // processing days every order waits

  friend bool operator==(const WarehouseCalendar&, const WarehouseCalendar&) = default;
};

// nullopt when the calendar is usable, else what is wrong (unknown time zone,
// cutoff outside 0..24h, negative backlog, no processing weekday). Call it
// once when loading configuration; the functions below assume a valid one
// (they throw std::invalid_argument / std::runtime_error otherwise).
std::optional<std::string> validate(const WarehouseCalendar& wh);

// A processing day: a processing weekday (or, for China, an official make-up
// working day) that is neither a closure nor a holiday of `wh.holidays`.
bool is_processing_day(const WarehouseCalendar& wh, Day local_day);

// The instant at which the cutoff passes on `local_day`. When the wall-clock
// cutoff occurs twice (DST ends) it is the first occurrence; when it does not
// occur (DST starts) it is the instant the clocks jump.
Instant cutoff_instant(const WarehouseCalendar& wh, Day local_day);

// The local date on which an order placed at `order_instant` is handed to the
// carrier at the earliest: its local day when that is a processing day and
// the order is strictly before that day's cutoff instant, else the next
// processing day; then `backlog_days` further processing days. Monotone in
// `order_instant`.
Day handover_day(const WarehouseCalendar& wh, Instant order_instant);

// The inverse: the last instant (millisecond) at which an order is still
// handed over on or before `local_day`. For every valid calendar:
//   handover_day(wh, t) <= local_day            for t <= result, and
//   handover_day(wh, result + 1ms) > local_day.
Instant latest_order_instant_for_handover(const WarehouseCalendar& wh, Day local_day);

}  // namespace forewarn::core::calendar
