// Time vocabulary of the whole service. Every instant is UTC with millisecond
// precision; local (wall-clock) dates and times only exist together with a
// named IANA time zone. Nothing in the core reads the wall clock: `now` is
// always passed in, and adapters get it from a Clock (core/clock.hpp).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

namespace date {
class time_zone;  // <date/tz.h>
}

namespace forewarn {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

// RFC 3339 / ISO 8601 in UTC with a 'Z', milliseconds only when non-zero.
std::string format_iso8601(Instant t);
// A civil date (days since 1970-01-01) as YYYY-MM-DD.
std::string format_civil_day(date::days since_epoch);

// Accepts RFC 3339 date-times with 'Z' or a numeric offset (+02:00, +0200),
// optional fractional seconds. Returns nullopt for anything else.
std::optional<Instant> parse_iso8601(std::string_view text);

// RFC 2822 / RFC 5322 date-times as mail and HTTP headers carry them:
// "[Tue, ]19 Aug 2025 20:37:09 -0000" (a numeric zone, or GMT / UT / Z).
// Returns nullopt for anything else.
std::optional<Instant> parse_rfc2822(std::string_view text);

// The IANA time zone `name` names, or nullptr when it is empty or the
// time-zone database does not know it (instead of date::locate_zone's throw).
const date::time_zone* find_time_zone(std::string_view name);

}  // namespace forewarn
