// DHL Shipment Tracking - Unified API transport (adapter):
// GET /track/shipments?trackingNumber=... with the DHL-API-Key header; no
// OAuth, so a 401 is `unauthorized` at once. Sent by
// clients::CarrierTransport with the account's API key as the credential.
#pragma once

#include "clients/common/transport.hpp"

namespace forewarn::clients::dhl {

CarrierApi api(const CarrierAccount& account);

}  // namespace forewarn::clients::dhl
