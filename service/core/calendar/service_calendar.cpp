#include "core/calendar/service_calendar.hpp"

#include <algorithm>
#include <stdexcept>

namespace forewarn::core::calendar {
namespace {

bool closed(const ServiceCalendar& cal, Day day) {
  return std::find(cal.closures.begin(), cal.closures.end(), day) != cal.closures.end() ||
         is_holiday(cal.holidays, day);
}

void require_days(WeekdaySet days, const char* what) {
  if (days.empty()) throw std::invalid_argument(std::string("ServiceCalendar has no ") + what + " weekday");
}

}  // namespace

bool is_pickup_day(const ServiceCalendar& cal, Day day) {
  return cal.pickup_days.contains(day) && !closed(cal, day);
}

bool is_delivery_day(const ServiceCalendar& cal, Day day) {
  return cal.delivery_days.contains(day) && !closed(cal, day);
}

Day next_pickup_day(const ServiceCalendar& cal, Day from) {
  require_days(cal.pickup_days, "pickup");
  Day d = from;
  while (!is_pickup_day(cal, d)) d += date::days{1};
  return d;
}

Day add_business_days(const ServiceCalendar& cal, Day from, int n) {
  require_days(cal.delivery_days, "delivery");
  Day d = from;
  if (n == 0) {
    while (!is_delivery_day(cal, d)) d += date::days{1};
    return d;
  }
  const date::days step{n > 0 ? 1 : -1};
  for (int left = n > 0 ? n : -n; left > 0;) {
    d += step;
    if (is_delivery_day(cal, d)) --left;
  }
  return d;
}

int business_days_between(const ServiceCalendar& cal, Day from, Day to) {
  if (to < from) return -business_days_between(cal, to, from);
  int n = 0;
  for (Day d = from + date::days{1}; d <= to; d += date::days{1}) {
    if (is_delivery_day(cal, d)) ++n;
  }
  return n;
}

}  // namespace forewarn::core::calendar
