// UPS Track API transport (adapter): OAuth2 client credentials at
// POST /security/v1/oauth/token (id and secret as HTTP Basic), then
// GET /api/track/v1/details/{inquiryNumber} with the bearer token and a
// unique transId per call. Sent by clients::CarrierTransport.
#pragma once

#include "clients/common/transport.hpp"

namespace forewarn::clients::ups {

CarrierApi api(const CarrierAccount& account);

}  // namespace forewarn::clients::ups
