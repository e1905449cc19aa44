// Helpers of the carrier response encoders (clients/*/codec/encode.*): the
// inverse of the parsers, used by `forewarn sim-carrier` and by tests to
// write responses in the carriers' wire formats. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "core/tracking/status.hpp"

namespace forewarn::tracking::encode {

// "+02:00", "-05:00", "+00:00".
std::string format_offset(int minutes);
// The wall-clock reading of an event: time + offset, or time itself for a
// floating time (see TrackingEvent).
Instant local_reading(Instant time, std::optional<int> utc_offset_minutes);
// "20251218" and "143000" (UPS), "14:30:00".
std::string compact_date(Instant t);
std::string compact_time(Instant t);
std::string colon_time(Instant t);
// "2025-12-18".
std::string iso_date(std::chrono::year_month_day d);
// True when `text` begins with `word` (ASCII, case-insensitive): the encoders
// pick a carrier code for in-transit scans by it ("Arrived", "Departed").
bool starts_with_word(std::string_view text, std::string_view word);

// The shipment-level status to encode: what the result says, else the
// newest event's.
struct StatusAndReason {
  Status status = Status::unknown;
  std::optional<ExceptionReason> reason;
};
StatusAndReason current_status(const TrackingResult& r);
// The newest event's description (a view into `r`), empty without events.
std::string_view newest_description(const TrackingResult& r);

}  // namespace forewarn::tracking::encode
