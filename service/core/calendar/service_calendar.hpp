// Service-day calendars of carrier services: on which days a service picks up
// and on which it delivers. Transit times in the carriers' guides count
// "business days", i.e. the service's delivery days, so that is what
// add_business_days counts. Pure functions, no I/O.
#pragma once

#include <vector>

#include "core/calendar/civil.hpp"
#include "core/calendar/holidays.hpp"

namespace forewarn::core::calendar {

struct ServiceCalendar {
  WeekdaySet pickup_days = WeekdaySet::mon_fri();
  WeekdaySet delivery_days = WeekdaySet::mon_fri();
  HolidaySetId holidays = HolidaySetId::none;  // neither pickup nor delivery
  std::vector<Day> closures;                   // extra days without service (e.g. a storm)

  friend bool operator==(const ServiceCalendar&, const ServiceCalendar&) = default;
};

// A pickup day: a pickup weekday that is neither a holiday nor a closure.
bool is_pickup_day(const ServiceCalendar& cal, Day day);
// A delivery day: a delivery weekday that is neither a holiday nor a closure.
bool is_delivery_day(const ServiceCalendar& cal, Day day);

// The first pickup day on or after `from`. Throws std::invalid_argument when
// the calendar has no pickup weekday.
Day next_pickup_day(const ServiceCalendar& cal, Day from);

// n > 0: the n-th delivery day strictly after `from` ("n business days
//        after pickup on `from`"); `from` itself need not be a delivery day.
// n = 0: `from` when it is a delivery day, else the next delivery day.
// n < 0: the |n|-th delivery day strictly before `from`.
// Throws std::invalid_argument when the calendar has no delivery weekday.
Day add_business_days(const ServiceCalendar& cal, Day from, int n);

// The number of delivery days d with from < d <= to (negative, counted the
// other way, when to < from). For a delivery day `to` after `from`:
// add_business_days(cal, from, business_days_between(cal, from, to)) == to.
int business_days_between(const ServiceCalendar& cal, Day from, Day to);

}  // namespace forewarn::core::calendar
