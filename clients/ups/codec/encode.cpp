#include "clients/ups/codec/encode.hpp"

#include <nlohmann/json.hpp>

#include "core/tracking/encode_support.hpp"

namespace forewarn::clients::ups {
namespace {

using nlohmann::json;
using tracking::ExceptionReason;
using tracking::Status;
namespace enc = tracking::encode;

struct Activity {
  std::string_view type, code, description;
};

// One canonical activity per status (and exception reason) that
// map_activity reads back as that status. In-transit scans keep the given
// description and get the code of its first word.
Activity activity_for(Status s, std::optional<ExceptionReason> r, std::string_view description) {
  switch (s) {
    case Status::info_received: return {"M", "MP", "Shipper created a label, UPS has not received the package yet."};
    case Status::in_transit:
      if (description.empty()) return {"I", "IT", "On the Way"};
      if (enc::starts_with_word(description, "Arrived")) return {"I", "AR", description};
      if (enc::starts_with_word(description, "Departed")) return {"I", "DP", description};
      if (enc::starts_with_word(description, "Pickup")) return {"P", "PU", description};
      return {"I", "OR", description};
    case Status::out_for_delivery: return {"I", "OF", "Out For Delivery Today"};
    case Status::available_for_pickup:
      return {"I", "ZP", "Delivered to UPS Access Point. Awaiting customer pickup."};
    case Status::delivered: return {"D", "FS", "DELIVERED"};
    case Status::attempt_failed:
      return {"X", "48", "The receiver was not available for delivery. We'll make a second attempt the next business day."};
    case Status::expired: return {"MV", "MV", "The shipment has been voided."};
    case Status::unknown: return {"NA", "NA", "Status not available."};
    case Status::exception: break;
  }
  switch (r.value_or(ExceptionReason::other)) {
    case ExceptionReason::weather: return {"X", "DJ", "Severe weather conditions have delayed delivery."};
    case ExceptionReason::address:
      return {"X", "AI", "The address is incorrect. We're attempting to obtain the correct address."};
    case ExceptionReason::damaged: return {"X", "DM", "The package was damaged and is being repacked."};
    case ExceptionReason::customs: return {"X", "CU", "The package is being held for customs brokerage."};
    case ExceptionReason::returned: return {"RS", "RS", "Returned to shipper."};
    case ExceptionReason::held: return {"X", "HL", "The package is being held at the request of the receiver."};
    case ExceptionReason::lost: return {"X", "LT", "We're sorry, the package is lost; a claim has been opened."};
    case ExceptionReason::other: break;
  }
  return {"X", "2Y", "A delay has occurred."};
}

json status_json(const Activity& a) {
  return {{"type", a.type}, {"code", a.code}, {"description", a.description},
          {"simplifiedTextDescription", a.description}, {"statusCode", "003"}};
}

json address_json(const tracking::Location& l) {
  return {{"address",
           {{"city", l.city}, {"stateProvince", l.state}, {"postalCode", l.postal_code}, {"countryCode", l.country},
            {"country", l.country}}}};
}

json activity_json(const tracking::TrackingEvent& e) {
  const Instant local = enc::local_reading(e.time, e.utc_offset_minutes);
  json a = {{"location", address_json(e.location)},
            {"status", status_json(activity_for(e.status, e.exception_reason, e.description))},
            {"date", enc::compact_date(local)},
            {"time", enc::compact_time(local)}};
  if (e.utc_offset_minutes) {
    a["gmtDate"] = enc::compact_date(e.time);
    a["gmtTime"] = enc::colon_time(e.time);
    a["gmtOffset"] = enc::format_offset(*e.utc_offset_minutes);
  }
  return a;
}

json package_json(const tracking::TrackingResult& r, std::string_view service) {
  json acts = json::array();
  for (const auto& e : r.events) acts.push_back(activity_json(e));  // newest first, as UPS sends them
  const auto cur = enc::current_status(r);
  json p = {{"trackingNumber", r.tracking_number},
            {"activity", std::move(acts)},
            {"currentStatus", status_json(activity_for(cur.status, cur.reason, enc::newest_description(r)))},
            {"packageCount", 1},
            {"deliveryDate", json::array()}};
  if (r.estimated_delivery)
    p["deliveryDate"].push_back({{"type", "SDD"}, {"date", enc::compact_date(std::chrono::sys_days{*r.estimated_delivery})}});
  if (r.delivered_at) {
    const Instant local = enc::local_reading(*r.delivered_at, r.delivered_at_utc_offset_minutes);
    p["deliveryDate"].push_back({{"type", "DEL"}, {"date", enc::compact_date(local)}});
    p["deliveryTime"] = {{"type", "DEL"}, {"startTime", enc::compact_time(local)}, {"endTime", enc::compact_time(local)}};
  }
  if (!service.empty()) p["service"] = {{"code", "003"}, {"description", service}};
  return p;
}

}  // namespace

std::string encode_track_response(std::span<const tracking::TrackingResult> results,
                                  std::span<const std::string> service_names) {
  json shipments = json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string_view service = i < service_names.size() ? std::string_view(service_names[i]) : "";
    shipments.push_back({{"inquiryNumber", results[i].tracking_number},
                         {"package", json::array({package_json(results[i], service)})},
                         {"userRelation", json::array()}});
  }
  return json{{"trackResponse", {{"shipment", std::move(shipments)}}}}.dump();
}

std::string encode_not_found(std::string_view inquiry_number) {
  return json{{"trackResponse",
               {{"shipment",
                 json::array({{{"inquiryNumber", inquiry_number},
                               {"package", json::array()},
                               {"warnings", json::array({{{"code", "TW0001"},
                                                          {"message", "Tracking Information Not Found"}}})}}})}}}}
      .dump();
}

std::string encode_error(std::string_view code, std::string_view message) {
  return json{{"response", {{"errors", json::array({{{"code", code}, {"message", message}}})}}}}.dump();
}

std::string encode_token_response(std::string_view access_token, std::chrono::seconds expires_in,
                                  std::string_view client_id, long long issued_at_ms) {
  return json{{"token_type", "Bearer"},
              {"issued_at", std::to_string(issued_at_ms)},
              {"client_id", client_id},
              {"access_token", access_token},
              {"expires_in", std::to_string(expires_in.count())},
              {"refresh_count", "0"},
              {"status", "approved"}}
      .dump();
}

}  // namespace forewarn::clients::ups
