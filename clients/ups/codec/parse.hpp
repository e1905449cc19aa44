// UPS tracking response codecs: the Track API (JSON,
// GET /api/track/v1/details/{inquiryNumber}) and the older XML TrackResponse
// (XML Tools and the XOLTWS SOAP envelope). Pure: body in, values out.
// UPS gives activity date and time in the scan's local time without an
// offset: events carry no utc_offset (see TrackingEvent).
#pragma once

#include <optional>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::ups {

tracking::ParseOutcome parse_track_json(std::string_view body);
tracking::ParseOutcome parse_track_xml(std::string_view body);
// Sniffs the first non-blank character: '<' XML, anything else JSON.
tracking::ParseOutcome parse_track(std::string_view body);

// The UPS status table (STATUS.md "UPS"): activity status type (M, P, I, O,
// D, X, RS, MV, ...) refined by the activity code and its description.
struct ActivityStatus {
  tracking::Status status;
  std::optional<tracking::ExceptionReason> reason;
};
ActivityStatus map_activity(std::string_view type, std::string_view code,
                            std::string_view description);

}  // namespace forewarn::clients::ups
