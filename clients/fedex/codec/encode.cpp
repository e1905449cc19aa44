#include "clients/fedex/codec/encode.hpp"

#include <nlohmann/json.hpp>

#include "core/tracking/codec_support.hpp"
#include "core/tracking/encode_support.hpp"

namespace forewarn::clients::fedex {
namespace {

using nlohmann::json;
using tracking::ExceptionReason;
using tracking::Status;
namespace enc = tracking::encode;

struct Scan {
  std::string_view code, description, exception_description;
};

// A code (and exception text) map_event reads back as the status.
Scan scan_for(Status s, std::optional<ExceptionReason> r, std::string_view description) {
  switch (s) {
    case Status::info_received: return {"OC", "Shipment information sent to FedEx", ""};
    case Status::in_transit:
      if (description.empty()) return {"IT", "In transit", ""};
      if (enc::starts_with_word(description, "Arrived")) return {"AR", description, ""};
      if (enc::starts_with_word(description, "Departed")) return {"DP", description, ""};
      if (enc::starts_with_word(description, "Pickup") || enc::starts_with_word(description, "Picked"))
        return {"PU", description, ""};
      return {"IT", description, ""};
    case Status::out_for_delivery: return {"OD", "On FedEx vehicle for delivery", ""};
    case Status::available_for_pickup: return {"HP", "Ready for recipient pickup", ""};
    case Status::delivered: return {"DL", "Delivered", ""};
    case Status::attempt_failed:
      return {"DE", "Delivery exception", "Customer not available or business closed"};
    case Status::expired: return {"CA", "Shipment cancelled by sender", ""};
    case Status::unknown: return {"", "", ""};
    case Status::exception: break;
  }
  switch (r.value_or(ExceptionReason::other)) {
    case ExceptionReason::weather: return {"DY", "Delay", "Local weather delay"};
    case ExceptionReason::address: return {"DE", "Delivery exception", "Incorrect recipient address"};
    case ExceptionReason::damaged: return {"SE", "Shipment exception", "Package damaged during transit"};
    case ExceptionReason::customs: return {"CD", "Clearance delay", "Clearance delay, import"};
    case ExceptionReason::returned: return {"RS", "Returning package to shipper", ""};
    case ExceptionReason::held: return {"SE", "Shipment exception", "Package held at FedEx location"};
    case ExceptionReason::lost: return {"SE", "Shipment exception", "Package could not be located"};
    case ExceptionReason::other: break;
  }
  return {"SE", "Shipment exception", "Shipment exception"};
}

json location_json(const tracking::Location& l) {
  return {{"city", l.city},
          {"stateOrProvinceCode", l.state},
          {"postalCode", l.postal_code},
          {"countryCode", l.country},
          {"residential", false}};
}

json scan_json(const tracking::TrackingEvent& e) {
  const Scan sc = scan_for(e.status, e.exception_reason, e.description);
  return {{"date", tracking::codec::format_timestamp(e.time, e.utc_offset_minutes)},
          {"eventType", sc.code},
          {"eventDescription", sc.description},
          {"exceptionCode", ""},
          {"exceptionDescription", sc.exception_description},
          {"scanLocation", location_json(e.location)},
          {"derivedStatusCode", sc.code},
          {"derivedStatus", sc.description}};
}

json track_result_json(const tracking::TrackingResult& r, std::string_view service) {
  json scans = json::array();
  for (const auto& e : r.events) scans.push_back(scan_json(e));
  const auto cur = enc::current_status(r);
  const Scan latest = scan_for(cur.status, cur.reason, enc::newest_description(r));
  json detail = {{"code", latest.code},
                 {"derivedCode", latest.code},
                 {"statusByLocale", latest.description},
                 {"description", latest.description}};
  if (!r.events.empty()) detail["scanLocation"] = location_json(r.events.front().location);
  if (!latest.exception_description.empty())
    detail["ancillaryDetails"] = json::array({{{"reason", "15"}, {"reasonDescription", latest.exception_description}}});
  // Dates carry the offset of the newest scan, like FedEx's local times.
  const std::optional<int> offset = r.events.empty() ? std::nullopt : r.events.front().utc_offset_minutes;
  json dates = json::array();
  if (r.estimated_delivery) {
    const Instant midnight_local{std::chrono::sys_days{*r.estimated_delivery}.time_since_epoch()};
    const Instant t = offset ? midnight_local - std::chrono::minutes{*offset} : midnight_local;
    dates.push_back({{"type", "ESTIMATED_DELIVERY"}, {"dateTime", tracking::codec::format_timestamp(t, offset)}});
  }
  if (r.delivered_at)
    dates.push_back({{"type", "ACTUAL_DELIVERY"},
                     {"dateTime", tracking::codec::format_timestamp(*r.delivered_at, r.delivered_at_utc_offset_minutes)}});
  json out = {{"trackingNumberInfo", {{"trackingNumber", r.tracking_number}, {"carrierCode", "FDXG"}}},
              {"latestStatusDetail", std::move(detail)},
              {"dateAndTimes", std::move(dates)},
              {"scanEvents", std::move(scans)}};
  if (!service.empty()) out["serviceDetail"] = {{"description", service}};
  return out;
}

}  // namespace

std::string encode_track_response(std::span<const tracking::TrackingResult> results,
                                  std::span<const std::string> service_names, std::span<const std::string> not_found) {
  json complete = json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string_view service = i < service_names.size() ? std::string_view(service_names[i]) : "";
    complete.push_back({{"trackingNumber", results[i].tracking_number},
                        {"trackResults", json::array({track_result_json(results[i], service)})}});
  }
  for (const auto& n : not_found)
    complete.push_back(
        {{"trackingNumber", n},
         {"trackResults",
          json::array({{{"trackingNumberInfo", {{"trackingNumber", n}}},
                        {"error",
                         {{"code", "TRACKING.TRACKINGNUMBER.NOTFOUND"},
                          {"message", "Tracking number cannot be found. Please correct the tracking number and try again."}}}}})}});
  return json{{"transactionId", "sim"}, {"output", {{"completeTrackResults", std::move(complete)}}}}.dump();
}

std::string encode_error(std::string_view code, std::string_view message) {
  return json{{"transactionId", "sim"}, {"errors", json::array({{{"code", code}, {"message", message}}})}}.dump();
}

std::string encode_token_response(std::string_view access_token, std::chrono::seconds expires_in) {
  return json{{"access_token", access_token}, {"token_type", "bearer"}, {"expires_in", expires_in.count()},
              {"scope", "CXS"}}
      .dump();
}

}  // namespace forewarn::clients::fedex
