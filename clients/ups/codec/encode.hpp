// UPS Track API response encoders (pure): the inverse of parse_track_json,
// used by `forewarn sim-carrier` and tests. The bodies have the shape of the
// real GET /api/track/v1/details answers (see the fixtures) so that the
// parser reads them back: status, EDD, events and times round-trip (UPS has
// no code for the exception reasons held and lost: they come back as other).
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::ups {

// {"trackResponse":{"shipment":[{"inquiryNumber", "package":[...]}]}}, one
// shipment with one package per result. Events keep the local date/time
// (UPS's own form) plus gmtDate/gmtTime/gmtOffset when the offset is known.
// service_names: parallel to results, may be empty.
std::string encode_track_response(std::span<const tracking::TrackingResult> results,
                                  std::span<const std::string> service_names = {});

// The 200 answer for an unknown number: a shipment with warning TW0001.
std::string encode_not_found(std::string_view inquiry_number);
// {"response":{"errors":[{"code","message"}]}}: the body of UPS 4xx/5xx answers.
std::string encode_error(std::string_view code, std::string_view message);

// POST /security/v1/oauth/token answer; UPS writes expires_in as a string.
std::string encode_token_response(std::string_view access_token, std::chrono::seconds expires_in,
                                  std::string_view client_id, long long issued_at_ms);

}  // namespace forewarn::clients::ups
