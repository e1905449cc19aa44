// FedEx Track API response encoders (pure): the inverse of
// parse_track_json, for `forewarn sim-carrier` and tests. Bodies have the
// shape of real POST /track/v1/trackingnumbers answers. FedEx has no event
// code for "expired" nor for a lost parcel: those come back as exceptions
// (reason other).
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::fedex {

// {"transactionId", "output":{"completeTrackResults":[...]}}, one entry per
// result; `not_found` numbers get an entry with the NOTFOUND error (FedEx
// answers 200 and reports unknown numbers inside).
std::string encode_track_response(std::span<const tracking::TrackingResult> results,
                                  std::span<const std::string> service_names = {},
                                  std::span<const std::string> not_found = {});
// {"transactionId", "errors":[{"code","message"}]}: FedEx 4xx/5xx bodies.
std::string encode_error(std::string_view code, std::string_view message);
// POST /oauth/token answer.
std::string encode_token_response(std::string_view access_token, std::chrono::seconds expires_in);

}  // namespace forewarn::clients::fedex
