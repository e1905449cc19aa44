#include "clients/ups/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"
#include "core/tracking/xml_support.hpp"

namespace forewarn::clients::ups {
namespace {

namespace c = tracking::codec;
namespace x = tracking::xml;
using tracking::ErrorKind;
using tracking::ParseOutcome;

ErrorKind kind_for(std::string_view code, std::string_view severity, std::string_view text) {
  if (severity == "Authentication" || code.rfind("2500", 0) == 0) return ErrorKind::unauthorized;
  if (code == "151044" || c::contains_ci(text, "no tracking information")) return ErrorKind::not_found;
  if (code == "151018" || c::contains_ci(text, "invalid")) return ErrorKind::invalid_request;
  if (severity == "Transient" || c::contains_ci(text, "unavailable")) return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

ParseOutcome from_error_detail(const pugi::xml_node& detail) {
  std::string code = x::text_at(detail, {"PrimaryErrorCode", "Code"});
  std::string desc = x::text_at(detail, {"PrimaryErrorCode", "Description"});
  if (code.empty()) code = x::text(detail, "ErrorCode");
  if (desc.empty()) desc = x::text(detail, "ErrorDescription");
  std::string severity = x::text(detail, "Severity");
  if (severity.empty()) severity = x::text(detail, "ErrorSeverity");
  return ParseOutcome::failure(kind_for(code, severity, desc), desc.empty() ? "UPS error" : desc, code);
}

tracking::TrackingEvent event_of(const pugi::xml_node& act) {
  tracking::TrackingEvent e;
  pugi::xml_node addr = x::at(act, {"ActivityLocation", "Address"});
  e.location.city = x::text(addr, "City");
  e.location.state = x::text(addr, "StateProvinceCode");
  e.location.postal_code = x::text(addr, "PostalCode");
  e.location.country = x::text(addr, "CountryCode");
  pugi::xml_node st = x::child(act, "Status");
  std::string type, code;
  if (pugi::xml_node stype = x::child(st, "StatusType")) {  // XML Tools layout
    type = x::text(stype, "Code");
    e.description = c::squash_spaces(x::text(stype, "Description"));
    code = x::text_at(st, {"StatusCode", "Code"});
  } else {  // XOLTWS layout
    type = x::text(st, "Type");
    code = x::text(st, "Code");
    e.description = c::squash_spaces(x::text(st, "Description"));
  }
  auto m = map_activity(type, code, e.description);
  e.status = m.status;
  e.exception_reason = m.reason;
  e.substatus = type + "/" + code;
  return e;
}

std::optional<c::Timestamp> time_of(const pugi::xml_node& act) {
  std::string gd = x::text(act, "GMTDate"), gt = x::text(act, "GMTTime"), go = x::text(act, "GMTOffset");
  if (!gd.empty() && !gt.empty() && !go.empty()) {
    std::erase(gd, '-');
    std::erase(gt, ':');
    auto utc = c::parse_compact(gd, gt);
    auto off = c::parse_timestamp("2000-01-01T00:00:00" + go);
    if (utc && off && off->utc_offset_minutes) return c::Timestamp{utc->time, off->utc_offset_minutes};
  }
  return c::parse_compact(x::text(act, "Date"), x::text(act, "Time"));
}

std::string shipment_number(const pugi::xml_node& shp) {
  std::string n = x::text_at(shp, {"InquiryNumber", "Value"});
  if (n.empty()) n = x::text(shp, "ShipmentIdentificationNumber");
  return n;
}

}  // namespace

ParseOutcome parse_track_xml(std::string_view body) {
  try {
    pugi::xml_document doc;
    if (!x::load(doc, body)) return ParseOutcome::failure(ErrorKind::malformed, "not well-formed XML");
    pugi::xml_node root = x::payload_root(doc);
    if (!root) return ParseOutcome::failure(ErrorKind::malformed, "empty XML document");
    if (x::local_name(root) == "Fault") {
      if (pugi::xml_node d = x::find(root, "ErrorDetail")) return from_error_detail(d);
      return ParseOutcome::failure(ErrorKind::server_error, x::text(root, "faultstring"));
    }
    if (x::local_name(root) != "TrackResponse")
      return ParseOutcome::failure(ErrorKind::malformed, "not a UPS TrackResponse");
    pugi::xml_node resp = x::child(root, "Response");
    std::string rsc = x::text(resp, "ResponseStatusCode");
    if (rsc.empty()) rsc = x::text_at(resp, {"ResponseStatus", "Code"});
    if (rsc == "0") {
      if (pugi::xml_node err = x::child(resp, "Error")) return from_error_detail(err);
      return ParseOutcome::failure(ErrorKind::invalid_request, x::text(resp, "ResponseStatusDescription"));
    }
    std::vector<tracking::TrackingResult> out;
    for (const auto& shp : x::children(root, "Shipment")) {
      auto edd_shipment = c::parse_date(x::text(shp, "ScheduledDeliveryDate"));
      for (const auto& pkg : x::children(shp, "Package")) {
        tracking::TrackingResult r;
        r.carrier = "ups";
        r.tracking_number = x::text(pkg, "TrackingNumber");
        if (r.tracking_number.empty()) r.tracking_number = shipment_number(shp);
        for (const auto& act : x::children(pkg, "Activity")) {
          auto ts = time_of(act);
          if (!ts) continue;
          auto e = event_of(act);
          e.time = ts->time;
          e.utc_offset_minutes = ts->utc_offset_minutes;
          r.events.push_back(std::move(e));
        }
        // An activity without date/time still tells the status (some
        // responses carry one bare current activity).
        if (r.events.empty()) {
          if (pugi::xml_node act = x::child(pkg, "Activity")) {
            auto e = event_of(act);
            r.status = e.status;
            r.substatus = e.substatus;
            r.exception_reason = e.exception_reason;
          }
        }
        c::derive_status_from_events(r);
        auto edd = c::parse_date(x::text(pkg, "RescheduledDeliveryDate"));
        r.estimated_delivery = edd ? edd : edd_shipment;
        tracking::finalize(r);
        out.push_back(std::move(r));
      }
    }
    if (out.empty()) return ParseOutcome::failure(ErrorKind::not_found, "no package in TrackResponse");
    return ParseOutcome::success(std::move(out));
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("UPS XML: ") + e.what());
  }
}

}  // namespace forewarn::clients::ups
