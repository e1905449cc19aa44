#include "core/calendar/warehouse.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include <date/tz.h>

namespace forewarn::core::calendar {
namespace {

constexpr date::days kOneDay{1};

const date::time_zone* zone_of(const WarehouseCalendar& wh) { return date::locate_zone(wh.time_zone); }

void require_processing_days(const WarehouseCalendar& wh) {
  if (wh.processing_days.empty()) throw std::invalid_argument("WarehouseCalendar has no processing weekday");
}

Day next_processing_day_after(const WarehouseCalendar& wh, Day d) {
  do {
    d += kOneDay;
  } while (!is_processing_day(wh, d));
  return d;
}

Day previous_processing_day_before(const WarehouseCalendar& wh, Day d) {
  do {
    d -= kOneDay;
  } while (!is_processing_day(wh, d));
  return d;
}

}  // namespace

std::optional<std::string> validate(const WarehouseCalendar& wh) {
  try {
    (void)zone_of(wh);
  } catch (const std::exception&) {
    return "unknown time zone '" + wh.time_zone + "'";
  }
  if (wh.cutoff < std::chrono::minutes{0} || wh.cutoff > std::chrono::hours{24}) {
    return "cutoff must be between 00:00 and 24:00 local time";
  }
  if (wh.backlog_days < 0) return "backlog_days must not be negative";
  if (wh.processing_days.empty()) return "no processing weekday";
  return std::nullopt;
}

bool is_processing_day(const WarehouseCalendar& wh, Day local_day) {
  if (std::find(wh.closures.begin(), wh.closures.end(), local_day) != wh.closures.end()) return false;
  if (wh.holidays) {
    if (is_holiday(*wh.holidays, local_day)) return false;
    if (is_extra_working_day(*wh.holidays, local_day)) return true;
  }
  return wh.processing_days.contains(local_day);
}

Instant cutoff_instant(const WarehouseCalendar& wh, Day local_day) {
  const date::local_time<std::chrono::milliseconds> local = local_day + wh.cutoff;
  // choose::earliest: for an ambiguous time the first occurrence; for a
  // nonexistent one date/tz returns the instant of the transition.
  return zone_of(wh)->to_sys(local, date::choose::earliest);
}

Day handover_day(const WarehouseCalendar& wh, Instant order_instant) {
  require_processing_days(wh);
  const date::time_zone* zone = zone_of(wh);
  const Day local_day = date::floor<date::days>(zone->to_local(order_instant));
  Day day = (is_processing_day(wh, local_day) && order_instant < cutoff_instant(wh, local_day))
                ? local_day
                : next_processing_day_after(wh, local_day);
  for (int i = 0; i < wh.backlog_days; ++i) day = next_processing_day_after(wh, day);
  return day;
}

Instant latest_order_instant_for_handover(const WarehouseCalendar& wh, Day local_day) {
  require_processing_days(wh);
  // The latest processing day on or before local_day is the latest possible
  // hand-over; orders reach it when placed before the cutoff of the
  // processing day `backlog_days` processing days earlier.
  Day day = is_processing_day(wh, local_day) ? local_day : previous_processing_day_before(wh, local_day);
  for (int i = 0; i < wh.backlog_days; ++i) day = previous_processing_day_before(wh, day);
  return cutoff_instant(wh, day) - std::chrono::milliseconds{1};
}

}  // namespace forewarn::core::calendar
