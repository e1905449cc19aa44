// Shared helpers of the promise-engine tests.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/calendar/carrier_services.hpp"
#include "core/calendar/warehouse.hpp"
#include "core/eta/promise.hpp"

namespace eta_test {

namespace cal = forewarn::core::calendar;
namespace eta = forewarn::core::eta;
using forewarn::Instant;

inline cal::Day day(const char* iso) { return *cal::parse_day(iso); }

inline const date::time_zone* zone(const char* name) { return date::locate_zone(name); }

// A local wall-clock time in `tz` as an instant.
inline Instant local(const char* tz, const char* iso_day, int h, int m, int s = 0) {
  const auto t = day(iso_day) + std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
  return std::chrono::time_point_cast<std::chrono::milliseconds>(zone(tz)->to_sys(t, date::choose::earliest));
}

inline Instant end_of_day(const char* tz, const char* iso_day) { return local(tz, iso_day, 23, 59, 59); }

inline std::string iso(Instant t) { return date::format("%FT%TZ", t); }

// The cookie-gift warehouse: New York, cutoff 14:00, Mon-Fri, US federal holidays.
inline cal::WarehouseCalendar ny_warehouse(int backlog_days) {
  cal::WarehouseCalendar wh;
  wh.time_zone = "America/New_York";
  wh.cutoff = std::chrono::hours{14};
  wh.processing_days = cal::WeekdaySet::mon_fri();
  wh.holidays = cal::HolidaySetId::us_federal;
  wh.backlog_days = backlog_days;
  return wh;
}

inline eta::ServiceOption carrier(const char* id) { return eta::nominal_option(*cal::find_carrier_service(id)); }

// Order from the New York warehouse to a New York recipient, three UPS
// services, deadline Christmas = the end of 24 Dec 2026 in New York.
inline eta::PromiseInput ups_christmas(Instant order, int backlog_days) {
  eta::PromiseInput in;
  in.order_instant = order;
  in.warehouse = ny_warehouse(backlog_days);
  in.services = {carrier("ups-ground"), carrier("ups-2nd-day-air"), carrier("ups-next-day-air")};
  in.destination_zone = zone("America/New_York");
  in.deadlines = {{"Christmas", end_of_day("America/New_York", "2026-12-24")}};
  return in;
}

// P(by deadline 0) of service `i` for an order at `t`.
inline double p_at(eta::PromiseInput in, Instant t, std::size_t i = 0) {
  in.order_instant = t;
  return eta::compute_promise(in).services.at(i).deadlines.at(0).probability;
}

}  // namespace eta_test
