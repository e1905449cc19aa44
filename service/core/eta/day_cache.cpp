#include "core/eta/day_cache.hpp"

#include <algorithm>
#include <stdexcept>

#include <date/tz.h>

namespace forewarn::core::eta {
namespace {

namespace cal = calendar;
constexpr date::days kOneDay{1};

// Upper bound of days scanned for the next/previous processing day; no real
// calendar comes close (it would need a year of closures).
constexpr int kMaxScan = 3700;

bool listed(const std::vector<cal::Day>& days, cal::Day day) {
  return std::find(days.begin(), days.end(), day) != days.end();
}

}  // namespace

const HolidayCache::Year& HolidayCache::year_for(cal::HolidaySetId set, cal::Day day) {
  const auto covers = [set, day](const Year& y) {
    return y.used && y.set == set && day >= y.first && day < y.first + date::days{y.length};
  };
  if (covers(years_[last_hit_])) return years_[last_hit_];
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (covers(years_[i])) {
      last_hit_ = i;
      return years_[i];
    }
  }
  const int year = cal::year_of(day);
  Year& y = years_[next_free_];
  last_hit_ = next_free_;
  next_free_ = (next_free_ + 1) % kSlots;
  y = Year{};
  y.set = set;
  y.first = cal::make_day(year, 1, 1);
  y.length = static_cast<int>((cal::make_day(year + 1, 1, 1) - y.first).count());
  for (const auto& h : cal::holidays_in_year(set, year)) {
    y.off.set(static_cast<std::size_t>((h.day - y.first).count()));
  }
  for (const auto& d : cal::extra_working_days(set, year)) {
    y.extra.set(static_cast<std::size_t>((d - y.first).count()));
  }
  y.used = true;
  return y;
}

bool HolidayCache::is_holiday(cal::HolidaySetId set, cal::Day day) {
  if (set == cal::HolidaySetId::none) return false;
  const Year& y = year_for(set, day);
  return y.off.test(static_cast<std::size_t>((day - y.first).count()));
}

bool HolidayCache::is_extra_working_day(cal::HolidaySetId set, cal::Day day) {
  if (set != cal::HolidaySetId::china) return false;  // as calendar::is_extra_working_day
  const Year& y = year_for(set, day);
  return y.extra.test(static_cast<std::size_t>((day - y.first).count()));
}

HolidayCache& thread_holiday_cache() {
  thread_local HolidayCache cache;
  return cache;
}

bool is_processing_day(const cal::WarehouseCalendar& wh, cal::Day day, HolidayCache& cache) {
  if (listed(wh.closures, day)) return false;
  if (wh.holidays) {
    if (cache.is_holiday(*wh.holidays, day)) return false;
    if (cache.is_extra_working_day(*wh.holidays, day)) return true;
  }
  return wh.processing_days.contains(day);
}

bool is_pickup_day(const cal::ServiceCalendar& c, cal::Day day, HolidayCache& cache) {
  return c.pickup_days.contains(day) && !listed(c.closures, day) && !cache.is_holiday(c.holidays, day);
}

bool is_delivery_day(const cal::ServiceCalendar& c, cal::Day day, HolidayCache& cache) {
  return c.delivery_days.contains(day) && !listed(c.closures, day) && !cache.is_holiday(c.holidays, day);
}

cal::Day handover_day(const cal::WarehouseCalendar& wh, Instant order_instant, HolidayCache& cache) {
  if (wh.processing_days.empty()) throw std::invalid_argument("WarehouseCalendar has no processing weekday");
  const auto next_after = [&](cal::Day d) {
    int scanned = 0;
    do {
      d += kOneDay;
      if (++scanned > kMaxScan) throw std::invalid_argument("warehouse calendar has no processing day");
    } while (!is_processing_day(wh, d, cache));
    return d;
  };
  const cal::Day local_day = date::floor<date::days>(date::locate_zone(wh.time_zone)->to_local(order_instant));
  cal::Day day = (is_processing_day(wh, local_day, cache) && order_instant < cal::cutoff_instant(wh, local_day))
                     ? local_day
                     : next_after(local_day);
  for (int i = 0; i < wh.backlog_days; ++i) day = next_after(day);
  return day;
}

Instant latest_order_instant(const cal::WarehouseCalendar& wh, cal::Day handover, HolidayCache& cache) {
  if (!is_processing_day(wh, handover, cache)) {
    throw std::invalid_argument("latest_order_instant: hand-over day is not a processing day");
  }
  cal::Day day = handover;
  for (int i = 0; i < wh.backlog_days; ++i) {
    int scanned = 0;
    do {
      day -= kOneDay;
      if (++scanned > kMaxScan) throw std::invalid_argument("warehouse calendar has no processing day");
    } while (!is_processing_day(wh, day, cache));
  }
  return cal::cutoff_instant(wh, day) - std::chrono::milliseconds{1};
}

}  // namespace forewarn::core::eta
