// EasyPost codec: Tracker objects, tracker lists ({"trackers": [...]}),
// Event objects and webhook payloads whose result is a Tracker
// (tracker.created / tracker.updated), and event lists. Pure.
// EasyPost normalizes times to UTC ('Z'); they are kept with offset 0.
// TrackingResult.carrier is the underlying carrier in lower case
// ("usps", "fedex"), or "easypost" when the tracker names none.
#pragma once

#include <optional>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::easypost {

tracking::ParseOutcome parse_track(std::string_view body);

struct EventStatus {
  tracking::Status status;
  std::optional<tracking::ExceptionReason> reason;
};
// status (+ status_detail for the exception reason), STATUS.md "EasyPost".
EventStatus map_status(std::string_view status, std::string_view status_detail);

}  // namespace forewarn::clients::easypost
