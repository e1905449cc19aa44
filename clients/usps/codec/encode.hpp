// USPS Tracking v3 response encoders (pure): the inverse of
// parse_track_json, for `forewarn sim-carrier` and tests. Bodies have the
// shape of real GET /tracking/v3/tracking/{n}?expand=DETAIL answers.
// Exceptions the event codes cannot name (weather, customs, damaged) are
// written as sentence-only events; held and lost get codes 15 and 08, which
// read back as exception (other). The shipment's statusCategory ("Alert",
// "Return to Sender") carries the status; domestic events have a null
// eventCountry, as USPS sends them.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::usps {

std::string encode_track_response(const tracking::TrackingResult& result, std::string_view mail_class = {});
// {"apiVersion", "error":{"code","message","errors":[{"status","code","title","detail"}]}}
std::string encode_error(int http_status, std::string_view code, std::string_view message);
// POST /oauth2/v3/token answer.
std::string encode_token_response(std::string_view access_token, std::chrono::seconds expires_in,
                                  long long issued_at_ms);

}  // namespace forewarn::clients::usps
