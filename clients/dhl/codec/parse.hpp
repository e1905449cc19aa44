// DHL Shipment Tracking - Unified API codec (JSON, GET /track/shipments).
// Pure. Event timestamps keep their offset when DHL gives one; DHL often
// sends local times without an offset: those become floating times.
#pragma once

#include <optional>
#include <string_view>

#include "core/tracking/status.hpp"

namespace forewarn::clients::dhl {

tracking::ParseOutcome parse_track(std::string_view body);

struct EventStatus {
  tracking::Status status;
  std::optional<tracking::ExceptionReason> reason;
};
// statusCode (pre-transit, transit, delivered, failure, unknown) refined by
// the event's status / description text (STATUS.md "DHL").
EventStatus map_status(std::string_view status_code, std::string_view text);

}  // namespace forewarn::clients::dhl
