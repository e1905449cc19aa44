// Quiet hours: when a message due now may be sent to a person in their own
// time zone. Pure: `now` is an argument; zones come from date/tz.
//
// The rule. The window is [start, end) in the recipient's local wall-clock
// time, crossing midnight when start > end (the default 21:00-08:00); start
// == end means no quiet hours. A message due outside the window goes at
// `now`. A message due inside it waits until the window ends: the first
// local `end` after now (a wall-clock time that occurs twice when the clocks
// go back means its first occurrence; one that does not occur when they go
// forward means the instant they jump; inside the repeated hour after the
// first occurrence has gone by, the second one). Quiet hours are absolute by
// default. A tenant may allow one exception (`urgent_exception`, policy
// quiet_hours.urgent_exception): when the window's end lies strictly after
// `useful_until` (the message would arrive too late to be useful: the last
// moment to switch to a faster service, the deadline itself), it goes at
// `now`, quiet hours or not.
#pragma once

#include <chrono>
#include <optional>

#include <date/tz.h>

#include "core/time.hpp"

namespace forewarn::core::messages {

struct QuietHours {
  std::chrono::minutes start{21 * 60};  // local time of day, 0..24h
  std::chrono::minutes end{8 * 60};
  bool urgent_exception = false;  // see the rule above
  friend bool operator==(const QuietHours&, const QuietHours&) = default;
};

// True when `now` falls inside the window in `zone`.
bool in_quiet_hours(Instant now, const date::time_zone& zone, const QuietHours& window);

// When to send a message due at `now` (see the rule above). Never before now.
Instant send_at(Instant now, const date::time_zone& zone, const QuietHours& window,
                std::optional<Instant> useful_until);

// The same rule checked again when the dispatcher is about to send (a retry's
// backoff, a backlog or a stopped process may have carried a message planned
// for the evening into the night). `guard` is how long a send may take to
// reach the shopper: a message whose send would start within `guard` of the
// window's start waits too. Returns when it may go (the window's end), or
// nullopt to send it now; `useful_until` excuses it as in send_at.
std::optional<Instant> hold_until(Instant now, Duration guard, const date::time_zone& zone, const QuietHours& window,
                                  std::optional<Instant> useful_until);

}  // namespace forewarn::core::messages
