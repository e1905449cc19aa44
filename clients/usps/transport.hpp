// USPS Tracking v3 transport (adapter): OAuth2 client credentials at
// POST /oauth2/v3/token (form fields), then
// GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL with the bearer
// token. Sent by clients::CarrierTransport.
#pragma once

#include "clients/common/transport.hpp"

namespace forewarn::clients::usps {

CarrierApi api(const CarrierAccount& account);

}  // namespace forewarn::clients::usps
