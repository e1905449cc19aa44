#include "clients/usps/codec/encode.hpp"

#include <nlohmann/json.hpp>

#include "core/tracking/codec_support.hpp"
#include "core/tracking/encode_support.hpp"

namespace forewarn::clients::usps {
namespace {

using nlohmann::json;
using tracking::ExceptionReason;
using tracking::Status;
namespace enc = tracking::encode;

struct Event {
  std::string_view code, text;
};

Event event_for(Status s, std::optional<ExceptionReason> r, std::string_view description) {
  switch (s) {
    case Status::info_received: return {"GX", "Shipping Label Created, USPS Awaiting Item"};
    case Status::in_transit:
      if (description.empty()) return {"T1", "In Transit to Next Facility"};
      if (enc::starts_with_word(description, "Arrived")) return {"10", description};
      if (enc::starts_with_word(description, "Departed")) return {"EF", description};
      if (enc::starts_with_word(description, "Accepted") || enc::starts_with_word(description, "Pickup"))
        return {"OA", description};
      return {"T1", description};
    case Status::out_for_delivery: return {"OF", "Out for Delivery"};
    case Status::available_for_pickup: return {"14", "Available for Pickup"};
    case Status::delivered: return {"01", "Delivered, Front Door/Porch"};
    case Status::attempt_failed: return {"02", "Notice Left (No Authorized Recipient Available)"};
    case Status::expired: return {"", "Tracking Expired"};
    case Status::unknown: return {"", ""};
    case Status::exception: break;
  }
  switch (r.value_or(ExceptionReason::other)) {
    case ExceptionReason::weather: return {"", "Delayed Due to Weather"};
    case ExceptionReason::address: return {"05", "Undeliverable as Addressed"};
    case ExceptionReason::damaged: return {"", "Item Damaged"};
    case ExceptionReason::customs: return {"", "Held in Customs"};
    case ExceptionReason::returned: return {"09", "Return to Sender"};
    case ExceptionReason::held: return {"15", "Held at Post Office, At Customer Request"};
    case ExceptionReason::lost: return {"08", "Missing Mail Search Request Initiated"};
    case ExceptionReason::other: break;
  }
  return {"08", "Alert"};
}

std::string_view category_for(Status s, std::optional<ExceptionReason> r) {
  switch (s) {
    case Status::info_received: return "Pre-Shipment";
    case Status::in_transit: return "In Transit";
    case Status::out_for_delivery: return "Out for Delivery";
    case Status::available_for_pickup: return "Available for Pickup";
    case Status::delivered: return "Delivered";
    case Status::attempt_failed: return "Delivery Attempt";
    case Status::expired: return "Tracking Expired";
    case Status::unknown: return "";
    case Status::exception: break;
  }
  return r == ExceptionReason::returned ? "Return to Sender" : "Alert";
}

json event_json(const tracking::TrackingEvent& e) {
  const Event ev = event_for(e.status, e.exception_reason, e.description);
  json j = {{"eventType", ev.text},
            {"eventTimestamp", tracking::codec::format_timestamp(enc::local_reading(e.time, e.utc_offset_minutes),
                                                                 std::nullopt)},
            {"eventCountry", e.location.country == "US" ? json(nullptr) : json(e.location.country)},
            {"eventCity", e.location.city},
            {"eventState", e.location.state},
            {"eventZIP", e.location.postal_code},
            {"firm", nullptr},
            {"name", nullptr},
            {"authorizedAgent", "false"},
            {"eventCode", ev.code}};
  if (e.utc_offset_minutes) {
    j["GMTTimestamp"] = tracking::codec::format_timestamp(e.time, 0);
    j["GMTOffset"] = enc::format_offset(*e.utc_offset_minutes);
  }
  return j;
}

}  // namespace

std::string encode_track_response(const tracking::TrackingResult& r, std::string_view mail_class) {
  json events = json::array();
  for (const auto& e : r.events) events.push_back(event_json(e));
  const auto cur = enc::current_status(r);
  const Event latest = event_for(cur.status, cur.reason, enc::newest_description(r));
  json j = {{"trackingNumber", r.tracking_number},
            {"mailClass", mail_class},
            {"mailType", "DM"},
            {"status", latest.text},
            {"statusCategory", category_for(cur.status, cur.reason)},
            {"statusSummary", latest.text},
            {"trackingEvents", std::move(events)}};
  if (r.estimated_delivery) j["expectedDeliveryDate"] = enc::iso_date(*r.estimated_delivery);
  if (!r.events.empty()) {
    const auto& oldest = r.events.back().location;
    const auto& newest = r.events.front().location;
    j["originCity"] = oldest.city;
    j["originState"] = oldest.state;
    j["destinationCity"] = newest.city;
    j["destinationState"] = newest.state;
  }
  return j.dump();
}

std::string encode_error(int http_status, std::string_view code, std::string_view message) {
  return json{{"apiVersion", "v3"},
              {"error",
               {{"code", std::to_string(http_status)},
                {"message", message},
                {"errors", json::array({{{"status", std::to_string(http_status)},
                                         {"code", code},
                                         {"title", message},
                                         {"detail", message}}})}}}}
      .dump();
}

std::string encode_token_response(std::string_view access_token, std::chrono::seconds expires_in,
                                  long long issued_at_ms) {
  return json{{"access_token", access_token},
              {"token_type", "Bearer"},
              {"issued_at", issued_at_ms},
              {"expires_in", expires_in.count()},
              {"status", "approved"},
              {"scope", "tracking"},
              {"issuer", "api.usps.com"},
              {"application_name", "forewarn-sim"}}
      .dump();
}

}  // namespace forewarn::clients::usps
