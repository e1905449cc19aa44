// USPS tracking response codecs: USPS APIs v3 (JSON,
// GET /tracking/v3/tracking/{n}?expand=DETAIL; one object or an array of
// them) and Web Tools TrackV2 (XML TrackResponse, both the structured
// TrackFieldRequest form and the older sentence form). Pure.
// Times: v3 events carry GMTTimestamp + GMTOffset, kept exactly. Web Tools
// gives local date and time only: floating times (see TrackingEvent).
#pragma once

#include <optional>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::usps {

tracking::ParseOutcome parse_track_json(std::string_view body);
tracking::ParseOutcome parse_track_xml(std::string_view body);
// Sniffs the first non-blank character: '<' XML, anything else JSON.
tracking::ParseOutcome parse_track(std::string_view body);

struct EventStatus {
  tracking::Status status;
  std::optional<tracking::ExceptionReason> reason;
};
// USPS event code table (STATUS.md "USPS"); unknown codes fall back to the
// event text ("Delivered, In/At Mailbox", "Out for Delivery", ...).
EventStatus map_event(std::string_view code, std::string_view text);
// statusCategory / StatusCategory ("Delivered", "In Transit", "Alert", ...).
std::optional<EventStatus> map_category(std::string_view category);

}  // namespace forewarn::clients::usps
