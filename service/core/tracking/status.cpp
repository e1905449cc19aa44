#include "core/tracking/status.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace forewarn::tracking {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 9> kStatusNames{{
    {Status::unknown, "unknown"},
    {Status::info_received, "info_received"},
    {Status::in_transit, "in_transit"},
    {Status::out_for_delivery, "out_for_delivery"},
    {Status::available_for_pickup, "available_for_pickup"},
    {Status::delivered, "delivered"},
    {Status::attempt_failed, "attempt_failed"},
    {Status::exception, "exception"},
    {Status::expired, "expired"},
}};

constexpr std::array<std::pair<ExceptionReason, std::string_view>, 8> kReasonNames{{
    {ExceptionReason::weather, "weather"},
    {ExceptionReason::address, "address"},
    {ExceptionReason::damaged, "damaged"},
    {ExceptionReason::customs, "customs"},
    {ExceptionReason::held, "held"},
    {ExceptionReason::returned, "returned"},
    {ExceptionReason::lost, "lost"},
    {ExceptionReason::other, "other"},
}};

}  // namespace

std::string_view to_string(Status s) noexcept {
  for (const auto& [v, n] : kStatusNames)
    if (v == s) return n;
  return "unknown";
}

std::string_view to_string(ExceptionReason r) noexcept {
  for (const auto& [v, n] : kReasonNames)
    if (v == r) return n;
  return "other";
}

std::optional<Status> status_from_string(std::string_view s) noexcept {
  for (const auto& [v, n] : kStatusNames)
    if (n == s) return v;
  return std::nullopt;
}

std::optional<ExceptionReason> exception_reason_from_string(std::string_view s) noexcept {
  for (const auto& [v, n] : kReasonNames)
    if (n == s) return v;
  return std::nullopt;
}

std::string_view to_string(ErrorKind k) noexcept {
  switch (k) {
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::invalid_request: return "invalid_request";
    case ErrorKind::unauthorized: return "unauthorized";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::server_error: return "server_error";
    case ErrorKind::malformed: return "malformed";
  }
  return "malformed";
}

std::string Location::display() const {
  std::string out;
  for (const std::string* part : {&city, &state, &country}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ", ";
    out += *part;
  }
  return out;
}

void sort_events_newest_first(std::vector<TrackingEvent>& events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const TrackingEvent& a, const TrackingEvent& b) { return a.time > b.time; });
}

void finalize(TrackingResult& result) {
  sort_events_newest_first(result.events);
  if (result.status == Status::delivered && !result.delivered_at) {
    for (const auto& e : result.events) {
      if (e.status == Status::delivered) {
        result.delivered_at = e.time;
        result.delivered_at_utc_offset_minutes = e.utc_offset_minutes;
        break;
      }
    }
  }
}

ParseOutcome ParseOutcome::success(std::vector<TrackingResult> results) {
  return ParseOutcome(std::move(results));
}

ParseOutcome ParseOutcome::failure(ErrorKind kind, std::string reason, std::string carrier_code) {
  return ParseOutcome(ParseError{kind, std::move(reason), std::move(carrier_code)});
}

}  // namespace forewarn::tracking
