#include "core/messages/quiet_hours.hpp"

namespace forewarn::core::messages {

namespace {

std::chrono::milliseconds time_of_day(Instant now, const date::time_zone& zone) {
  const auto local = zone.to_local(now);
  return local - date::floor<date::days>(local);
}

bool inside(std::chrono::milliseconds t, const QuietHours& w) {
  if (w.start == w.end) return false;
  if (w.start < w.end) return t >= w.start && t < w.end;
  return t >= w.start || t < w.end;
}

}  // namespace

bool in_quiet_hours(Instant now, const date::time_zone& zone, const QuietHours& window) {
  return inside(time_of_day(now, zone), window);
}

Instant send_at(Instant now, const date::time_zone& zone, const QuietHours& window,
                std::optional<Instant> useful_until) {
  const auto t = time_of_day(now, zone);
  if (!inside(t, window)) return now;
  const auto today = date::floor<date::days>(zone.to_local(now));
  // Inside the window: it ends today when we are before `end`, else tomorrow.
  const auto end_day = t < window.end ? today : today + date::days{1};
  const auto wall = date::local_time<std::chrono::minutes>(end_day) + window.end;
  Instant end = date::floor<std::chrono::milliseconds>(zone.to_sys(wall, date::choose::earliest));
  // Inside the repeated hour after the first occurrence of `end` went by:
  // its second occurrence ends the window.
  if (end <= now) end = date::floor<std::chrono::milliseconds>(zone.to_sys(wall, date::choose::latest));
  if (end <= now) return now;
  if (window.urgent_exception && useful_until && end > *useful_until) return now;
  return end;
}

std::optional<Instant> hold_until(Instant now, Duration guard, const date::time_zone& zone, const QuietHours& window,
                                  std::optional<Instant> useful_until) {
  if (const Instant at = send_at(now, zone, window, useful_until); at > now) return at;
  if (guard <= Duration::zero()) return std::nullopt;
  const Instant later = now + guard;
  if (const Instant at = send_at(later, zone, window, useful_until); at > later) return at;
  return std::nullopt;
}

}  // namespace forewarn::core::messages
