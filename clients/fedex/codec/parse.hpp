// FedEx tracking response codecs: the Track API (JSON,
// POST /track/v1/trackingnumbers) and the Web Services TrackReply (SOAP/XML,
// v3 through v19). Pure: body in, values out. FedEx timestamps carry their
// UTC offset; the few without one (ship dates) are kept as floating times.
#pragma once

#include <optional>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::fedex {

tracking::ParseOutcome parse_track_json(std::string_view body);
tracking::ParseOutcome parse_track_xml(std::string_view body);
// Sniffs the first non-blank character: '<' XML, anything else JSON.
tracking::ParseOutcome parse_track(std::string_view body);

struct EventStatus {
  tracking::Status status;
  std::optional<tracking::ExceptionReason> reason;
};
// The FedEx status table (STATUS.md "FedEx"): event type / status code,
// refined by the exception description for DE/SE/DY/CD codes.
EventStatus map_event(std::string_view code, std::string_view exception_description);

}  // namespace forewarn::clients::fedex
