#include "clients/fedex/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"
#include "core/tracking/xml_support.hpp"

namespace forewarn::clients::fedex {
namespace {

namespace c = tracking::codec;
namespace x = tracking::xml;
using tracking::ErrorKind;
using tracking::ParseOutcome;

bool is_failure(std::string_view severity) { return severity == "ERROR" || severity == "FAILURE"; }

ErrorKind kind_for(std::string_view code, std::string_view message) {
  if (code == "1000" || code == "1001" || c::contains_ci(message, "authentication"))
    return ErrorKind::unauthorized;
  if (code == "9040" || c::contains_ci(message, "cannot be found") || c::contains_ci(message, "not found"))
    return ErrorKind::not_found;
  if (code == "6330" || code == "9045" || code == "9080" || c::contains_ci(message, "retry later") ||
      c::contains_ci(message, "unable to process"))
    return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

tracking::ParseError error_of(const pugi::xml_node& notification) {
  std::string code = x::text(notification, "Code");
  std::string msg = c::squash_spaces(x::text(notification, "Message"));
  return {kind_for(code, msg), msg.empty() ? "FedEx error" : msg, code};
}

// The raw text of DatesOrTimes[Type] (v9+) or of the legacy element (v3..v7).
std::string date_or_time(const pugi::xml_node& td, std::string_view type,
                         std::string_view legacy_element) {
  for (const auto& d : x::children(td, "DatesOrTimes"))
    if (x::text(d, "Type") == type) return x::text(d, "DateOrTimestamp");
  return x::text(td, legacy_element);
}

tracking::TrackingResult result_of(const pugi::xml_node& td) {
  tracking::TrackingResult r;
  r.carrier = "fedex";
  r.tracking_number = x::text(td, "TrackingNumber");
  for (const auto& ev : x::children(td, "Events")) {
    auto ts = c::parse_timestamp(x::text(ev, "Timestamp"));
    if (!ts) continue;
    tracking::TrackingEvent e;
    e.time = ts->time;
    e.utc_offset_minutes = ts->utc_offset_minutes;
    std::string code = x::text(ev, "EventType");
    auto m = map_event(code, x::text(ev, "StatusExceptionDescription"));
    e.status = m.status;
    e.exception_reason = m.reason;
    e.substatus = code;
    e.description = c::squash_spaces(x::text(ev, "EventDescription"));
    pugi::xml_node a = x::child(ev, "Address");
    e.location.city = x::text(a, "City");
    e.location.state = x::text(a, "StateOrProvinceCode");
    e.location.postal_code = x::text(a, "PostalCode");
    e.location.country = x::text(a, "CountryCode");
    r.events.push_back(std::move(e));
  }
  c::derive_status_from_events(r);
  std::string code = x::text(td, "StatusCode");
  std::string anc;
  if (code.empty()) {
    pugi::xml_node sd = x::child(td, "StatusDetail");
    code = x::text(sd, "Code");
    anc = x::text_at(sd, {"AncillaryDetails", "ReasonDescription"});
  }
  auto m = map_event(code, anc);
  if (m.status != tracking::Status::unknown) {
    r.status = m.status;
    r.exception_reason = m.reason;
    r.substatus = code;
  }
  // The EDD is the carrier's local calendar date as written.
  r.estimated_delivery = c::parse_date(date_or_time(td, "ESTIMATED_DELIVERY", "EstimatedDeliveryTimestamp"));
  if (r.status == tracking::Status::delivered)
    if (auto ad = c::parse_timestamp(date_or_time(td, "ACTUAL_DELIVERY", "ActualDeliveryTimestamp"))) {
      r.delivered_at = ad->time;
      r.delivered_at_utc_offset_minutes = ad->utc_offset_minutes;
    }
  tracking::finalize(r);
  return r;
}

}  // namespace

ParseOutcome parse_track_xml(std::string_view body) {
  try {
    pugi::xml_document doc;
    if (!x::load(doc, body)) return ParseOutcome::failure(ErrorKind::malformed, "not well-formed XML");
    pugi::xml_node root = x::payload_root(doc);
    if (root && x::local_name(root) == "Fault")
      return ParseOutcome::failure(ErrorKind::server_error, x::text(root, "faultstring"));
    if (!root || x::local_name(root) != "TrackReply")
      return ParseOutcome::failure(ErrorKind::malformed, "not a FedEx TrackReply");
    if (is_failure(x::text(root, "HighestSeverity"))) {
      for (const auto& n : x::children(root, "Notifications"))
        if (is_failure(x::text(n, "Severity"))) {
          auto e = error_of(n);
          return ParseOutcome::failure(e.kind, e.reason, e.carrier_code);
        }
      return ParseOutcome::failure(ErrorKind::server_error, "FedEx reported failure");
    }
    std::vector<pugi::xml_node> details = x::children(root, "TrackDetails");  // v3..v5
    std::optional<tracking::ParseError> first_error;
    for (const auto& ctd : x::children(root, "CompletedTrackDetails")) {
      if (is_failure(x::text(ctd, "HighestSeverity")))
        for (const auto& n : x::children(ctd, "Notifications"))
          if (is_failure(x::text(n, "Severity")) && !first_error) first_error = error_of(n);
      for (const auto& td : x::children(ctd, "TrackDetails")) details.push_back(td);
    }
    std::vector<tracking::TrackingResult> out;
    for (const auto& td : details) {
      pugi::xml_node n = x::child(td, "Notification");
      if (n && is_failure(x::text(n, "Severity"))) {
        if (!first_error) first_error = error_of(n);
        continue;
      }
      out.push_back(result_of(td));
    }
    return tracking::codec::collected(std::move(out), first_error, "no track details in reply");
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("FedEx XML: ") + e.what());
  }
}

}  // namespace forewarn::clients::fedex
