// The single entry point of the tracking codecs: parse a carrier or
// aggregator response body by carrier name, and render a result as the
// service's JSON. Pure.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::tracking {

using ParseFn = ParseOutcome (*)(std::string_view body);

struct CodecEntry {
  std::string_view name;  // "ups", "fedex", "usps", "dhl", "easypost", "aftership"
  ParseFn parse;          // sniffs JSON vs XML where the carrier has both
};

// The registry, one line per carrier.
std::span<const CodecEntry> codecs() noexcept;

// Dispatches on carrier_name (exact, lower case). Unknown name: an
// invalid_request error naming the accepted carriers. Never throws.
ParseOutcome parse_tracking(std::string_view carrier_name, std::string_view body);

// {"carrier", "tracking_number", "status", "substatus",
//  "estimated_delivery": "YYYY-MM-DD"|null, "delivered_at": ISO 8601|null,
//  "events": [{"time", "status", "description", "location": "CITY, ST, CC"|null}]}
// Events newest first. Times keep the carrier's offset ("...-08:00"), 'Z'
// for UTC, and no designator for floating local times.
std::string to_json(const TrackingResult& result);

}  // namespace forewarn::tracking
