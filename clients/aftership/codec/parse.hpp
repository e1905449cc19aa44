// AfterShip API v4 codec: single tracking ({"data": {"tracking": ...}}),
// lists ({"data": {"trackings": [...]}}), last checkpoint
// ({"data": {"tag", "checkpoint"}}) and webhook payloads
// ({"event": "tracking_update", "msg": {...}}). Pure.
// Checkpoint times keep their offset; AfterShip sends some without one
// (floating). TrackingResult.carrier is AfterShip's courier slug.
#pragma once

#include <optional>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::aftership {

tracking::ParseOutcome parse_track(std::string_view body);

struct TagStatus {
  tracking::Status status;
  std::optional<tracking::ExceptionReason> reason;
};
// tag + subtag (Exception_0xx names the reason), STATUS.md "AfterShip".
TagStatus map_tag(std::string_view tag, std::string_view subtag);

}  // namespace forewarn::clients::aftership
