#include <doctest/doctest.h>

#include <chrono>

#include <date/tz.h>

#include "core/calendar/warehouse.hpp"

namespace cal = forewarn::core::calendar;
using forewarn::Instant;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

namespace {
cal::Day d(const char* iso) { return *cal::parse_day(iso); }

Instant utc(const char* iso_day, int h, int m, int s = 0) {
  return Instant{date::sys_days{d(iso_day).time_since_epoch()} + hours{h} + minutes{m} + std::chrono::seconds{s}};
}

std::string fmt(Instant t) { return date::format("%FT%TZ", t); }

cal::WarehouseCalendar seven_days(const char* tz) {
  cal::WarehouseCalendar wh;
  wh.time_zone = tz;
  wh.cutoff = hours{14};
  wh.processing_days = cal::WeekdaySet::all();
  return wh;
}

// The defining property of the inverse, checked for a range of days.
void check_inverse(const cal::WarehouseCalendar& wh, cal::Day first, int days) {
  for (int i = 0; i < days; ++i) {
    const cal::Day day = first + date::days{i};
    CAPTURE(cal::format_day(day));
    const Instant last = cal::latest_order_instant_for_handover(wh, day);
    CHECK(cal::handover_day(wh, last) <= day);
    CHECK(cal::handover_day(wh, last + milliseconds{1}) > day);
  }
}
}  // namespace

TEST_CASE("validate") {
  cal::WarehouseCalendar wh;
  CHECK(cal::validate(wh) == std::nullopt);
  wh.time_zone = "Mars/Olympus_Mons";
  CHECK(cal::validate(wh) == std::string("unknown time zone 'Mars/Olympus_Mons'"));
  wh = {};
  wh.cutoff = hours{25};
  CHECK(cal::validate(wh).has_value());
  wh = {};
  wh.backlog_days = -1;
  CHECK(cal::validate(wh).has_value());
  wh = {};
  wh.processing_days = cal::WeekdaySet::none();
  CHECK(cal::validate(wh).has_value());
}

TEST_CASE("cutoff around DST: America/New_York") {
  const auto wh = seven_days("America/New_York");
  // Sat 7 Mar 2026, EST (UTC-5): cutoff 14:00 = 19:00Z.
  CHECK(cal::handover_day(wh, utc("2026-03-07", 18, 59)) == d("2026-03-07"));
  CHECK(cal::handover_day(wh, utc("2026-03-07", 19, 1)) == d("2026-03-08"));
  // Sun 8 Mar 2026, clocks jump 02:00 EST -> 03:00 EDT; cutoff 14:00 EDT = 18:00Z.
  CHECK(fmt(cal::cutoff_instant(wh, d("2026-03-08"))) == "2026-03-08T18:00:00.000Z");
  CHECK(cal::handover_day(wh, utc("2026-03-08", 17, 59)) == d("2026-03-08"));  // 13:59 EDT
  CHECK(cal::handover_day(wh, utc("2026-03-08", 18, 1)) == d("2026-03-09"));   // 14:01 EDT
  CHECK(cal::handover_day(wh, utc("2026-03-08", 18, 0)) == d("2026-03-09"));   // exactly 14:00: next day
  CHECK(fmt(cal::latest_order_instant_for_handover(wh, d("2026-03-08"))) == "2026-03-08T17:59:59.999Z");
  CHECK(fmt(cal::latest_order_instant_for_handover(wh, d("2026-03-07"))) == "2026-03-07T18:59:59.999Z");
  // Sun 1 Nov 2026, clocks fall back 02:00 EDT -> 01:00 EST; cutoff 14:00 EST = 19:00Z.
  CHECK(cal::handover_day(wh, utc("2026-11-01", 18, 59)) == d("2026-11-01"));  // 13:59 EST
  CHECK(cal::handover_day(wh, utc("2026-11-01", 19, 1)) == d("2026-11-02"));   // 14:01 EST
  CHECK(cal::handover_day(wh, utc("2026-10-31", 17, 59)) == d("2026-10-31"));  // 13:59 EDT
  CHECK(cal::handover_day(wh, utc("2026-10-31", 18, 1)) == d("2026-11-01"));   // 14:01 EDT
  check_inverse(wh, d("2026-02-20"), 30);
  check_inverse(wh, d("2026-10-15"), 30);
}

TEST_CASE("cutoff around DST: Europe/Helsinki") {
  const auto wh = seven_days("Europe/Helsinki");
  // Sun 29 Mar 2026: 03:00 EET -> 04:00 EEST; cutoff 14:00 EEST = 11:00Z.
  CHECK(cal::handover_day(wh, utc("2026-03-29", 10, 59)) == d("2026-03-29"));
  CHECK(cal::handover_day(wh, utc("2026-03-29", 11, 1)) == d("2026-03-30"));
  CHECK(cal::handover_day(wh, utc("2026-03-28", 11, 59)) == d("2026-03-28"));  // 13:59 EET
  CHECK(cal::handover_day(wh, utc("2026-03-28", 12, 1)) == d("2026-03-29"));   // 14:01 EET
  // Sun 25 Oct 2026: 04:00 EEST -> 03:00 EET; cutoff 14:00 EET = 12:00Z.
  CHECK(cal::handover_day(wh, utc("2026-10-25", 11, 59)) == d("2026-10-25"));
  CHECK(cal::handover_day(wh, utc("2026-10-25", 12, 1)) == d("2026-10-26"));
  CHECK(fmt(cal::latest_order_instant_for_handover(wh, d("2026-10-25"))) == "2026-10-25T11:59:59.999Z");
  CHECK(fmt(cal::latest_order_instant_for_handover(wh, d("2026-10-24"))) == "2026-10-24T10:59:59.999Z");
  check_inverse(wh, d("2026-03-15"), 30);
  check_inverse(wh, d("2026-10-10"), 30);
}

TEST_CASE("cutoff inside the DST gap and the repeated hour") {
  // Cutoff 02:30 does not exist on 8 Mar 2026 in New York: it passes when the
  // clocks jump (07:00Z); 01:59 EST still ships that day.
  auto wh = seven_days("America/New_York");
  wh.cutoff = minutes{150};
  CHECK(fmt(cal::cutoff_instant(wh, d("2026-03-08"))) == "2026-03-08T07:00:00.000Z");
  CHECK(cal::handover_day(wh, utc("2026-03-08", 6, 59)) == d("2026-03-08"));
  CHECK(cal::handover_day(wh, utc("2026-03-08", 7, 0)) == d("2026-03-09"));
  check_inverse(wh, d("2026-03-01"), 14);
  // Cutoff 01:30 occurs twice on 1 Nov 2026; the first (EDT, 05:30Z) counts,
  // so an order at 01:10 EST (06:10Z), after it, ships the next day.
  wh.cutoff = minutes{90};
  CHECK(fmt(cal::cutoff_instant(wh, d("2026-11-01"))) == "2026-11-01T05:30:00.000Z");
  CHECK(cal::handover_day(wh, utc("2026-11-01", 5, 29)) == d("2026-11-01"));
  CHECK(cal::handover_day(wh, utc("2026-11-01", 5, 31)) == d("2026-11-02"));
  CHECK(cal::handover_day(wh, utc("2026-11-01", 6, 10)) == d("2026-11-02"));
  check_inverse(wh, d("2026-10-25"), 14);
}

TEST_CASE("handover is monotone in the order instant") {
  for (const char* tz : {"America/New_York", "Europe/Helsinki", "Asia/Shanghai", "America/Sao_Paulo"}) {
    cal::WarehouseCalendar wh;
    wh.time_zone = tz;
    wh.cutoff = minutes{90};
    wh.backlog_days = 2;
    wh.holidays = cal::HolidaySetId::us_federal;
    CAPTURE(tz);
    cal::Day prev = cal::handover_day(wh, utc("2026-02-25", 0, 0));
    for (Instant t = utc("2026-02-25", 0, 0); t < utc("2026-04-05", 0, 0); t += minutes{13}) {
      const cal::Day h = cal::handover_day(wh, t);
      CHECK(h >= prev);
      CHECK(cal::is_processing_day(wh, h));
      prev = h;
    }
  }
}

TEST_CASE("the cookie gift: New York, 14:00 cutoff, Mon-Fri, backlog 5, US holidays") {
  cal::WarehouseCalendar wh;
  wh.time_zone = "America/New_York";
  wh.cutoff = hours{14};
  wh.processing_days = cal::WeekdaySet::mon_fri();
  wh.backlog_days = 5;
  wh.holidays = cal::HolidaySetId::us_federal;
  // Fri 18 Dec 2026 15:00 EST = 20:00Z: after the cutoff, so without backlog
  // it would leave on the next processing day, Mon 21 Dec. Each backlog day
  // adds one processing day: Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 is
  // Christmas (closed), Sat/Sun are not processing days, Mon 28 (4), Tue 29 (5).
  const Instant order = utc("2026-12-18", 20, 0);
  CHECK(cal::handover_day(wh, order) == d("2026-12-29"));
  // Without backlog: Monday 21 Dec. Without the holiday set: Monday 28 Dec.
  auto no_backlog = wh;
  no_backlog.backlog_days = 0;
  CHECK(cal::handover_day(no_backlog, order) == d("2026-12-21"));
  auto no_holidays = wh;
  no_holidays.holidays.reset();
  CHECK(cal::handover_day(no_holidays, order) == d("2026-12-28"));
  // One minute before the cutoff (13:59 EST) it counts from Fri 18: five
  // processing days later is Mon 28 Dec.
  CHECK(cal::handover_day(wh, utc("2026-12-18", 18, 59)) == d("2026-12-28"));
  // To be handed over by Thu 24 Dec, order before 14:00 EST on Thu 17 Dec.
  CHECK(fmt(cal::latest_order_instant_for_handover(wh, d("2026-12-24"))) == "2026-12-17T18:59:59.999Z");
  // A Saturday target means the Friday before's hand-over.
  CHECK(cal::latest_order_instant_for_handover(wh, d("2026-12-26")) ==
        cal::latest_order_instant_for_handover(wh, d("2026-12-24")));
  check_inverse(wh, d("2026-12-01"), 45);
}

TEST_CASE("closures and China's make-up working days") {
  cal::WarehouseCalendar wh;
  wh.time_zone = "Asia/Shanghai";
  wh.cutoff = hours{16};
  wh.holidays = cal::HolidaySetId::china;
  // Sun 26 Jan 2025 is an official working day; Spring Festival 28 Jan - 4 Feb.
  CHECK(cal::is_processing_day(wh, d("2025-01-26")));
  CHECK_FALSE(cal::is_processing_day(wh, d("2025-01-28")));
  // Ordered Mon 27 Jan 2025 17:00 CST (09:00Z), after cutoff: next is Wed 5 Feb.
  CHECK(cal::handover_day(wh, utc("2025-01-27", 9, 0)) == d("2025-02-05"));
  wh.closures = {d("2025-02-05")};
  CHECK(cal::handover_day(wh, utc("2025-01-27", 9, 0)) == d("2025-02-06"));
  check_inverse(wh, d("2025-01-15"), 40);
  // Cutoff 0: nothing ships on the day it is ordered; 24h: everything does.
  cal::WarehouseCalendar edge = seven_days("Europe/Helsinki");
  edge.cutoff = minutes{0};
  CHECK(cal::handover_day(edge, utc("2026-06-10", 0, 0)) == d("2026-06-11"));
  check_inverse(edge, d("2026-06-01"), 10);
  edge.cutoff = hours{24};
  CHECK(cal::handover_day(edge, utc("2026-06-10", 20, 59)) == d("2026-06-10"));  // 23:59 EEST
  check_inverse(edge, d("2026-06-01"), 10);
}
