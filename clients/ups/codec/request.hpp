// UPS request builders (pure). Hosts: onlinetools.ups.com (production),
// wwwcie.ups.com (customer integration environment).
#pragma once

#include <string>
#include <string_view>

#include "core/tracking/request.hpp"

namespace forewarn::clients::ups {

inline constexpr std::string_view kProductionHost = "onlinetools.ups.com";
inline constexpr std::string_view kTestHost = "wwwcie.ups.com";

// GET /api/track/v1/details/{inquiryNumber}?locale=en_US&returnSignature=false
// transaction_id: the caller's unique id for the transId header (<= 32 chars).
tracking::HttpRequest track_request(std::string_view inquiry_number, std::string_view access_token,
                                    std::string_view transaction_id);

// POST /security/v1/oauth/token, client id/secret as HTTP Basic.
tracking::HttpRequest token_request(std::string_view client_id, std::string_view client_secret,
                                    std::string_view merchant_id = {});
// UPS returns expires_in as a string ("14399"); both forms are accepted.
tracking::TokenOutcome parse_token_response(std::string_view body);

}  // namespace forewarn::clients::ups
