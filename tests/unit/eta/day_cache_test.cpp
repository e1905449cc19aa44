#include <doctest/doctest.h>

#include <chrono>

#include "core/calendar/service_calendar.hpp"
#include "core/calendar/warehouse.hpp"
#include "core/eta/day_cache.hpp"

namespace cal = forewarn::core::calendar;
namespace eta = forewarn::core::eta;

TEST_CASE("cached holiday lookups give the calendar's answers") {
  eta::HolidayCache cache;  // a private one: 8 sets x 5 years also exercises replacement
  const cal::HolidaySetId sets[] = {cal::HolidaySetId::none,    cal::HolidaySetId::us_federal,
                                    cal::HolidaySetId::usps,    cal::HolidaySetId::ups,
                                    cal::HolidaySetId::finland, cal::HolidaySetId::hungary,
                                    cal::HolidaySetId::china,   cal::HolidaySetId::brazil};
  for (cal::Day d = cal::make_day(2023, 12, 25); d <= cal::make_day(2028, 1, 5); d += date::days{1}) {
    for (auto set : sets) {
      CAPTURE(cal::format_day(d));
      CAPTURE(cal::to_string(set));
      REQUIRE(cache.is_holiday(set, d) == cal::is_holiday(set, d));
      REQUIRE(cache.is_extra_working_day(set, d) == cal::is_extra_working_day(set, d));
    }
  }
}

TEST_CASE("cached predicates and the order-by inverse match the calendar") {
  eta::HolidayCache& cache = eta::thread_holiday_cache();
  cal::WarehouseCalendar wh;
  wh.time_zone = "Asia/Shanghai";
  wh.holidays = cal::HolidaySetId::china;  // make-up working days on weekends
  wh.closures = {cal::make_day(2026, 3, 4)};
  wh.backlog_days = 2;
  cal::ServiceCalendar sc{cal::WeekdaySet::mon_fri(), cal::WeekdaySet::tue_sat(), cal::HolidaySetId::ups,
                          {cal::make_day(2026, 11, 27)}};
  for (cal::Day d = cal::make_day(2026, 1, 1); d <= cal::make_day(2026, 12, 31); d += date::days{1}) {
    CAPTURE(cal::format_day(d));
    REQUIRE(eta::is_processing_day(wh, d, cache) == cal::is_processing_day(wh, d));
    REQUIRE(eta::is_pickup_day(sc, d, cache) == cal::is_pickup_day(sc, d));
    REQUIRE(eta::is_delivery_day(sc, d, cache) == cal::is_delivery_day(sc, d));
    if (cal::is_processing_day(wh, d)) {
      REQUIRE(eta::latest_order_instant(wh, d, cache) == cal::latest_order_instant_for_handover(wh, d));
    } else {
      REQUIRE_THROWS(eta::latest_order_instant(wh, d, cache));
    }
  }
}

TEST_CASE("cached hand-over day matches the calendar, across DST and holidays") {
  eta::HolidayCache& cache = eta::thread_holiday_cache();
  cal::WarehouseCalendar ny;
  ny.time_zone = "America/New_York";
  ny.holidays = cal::HolidaySetId::us_federal;
  ny.backlog_days = 3;
  cal::WarehouseCalendar cn;
  cn.time_zone = "Asia/Shanghai";
  cn.holidays = cal::HolidaySetId::china;
  cn.cutoff = std::chrono::hours{24};
  cal::WarehouseCalendar midnight;
  midnight.time_zone = "Europe/Helsinki";
  midnight.cutoff = std::chrono::minutes{0};
  midnight.processing_days = cal::WeekdaySet::all();
  const auto start = forewarn::Instant{date::sys_days{date::year{2026} / 1 / 1}.time_since_epoch()};
  for (const auto* wh : {&ny, &cn, &midnight}) {
    for (auto t = start; t < start + date::days{366}; t += std::chrono::minutes{253}) {
      CAPTURE(wh->time_zone);
      CAPTURE(date::format("%FT%TZ", t));
      REQUIRE(eta::handover_day(*wh, t, cache) == cal::handover_day(*wh, t));
    }
  }
}
