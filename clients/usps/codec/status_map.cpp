#include <array>

#include "clients/usps/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::usps {
namespace {

using tracking::ExceptionReason;
using tracking::Status;
using Row = tracking::codec::StatusRow;

constexpr std::array<Row, 45> kCodes{{
    {"GX", Status::info_received},  // shipping label created
    {"MA", Status::info_received},  // manifest acknowledgment
    {"NP", Status::info_received},  // origin post is preparing shipment
    {"03", Status::in_transit},     // accepted at USPS origin facility
    {"OA", Status::in_transit},     // accepted at origin sort facility
    {"SA", Status::in_transit},
    {"80", Status::in_transit},  // picked up by shipping partner
    {"81", Status::in_transit},
    {"82", Status::in_transit},
    {"06", Status::in_transit},  // forwarded
    {"07", Status::in_transit},  // arrived at post office
    {"10", Status::in_transit},  // arrived / processed at USPS facility
    {"A1", Status::in_transit},
    {"T1", Status::in_transit},
    {"TL", Status::in_transit},
    {"SF", Status::in_transit},
    {"PC", Status::in_transit},  // sorting complete
    {"EF", Status::in_transit},
    {"L1", Status::in_transit},
    {"U1", Status::in_transit},
    {"OF", Status::out_for_delivery},
    {"DX", Status::out_for_delivery},
    {"01", Status::delivered},
    {"17", Status::delivered},  // picked up by agent
    {"43", Status::delivered},  // picked up at post office
    {"02", Status::attempt_failed},  // notice left
    {"52", Status::attempt_failed},
    {"53", Status::attempt_failed},
    {"54", Status::attempt_failed},
    {"55", Status::attempt_failed},
    {"56", Status::attempt_failed},
    {"57", Status::attempt_failed},
    {"14", Status::available_for_pickup},
    {"16", Status::available_for_pickup},
    {"04", Status::exception, ExceptionReason::returned},  // refused
    {"09", Status::exception, ExceptionReason::returned},  // return to sender
    {"27", Status::exception, ExceptionReason::returned},  // unclaimed
    {"29", Status::exception, ExceptionReason::returned},
    {"31", Status::exception, ExceptionReason::returned},
    {"44", Status::exception, ExceptionReason::returned},  // customer recall
    {"05", Status::exception, ExceptionReason::address},  // undeliverable as addressed
    {"21", Status::exception, ExceptionReason::address},  // no such number
    {"22", Status::exception, ExceptionReason::address},  // insufficient address
    {"08", Status::exception, ExceptionReason::other},  // missent
    {"15", Status::exception, ExceptionReason::other},  // mis-shipped
}};

constexpr std::array<Row, 14> kCategories{{
    {"Pre-Shipment", Status::info_received},
    {"Pre-Transit", Status::info_received},
    {"Label Created", Status::info_received},
    {"Accepted", Status::in_transit},
    {"In Transit", Status::in_transit},
    {"In-Transit", Status::in_transit},
    {"USPS in possession of item", Status::in_transit},
    {"Out for Delivery", Status::out_for_delivery},
    {"Delivered", Status::delivered},
    {"Available for Pickup", Status::available_for_pickup},
    {"Delivery Attempt", Status::attempt_failed},
    {"Alert", Status::exception, ExceptionReason::other},
    {"Return to Sender", Status::exception, ExceptionReason::returned},
    {"Tracking Expired", Status::expired},
}};

EventStatus from_text(std::string_view t) {
  using tracking::codec::contains_ci;
  if (t.empty()) return {Status::unknown, std::nullopt};
  if (contains_ci(t, "return to sender") || contains_ci(t, "returned to sender") || contains_ci(t, "refused"))
    return {Status::exception, ExceptionReason::returned};
  if (contains_ci(t, "notice left") || contains_ci(t, "delivery attempt") || contains_ci(t, "attempted"))
    return {Status::attempt_failed, std::nullopt};
  if (contains_ci(t, "available for pickup") || contains_ci(t, "ready for pickup"))
    return {Status::available_for_pickup, std::nullopt};
  if (contains_ci(t, "out for delivery")) return {Status::out_for_delivery, std::nullopt};
  if (contains_ci(t, "delivered")) return {Status::delivered, std::nullopt};
  if (contains_ci(t, "label created") || contains_ci(t, "shipping info received") ||
      contains_ci(t, "pre-shipment") || contains_ci(t, "awaiting item"))
    return {Status::info_received, std::nullopt};
  if (contains_ci(t, "undeliverable") || contains_ci(t, "insufficient address"))
    return {Status::exception, ExceptionReason::address};
  if (contains_ci(t, "weather")) return {Status::exception, ExceptionReason::weather};
  if (contains_ci(t, "customs")) return {Status::exception, ExceptionReason::customs};
  if (contains_ci(t, "damaged")) return {Status::exception, ExceptionReason::damaged};
  if (contains_ci(t, "expired")) return {Status::expired, std::nullopt};
  return {Status::in_transit, std::nullopt};  // acceptance, arrival, departure, sorting...
}

}  // namespace

EventStatus map_event(std::string_view code, std::string_view text) {
  if (const Row* r = tracking::codec::find_status(kCodes, code)) return {r->status, r->reason};
  return from_text(text);
}

std::optional<EventStatus> map_category(std::string_view category) {
  for (const auto& r : kCategories)
    if (tracking::codec::to_lower(r.code) == tracking::codec::to_lower(category))
      return EventStatus{r.status, r.reason};
  return std::nullopt;
}

}  // namespace forewarn::clients::usps
