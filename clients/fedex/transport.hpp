// FedEx Track API transport (adapter): OAuth2 client credentials at
// POST /oauth/token (form fields), then POST /track/v1/trackingnumbers with
// the bearer token and one trackingInfo entry. Sent by
// clients::CarrierTransport.
#pragma once

#include "clients/common/transport.hpp"

namespace forewarn::clients::fedex {

CarrierApi api(const CarrierAccount& account);

}  // namespace forewarn::clients::fedex
