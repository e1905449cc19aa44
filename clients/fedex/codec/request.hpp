// FedEx request builders (pure). Hosts: apis.fedex.com (production),
// apis-sandbox.fedex.com (sandbox).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/tracking/request.hpp"

namespace forewarn::clients::fedex {

inline constexpr std::string_view kProductionHost = "apis.fedex.com";
inline constexpr std::string_view kSandboxHost = "apis-sandbox.fedex.com";

// POST /track/v1/trackingnumbers with includeDetailedScans=true and one
// trackingInfo entry per number (FedEx accepts up to 30).
tracking::HttpRequest track_request(const std::vector<std::string>& tracking_numbers,
                                    std::string_view access_token);

// POST /oauth/token, form fields grant_type, client_id, client_secret.
tracking::HttpRequest token_request(std::string_view client_id, std::string_view client_secret);
tracking::TokenOutcome parse_token_response(std::string_view body);

}  // namespace forewarn::clients::fedex
