#include <array>

#include "clients/ups/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::ups {
namespace {

using tracking::ExceptionReason;
using tracking::Status;
using Row = tracking::codec::StatusRow;

// Activity status type -> status.
constexpr std::array<Row, 12> kTypes{{
    {"M", Status::info_received},
    {"MV", Status::expired},  // manifest voided: label cancelled, never shipped
    {"P", Status::in_transit},
    {"I", Status::in_transit},
    {"W", Status::in_transit},  // warehousing
    {"O", Status::out_for_delivery},
    {"D", Status::delivered},
    {"DO", Status::delivered},  // delivered to origin CFS (freight)
    {"DD", Status::delivered},  // delivered to destination CFS (freight)
    {"X", Status::exception, ExceptionReason::other},
    {"RS", Status::exception, ExceptionReason::returned},
    {"NA", Status::unknown},
}};

// Activity codes that refine the type.
constexpr std::array<Row, 11> kCodes{{
    {"MP", Status::info_received},  // manifest: label created, package not yet received
    {"OF", Status::out_for_delivery},
    {"OT", Status::out_for_delivery},
    {"48", Status::attempt_failed},  // receiver not available at first attempt
    {"DJ", Status::exception, ExceptionReason::weather},
    {"SR", Status::in_transit},      // released by customs
    {"KB", Status::in_transit},      // "UPS internal activity code"
    {"2Y", Status::exception, ExceptionReason::other},  // delay
    {"ZP", Status::available_for_pickup},  // delivered to UPS Access Point, awaiting pickup
    {"2W", Status::available_for_pickup},
    {"RS", Status::exception, ExceptionReason::returned},
}};

}  // namespace

ActivityStatus map_activity(std::string_view type, std::string_view code,
                            std::string_view description) {
  using tracking::codec::contains_ci;
  using tracking::codec::find_status;
  ActivityStatus out{Status::unknown, std::nullopt};
  if (const Row* r = find_status(kTypes, type)) out = {r->status, r->reason};
  // A code refines I/X/P/unknown types; it never overrides a delivery.
  if (out.status != Status::delivered && out.status != Status::info_received) {
    if (const Row* r = find_status(kCodes, code)) out = {r->status, r->reason};
  }
  if (out.status == Status::in_transit || out.status == Status::exception ||
      out.status == Status::unknown) {
    if (contains_ci(description, "OUT FOR DELIVERY")) return {Status::out_for_delivery, std::nullopt};
  }
  if (out.status == Status::exception || (out.status == Status::unknown && !description.empty())) {
    if (contains_ci(description, "DELIVERY ATTEMPT") || contains_ci(description, "NOT AVAILABLE"))
      return {Status::attempt_failed, std::nullopt};
    if (contains_ci(description, "WEATHER")) return {Status::exception, ExceptionReason::weather};
    if (contains_ci(description, "ADDRESS")) return {Status::exception, ExceptionReason::address};
    if (contains_ci(description, "DAMAGE")) return {Status::exception, ExceptionReason::damaged};
    if (contains_ci(description, "CUSTOMS") || contains_ci(description, "BROKERAGE"))
      return {Status::exception, ExceptionReason::customs};
    if (contains_ci(description, "RETURN")) return {Status::exception, ExceptionReason::returned};
  }
  return out;
}

}  // namespace forewarn::clients::ups
