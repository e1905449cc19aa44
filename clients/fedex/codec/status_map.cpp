#include <array>

#include "clients/fedex/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::fedex {
namespace {

using tracking::ExceptionReason;
using tracking::Status;
using Row = tracking::codec::StatusRow;

constexpr std::array<Row, 44> kCodes{{
    {"OC", Status::info_received},  // shipment information sent to FedEx
    {"LP", Status::info_received},  // label printed
    {"IN", Status::info_received},  // initiated
    {"PU", Status::in_transit},     // picked up
    {"PX", Status::in_transit},
    {"PM", Status::in_transit},
    {"AR", Status::in_transit},  // arrived at FedEx location
    {"AF", Status::in_transit},  // at FedEx facility
    {"AE", Status::in_transit},  // shipment arriving early
    {"AA", Status::in_transit},
    {"AO", Status::in_transit},
    {"AD", Status::in_transit},
    {"AX", Status::in_transit},
    {"DP", Status::in_transit},  // departed FedEx location
    {"IT", Status::in_transit},
    {"IP", Status::in_transit},
    {"IX", Status::in_transit},
    {"EP", Status::in_transit},
    {"EO", Status::in_transit},
    {"ED", Status::in_transit},
    {"LO", Status::in_transit},
    {"OF", Status::in_transit},
    {"FD", Status::in_transit},
    {"PF", Status::in_transit},
    {"PL", Status::in_transit},
    {"SF", Status::in_transit},
    {"TR", Status::in_transit},
    {"CC", Status::in_transit},  // cleared customs
    {"CP", Status::in_transit},  // clearance in progress
    {"EA", Status::in_transit},
    {"RR", Status::in_transit},  // delivery option requested
    {"OX", Status::in_transit},
    {"OD", Status::out_for_delivery},
    {"HL", Status::available_for_pickup},  // hold at location
    {"HP", Status::available_for_pickup},  // ready for recipient pickup
    {"DL", Status::delivered},
    {"DE", Status::exception, ExceptionReason::other},  // delivery exception
    {"SE", Status::exception, ExceptionReason::other},  // shipment exception
    {"DY", Status::exception, ExceptionReason::other},  // delay
    {"DD", Status::exception, ExceptionReason::other},  // delivery delay
    {"CD", Status::exception, ExceptionReason::customs},  // clearance delay
    {"RS", Status::exception, ExceptionReason::returned},  // return to shipper
    {"RP", Status::exception, ExceptionReason::returned},
    {"CA", Status::exception, ExceptionReason::other},  // cancelled
}};

}  // namespace

EventStatus map_event(std::string_view code, std::string_view exception_description) {
  using tracking::codec::contains_ci;
  const Row* r = tracking::codec::find_status(kCodes, code);
  if (!r) return {Status::unknown, std::nullopt};
  EventStatus out{r->status, r->reason};
  if (out.status == Status::exception) {
    std::string_view d = exception_description;
    if (contains_ci(d, "not available") || contains_ci(d, "business closed") ||
        contains_ci(d, "no one") || contains_ci(d, "attempt"))
      return {Status::attempt_failed, std::nullopt};
    if (contains_ci(d, "weather")) return {Status::exception, ExceptionReason::weather};
    if (contains_ci(d, "address")) return {Status::exception, ExceptionReason::address};
    if (contains_ci(d, "damage")) return {Status::exception, ExceptionReason::damaged};
    if (contains_ci(d, "customs") || contains_ci(d, "clearance")) return {Status::exception, ExceptionReason::customs};
    if (contains_ci(d, "return")) return {Status::exception, ExceptionReason::returned};
    if (contains_ci(d, "hold") || contains_ci(d, "held") || contains_ci(d, "redirect"))
      return {Status::exception, ExceptionReason::held};
  }
  return out;
}

}  // namespace forewarn::clients::fedex
