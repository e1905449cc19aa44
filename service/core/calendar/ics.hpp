// Importer for iCalendar files (RFC 5545), the subset needed for gift
// deadlines: VEVENTs with SUMMARY, DTSTART and an optional yearly RRULE.
// Pure: takes the file's text, returns values; never reads files.
//
// Supported:
// - line unfolding (CRLF or LF; continuation lines start with space or tab);
// - BEGIN/END nesting (other components such as VTIMEZONE or VALARM are
//   skipped; properties other than SUMMARY, DTSTART, RRULE are ignored);
// - DTSTART as a date (VALUE=DATE or 8 digits: the deadline is the end of
//   that day in the recipient's zone), a UTC date-time (...Z), a date-time
//   with TZID=<IANA zone> or a floating date-time (recipient's zone); the
//   deadline time of a date-time is its time of day;
// - RRULE with FREQ=YEARLY, INTERVAL=1, and either nothing else (yearly on
//   DTSTART's month/day), BYMONTH + BYMONTHDAY, or BYMONTH + BYDAY with an
//   ordinal (2SU, 4TH, -1MO); COUNT (counted in years) and UNTIL end it.
// Anything else in an RRULE is an error, never silently dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/events.hpp"

namespace forewarn::core::calendar {

struct IcsError {
  int line = 0;  // 1-based physical line where the problem is (for an
                 // unclosed component: the line of its BEGIN)
  std::string message;
  friend bool operator==(const IcsError&, const IcsError&) = default;
};

// Either events (error empty) or an error (events empty): nothing is ever
// half-imported.
struct IcsImport {
  std::vector<EventRule> events;
  std::optional<IcsError> error;
  bool ok() const { return !error.has_value(); }
};

// Parses `text` (the whole .ics file). Events keep the file's order.
IcsImport import_ics(std::string_view text);

}  // namespace forewarn::core::calendar
