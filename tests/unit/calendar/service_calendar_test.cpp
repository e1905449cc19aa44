#include <doctest/doctest.h>

#include <stdexcept>

#include "core/calendar/carrier_services.hpp"
#include "core/calendar/service_calendar.hpp"

namespace cal = forewarn::core::calendar;

namespace {
cal::Day d(const char* iso) { return *cal::parse_day(iso); }
const cal::CarrierService& service(const char* id) {
  const auto* s = cal::find_carrier_service(id);
  REQUIRE(s != nullptr);
  return *s;
}
}  // namespace

TEST_CASE("ServiceCalendar: pickup and delivery days") {
  const cal::ServiceCalendar ups = cal::service_calendar(service("ups-ground"));
  CHECK(cal::is_pickup_day(ups, d("2026-12-18")));         // Friday
  CHECK_FALSE(cal::is_pickup_day(ups, d("2026-12-19")));   // Saturday
  CHECK_FALSE(cal::is_delivery_day(ups, d("2026-12-25")));  // Christmas
  CHECK_FALSE(cal::is_delivery_day(ups, d("2026-07-03")));  // Independence Day observed
  CHECK(cal::is_delivery_day(ups, d("2026-11-11")));        // Veterans Day: UPS works

  const cal::ServiceCalendar fedex_home = cal::service_calendar(service("fedex-home-delivery"));
  CHECK(cal::is_delivery_day(fedex_home, d("2026-12-19")));        // Saturday
  CHECK_FALSE(cal::is_delivery_day(fedex_home, d("2026-12-21")));  // Monday
  CHECK(cal::is_pickup_day(fedex_home, d("2026-12-21")));

  const cal::ServiceCalendar express = cal::service_calendar(service("usps-priority-mail-express"));
  CHECK(cal::is_delivery_day(express, d("2026-12-20")));        // Sunday
  CHECK_FALSE(cal::is_delivery_day(express, d("2026-12-25")));  // federal holiday (simplification)

  cal::ServiceCalendar storm = ups;
  storm.closures.push_back(d("2026-12-22"));
  CHECK_FALSE(cal::is_delivery_day(storm, d("2026-12-22")));
  CHECK_FALSE(cal::is_pickup_day(storm, d("2026-12-22")));
}

TEST_CASE("add_business_days and business_days_between") {
  const cal::ServiceCalendar ups = cal::service_calendar(service("ups-ground"));
  // Friday 18 Dec 2026 + 5 UPS business days: 21,22,23,24 Dec, (25 Christmas), 28 Dec.
  CHECK(cal::add_business_days(ups, d("2026-12-18"), 5) == d("2026-12-28"));
  CHECK(cal::add_business_days(ups, d("2026-12-18"), 1) == d("2026-12-21"));
  CHECK(cal::add_business_days(ups, d("2026-12-19"), 0) == d("2026-12-21"));
  CHECK(cal::add_business_days(ups, d("2026-12-21"), 0) == d("2026-12-21"));
  CHECK(cal::add_business_days(ups, d("2026-12-28"), -1) == d("2026-12-24"));
  CHECK(cal::add_business_days(ups, d("2026-12-28"), -5) == d("2026-12-18"));
  CHECK(cal::business_days_between(ups, d("2026-12-18"), d("2026-12-28")) == 5);
  CHECK(cal::business_days_between(ups, d("2026-12-28"), d("2026-12-18")) == -5);
  CHECK(cal::business_days_between(ups, d("2026-12-18"), d("2026-12-18")) == 0);
  // New Year 2022 observed on Friday 31 Dec 2021.
  CHECK(cal::add_business_days(ups, d("2021-12-30"), 1) == d("2022-01-03"));

  // Round trip over a year for every built-in service.
  for (const auto& s : cal::carrier_services()) {
    CAPTURE(s.id);
    const cal::ServiceCalendar c = cal::service_calendar(s);
    const cal::Day from = d("2026-11-20");
    for (int n = 0; n <= 40; ++n) {
      const cal::Day to = cal::add_business_days(c, from, n);
      CHECK(cal::is_delivery_day(c, to));
      if (n > 0) CHECK(cal::business_days_between(c, from, to) == n);
      CHECK(cal::add_business_days(c, to, -n) <= from);
    }
  }
  cal::ServiceCalendar never;
  never.delivery_days = cal::WeekdaySet::none();
  CHECK_THROWS_AS(cal::add_business_days(never, d("2026-01-01"), 1), std::invalid_argument);
}

TEST_CASE("carrier service table") {
  CHECK(cal::carrier_services().size() == 11);
  CHECK(cal::find_carrier_service("nope") == nullptr);
  for (const auto& s : cal::carrier_services()) {
    CAPTURE(s.id);
    CHECK(s.min_transit_days >= 1);
    CHECK(s.min_transit_days <= s.max_transit_days);
    CHECK_FALSE(s.pickup_days.empty());
    CHECK_FALSE(s.delivery_days.empty());
    CHECK(cal::find_carrier_service(s.id) == &s);
  }
  CHECK(service("ups-next-day-air").max_transit_days == 1);
  CHECK(service("ups-2nd-day-air").min_transit_days == 2);
  CHECK(service("usps-ground-advantage").delivery_days.to_string() == "Mon-Sat");
  CHECK(service("fedex-home-delivery").delivery_days.to_string() == "Tue-Sat");
  CHECK(service("usps-priority-mail").holidays == cal::HolidaySetId::usps);

  // Handed over Friday 18 Dec 2026 to UPS Ground: picked up that day,
  // delivered 21 Dec .. 28 Dec (Christmas is skipped).
  CHECK(cal::nominal_delivery_window(service("ups-ground"), d("2026-12-18")) ==
        cal::DeliveryWindow{d("2026-12-18"), d("2026-12-21"), d("2026-12-28")});
  // Handed over Saturday: UPS picks up Monday.
  CHECK(cal::nominal_delivery_window(service("ups-next-day-air"), d("2026-12-19")) ==
        cal::DeliveryWindow{d("2026-12-21"), d("2026-12-22"), d("2026-12-22")});
  // USPS Priority Mail on Thursday 24 Dec 2026: Sat 26 .. Tue 29 (Christmas, Sunday skipped).
  CHECK(cal::nominal_delivery_window(service("usps-priority-mail"), d("2026-12-24")) ==
        cal::DeliveryWindow{d("2026-12-24"), d("2026-12-26"), d("2026-12-29")});
  // FedEx Home Delivery picked up Friday 18 Dec: Sat 19, then Tue 22.
  CHECK(cal::nominal_delivery_window(service("fedex-home-delivery"), d("2026-12-18")).earliest == d("2026-12-19"));
  CHECK(cal::add_business_days(cal::service_calendar(service("fedex-home-delivery")), d("2026-12-18"), 2) ==
        d("2026-12-22"));
}
