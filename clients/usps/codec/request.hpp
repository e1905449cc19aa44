// USPS APIs v3 request builders (pure). Hosts: apis.usps.com (production),
// apis-tem.usps.com (test environment).
#pragma once

#include <string>
#include <string_view>

#include "core/tracking/request.hpp"

namespace forewarn::clients::usps {

inline constexpr std::string_view kProductionHost = "apis.usps.com";
inline constexpr std::string_view kTestHost = "apis-tem.usps.com";

// GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL
tracking::HttpRequest track_request(std::string_view tracking_number, std::string_view access_token);

// POST /oauth2/v3/token, form fields grant_type, client_id, client_secret
// (and scope when given, e.g. "tracking").
tracking::HttpRequest token_request(std::string_view client_id, std::string_view client_secret,
                                    std::string_view scope = {});
tracking::TokenOutcome parse_token_response(std::string_view body);

}  // namespace forewarn::clients::usps
