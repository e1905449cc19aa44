// DHL Shipment Tracking - Unified API request builder (pure).
// Host: api-eu.dhl.com. Authenticated by an API key header, no OAuth.
#pragma once

#include <string>
#include <string_view>

#include "core/tracking/request.hpp"

namespace forewarn::clients::dhl {

inline constexpr std::string_view kHost = "api-eu.dhl.com";

// GET /track/shipments?trackingNumber=...[&service=express|parcel-de|ecommerce|...]
// [&language=en]; header DHL-API-Key.
tracking::HttpRequest track_request(std::string_view tracking_number, std::string_view api_key,
                                    std::string_view service = {}, std::string_view language = "en");

}  // namespace forewarn::clients::dhl
