#include "clients/dhl/codec/encode.hpp"

#include <nlohmann/json.hpp>

#include "core/tracking/codec_support.hpp"
#include "core/tracking/encode_support.hpp"

namespace forewarn::clients::dhl {
namespace {

using nlohmann::json;
using tracking::ExceptionReason;
using tracking::Status;
namespace enc = tracking::encode;

struct Code {
  std::string_view status_code, status, description;
};

// statusCode + text that map_status reads back as the status.
Code code_for(Status s, std::optional<ExceptionReason> r, std::string_view description) {
  switch (s) {
    case Status::info_received: return {"pre-transit", "Shipment information received", "The shipment has been announced"};
    case Status::in_transit:
      return {"transit", "In transit", description.empty() ? std::string_view("Processed at DHL facility") : description};
    case Status::out_for_delivery: return {"transit", "In transit", "With delivery courier"};
    case Status::available_for_pickup: return {"transit", "In transit", "Awaiting collection at a DHL Service Point"};
    case Status::delivered: return {"delivered", "Delivered", "Delivered"};
    case Status::attempt_failed: return {"failure", "Delivery failed", "Delivery attempted; recipient not home"};
    case Status::expired:
    case Status::unknown: return {"unknown", "Unknown", "Status not available"};
    case Status::exception: break;
  }
  switch (r.value_or(ExceptionReason::other)) {
    case ExceptionReason::weather: return {"failure", "Delayed", "Delayed due to weather conditions"};
    case ExceptionReason::address: return {"failure", "Delayed", "Incorrect or incomplete address"};
    case ExceptionReason::damaged: return {"failure", "Delayed", "Shipment damaged in transit"};
    case ExceptionReason::customs: return {"failure", "Delayed", "Held for customs clearance"};
    case ExceptionReason::returned: return {"failure", "Returned", "Returned to shipper"};
    case ExceptionReason::held: return {"failure", "On hold", "Shipment on hold"};
    case ExceptionReason::lost: return {"failure", "Delayed", "Shipment could not be located"};
    case ExceptionReason::other: break;
  }
  return {"failure", "Delayed", "Shipment exception"};
}

json location_json(const tracking::Location& l) {
  return {{"address", {{"addressLocality", l.city}, {"postalCode", l.postal_code}, {"countryCode", l.country}}}};
}

json event_json(const tracking::TrackingEvent& e) {
  const Code c = code_for(e.status, e.exception_reason, e.description);
  return {{"timestamp", tracking::codec::format_timestamp(e.time, e.utc_offset_minutes)},
          {"location", location_json(e.location)},
          {"statusCode", c.status_code},
          {"status", c.status},
          {"description", c.description}};
}

json shipment_json(const tracking::TrackingResult& r, std::string_view service) {
  json events = json::array();
  for (const auto& e : r.events) events.push_back(event_json(e));
  const auto cur = enc::current_status(r);
  const Code c = code_for(cur.status, cur.reason, enc::newest_description(r));
  json status = {{"statusCode", c.status_code}, {"status", c.status}, {"description", c.description}};
  if (!r.events.empty()) {
    status["timestamp"] =
        tracking::codec::format_timestamp(r.events.front().time, r.events.front().utc_offset_minutes);
    status["location"] = location_json(r.events.front().location);
  }
  json s = {{"id", r.tracking_number},
            {"service", service.empty() ? std::string_view("express") : service},
            {"status", std::move(status)},
            {"details", {{"product", {{"productName", "DHL EXPRESS WORLDWIDE"}}}, {"totalNumberOfPieces", 1}}},
            {"events", std::move(events)}};
  if (!r.events.empty()) {
    s["origin"] = location_json(r.events.back().location);
    s["destination"] = location_json(r.events.front().location);
  }
  if (r.estimated_delivery) {
    const std::string day = enc::iso_date(*r.estimated_delivery);
    s["estimatedTimeOfDelivery"] = day + "T18:00:00Z";
    s["estimatedDeliveryTimeFrame"] = {{"estimatedFrom", day + "T09:00:00Z"}, {"estimatedThrough", day + "T18:00:00Z"}};
  }
  if (r.delivered_at)
    s["details"]["proofOfDelivery"] = {
        {"timestamp", tracking::codec::format_timestamp(*r.delivered_at, r.delivered_at_utc_offset_minutes)},
        {"signed", {{"@type", "Person"}, {"name", "RECIPIENT"}}}};
  return s;
}

}  // namespace

std::string encode_track_response(std::span<const tracking::TrackingResult> results, std::string_view service) {
  json shipments = json::array();
  for (const auto& r : results) shipments.push_back(shipment_json(r, service));
  return json{{"shipments", std::move(shipments)}, {"possibleAdditionalShipmentsUrl", json::array()}}.dump();
}

std::string encode_problem(int http_status, std::string_view title, std::string_view detail) {
  return json{{"title", title}, {"status", http_status}, {"detail", detail}}.dump();
}

std::string encode_not_found(std::string_view tracking_number) {
  json j = json::parse(encode_problem(404, "No result found", "No shipment with given tracking number found."));
  j["instance"] = "/shipment/" + std::string(tracking_number);
  return j.dump();
}

}  // namespace forewarn::clients::dhl
