// DHL Shipment Tracking - Unified API response encoders (pure): the inverse
// of parse_track, for `forewarn sim-carrier` and tests. Bodies have the shape
// of real GET /track/shipments answers. DHL has no status for "expired"
// (it comes back unknown), nor reasons held and lost (exception, other).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::dhl {

// {"shipments":[...]} with one shipment per result; service: "express",
// "parcel-de", "ecommerce", ... (empty: "express").
std::string encode_track_response(std::span<const tracking::TrackingResult> results, std::string_view service = {});
// RFC 7807 body of DHL's 4xx/5xx answers: {"title","status","detail"[,"instance"]}.
std::string encode_problem(int http_status, std::string_view title, std::string_view detail);
// The 404 body for an unknown number.
std::string encode_not_found(std::string_view tracking_number);

}  // namespace forewarn::clients::dhl
