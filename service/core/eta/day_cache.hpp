// Cheap calendar predicates for the promise engine's inner loops.
//
// calendar::is_holiday recomputes a year's holiday rules on every call (a few
// hundred nanoseconds to microseconds); the promise engine asks it dozens of
// times per service option. HolidayCache keeps the answer for a (holiday set,
// year) as two 366-bit sets, built once from calendar::holidays_in_year and
// calendar::extra_working_days, so the answers are the calendar's own. The
// predicates below are the calendar's predicates (same rules, same order),
// with the holiday lookups going through the cache; tests check equality.
//
// One cache per thread (thread_holiday_cache()): no locks, no shared state,
// nothing observable but speed. Holiday rules are compiled in, so an entry
// never goes stale.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>

#include "core/calendar/civil.hpp"
#include "core/calendar/holidays.hpp"
#include "core/calendar/service_calendar.hpp"
#include "core/calendar/warehouse.hpp"
#include "core/time.hpp"

namespace forewarn::core::eta {

class HolidayCache {
 public:
  bool is_holiday(calendar::HolidaySetId set, calendar::Day day);
  bool is_extra_working_day(calendar::HolidaySetId set, calendar::Day day);

 private:
  struct Year {
    bool used = false;
    calendar::HolidaySetId set = calendar::HolidaySetId::none;
    calendar::Day first{};  // 1 January
    int length = 0;         // 365 or 366
    std::bitset<366> off;
    std::bitset<366> extra;
  };
  const Year& year_for(calendar::HolidaySetId set, calendar::Day day);

  static constexpr std::size_t kSlots = 16;
  std::array<Year, kSlots> years_{};
  std::size_t last_hit_ = 0;
  std::size_t next_free_ = 0;  // round-robin replacement
};

// The calling thread's cache.
HolidayCache& thread_holiday_cache();

// Same answers as calendar::is_processing_day / is_pickup_day / is_delivery_day.
bool is_processing_day(const calendar::WarehouseCalendar& wh, calendar::Day day, HolidayCache& cache);
bool is_pickup_day(const calendar::ServiceCalendar& cal, calendar::Day day, HolidayCache& cache);
bool is_delivery_day(const calendar::ServiceCalendar& cal, calendar::Day day, HolidayCache& cache);

// Same answer as calendar::handover_day (the calendar's rules, holidays from
// the cache). Throws std::invalid_argument without processing weekdays.
calendar::Day handover_day(const calendar::WarehouseCalendar& wh, Instant order_instant, HolidayCache& cache);

// Same answer as calendar::latest_order_instant_for_handover for a processing
// day `handover` (the last instant whose order is handed over on or before
// it): `backlog_days` processing days earlier, one millisecond before the
// cutoff. Throws std::invalid_argument when `handover` is not a processing day.
Instant latest_order_instant(const calendar::WarehouseCalendar& wh, calendar::Day handover, HolidayCache& cache);

}  // namespace forewarn::core::eta
