#include "clients/ups/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::ups {
namespace {

namespace c = tracking::codec;
using tracking::ErrorKind;
using tracking::ParseOutcome;

ErrorKind kind_for_code(std::string_view code, std::string_view message) {
  if (code.rfind("2500", 0) == 0 || c::contains_ci(message, "unauthorized") ||
      c::contains_ci(message, "access license") || c::contains_ci(message, "token"))
    return ErrorKind::unauthorized;
  if (code == "429" || c::contains_ci(message, "rate limit") || c::contains_ci(message, "too many"))
    return ErrorKind::rate_limited;
  if (code == "TW0001" || code == "151044" || c::contains_ci(message, "not found"))
    return ErrorKind::not_found;
  if (code == "TV1002" || code == "151018" || c::contains_ci(message, "invalid"))
    return ErrorKind::invalid_request;
  if (c::contains_ci(message, "unavailable") || c::contains_ci(message, "system error"))
    return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

tracking::Location location_of(const c::Json& activity) {
  tracking::Location l;
  const c::Json* a = c::path(activity, {"location", "address"});
  if (!a) return l;
  l.city = c::str(*a, "city");
  l.state = c::str(*a, "stateProvince");
  l.postal_code = c::str(*a, "postalCode");
  l.country = c::str(*a, "countryCode");
  if (l.country.empty()) l.country = c::str(*a, "country");
  return l;
}

std::optional<c::Timestamp> time_of(const c::Json& activity) {
  // Prefer GMT date/time + offset when the API provides them.
  std::string gd = c::str(activity, "gmtDate"), gt = c::str(activity, "gmtTime"),
              go = c::str(activity, "gmtOffset");
  if (!gd.empty() && !gt.empty() && !go.empty()) {
    std::string t = gt;
    std::erase(t, ':');
    auto utc = c::parse_compact(gd, t);
    auto off = c::parse_timestamp("2000-01-01T00:00:00" + go);
    if (utc && off && off->utc_offset_minutes) return c::Timestamp{utc->time, off->utc_offset_minutes};
  }
  return c::parse_compact(c::str(activity, "date"), c::str(activity, "time"));
}

std::optional<std::chrono::year_month_day> edd_of(const c::Json& pkg) {
  const c::Json* dates = c::array(pkg, "deliveryDate");
  if (!dates) return std::nullopt;
  for (std::string_view want : {"RDD", "SDD", "EDD"}) {
    for (const auto& d : *dates)
      if (c::str(d, "type") == want)
        if (auto ymd = c::parse_date(c::str(d, "date"))) return ymd;
  }
  return std::nullopt;
}

tracking::TrackingResult package_result(const c::Json& shipment, const c::Json& pkg) {
  tracking::TrackingResult r;
  r.carrier = "ups";
  r.tracking_number = c::str(pkg, "trackingNumber");
  if (r.tracking_number.empty()) r.tracking_number = c::str(shipment, "inquiryNumber");
  if (const c::Json* acts = c::array(pkg, "activity")) {
    for (const auto& a : *acts) {
      auto ts = time_of(a);
      if (!ts) continue;
      tracking::TrackingEvent e;
      e.time = ts->time;
      e.utc_offset_minutes = ts->utc_offset_minutes;
      const c::Json* st = c::member(a, "status");
      std::string type = st ? c::str(*st, "type") : "";
      std::string code = st ? c::str(*st, "code") : "";
      e.description = st ? c::squash_spaces(c::str(*st, "description")) : "";
      auto m = map_activity(type, code, e.description);
      e.status = m.status;
      e.exception_reason = m.reason;
      e.substatus = type + "/" + code;
      e.location = location_of(a);
      r.events.push_back(std::move(e));
    }
  }
  c::derive_status_from_events(r);
  if (const c::Json* cur = c::member(pkg, "currentStatus"); cur && cur->is_object()) {
    std::string type = c::str(*cur, "type"), code = c::str(*cur, "code");
    auto m = map_activity(type, code, c::squash_spaces(c::str(*cur, "description")));
    if (m.status != tracking::Status::unknown) {
      r.status = m.status;
      r.exception_reason = m.reason;
      r.substatus = type + "/" + code;
    }
  }
  r.estimated_delivery = edd_of(pkg);
  tracking::finalize(r);
  return r;
}

}  // namespace

ParseOutcome parse_track_json(std::string_view body) {
  try {
    c::Json j = c::parse_json(body);
    if (j.is_discarded() || !j.is_object()) return ParseOutcome::failure(ErrorKind::malformed, "not a JSON object");
    if (const c::Json* errs = c::path(j, {"response", "errors"}); errs && errs->is_array() && !errs->empty()) {
      std::string code = c::str((*errs)[0], "code"), msg = c::str((*errs)[0], "message");
      return ParseOutcome::failure(kind_for_code(code, msg), msg.empty() ? "UPS error" : msg, code);
    }
    const c::Json* shipments = c::path(j, {"trackResponse", "shipment"});
    if (!shipments || !shipments->is_array()) return ParseOutcome::failure(ErrorKind::malformed, "no trackResponse.shipment");
    std::vector<tracking::TrackingResult> out;
    std::optional<tracking::ParseError> first_warning;
    for (const auto& s : *shipments) {
      const c::Json* pkgs = c::array(s, "package");
      if (pkgs && !pkgs->empty()) {
        for (const auto& p : *pkgs)
          if (p.is_object()) out.push_back(package_result(s, p));
        continue;
      }
      if (const c::Json* w = c::array(s, "warnings"); w && !w->empty() && !first_warning) {
        std::string code = c::str((*w)[0], "code"), msg = c::str((*w)[0], "message");
        first_warning = tracking::ParseError{kind_for_code(code, msg), msg, code};
      }
    }
    return tracking::codec::collected(std::move(out), first_warning, "no package in response");
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("UPS JSON: ") + e.what());
  }
}

ParseOutcome parse_track(std::string_view body) {
  return tracking::codec::parse_xml_or_json(body, parse_track_xml, parse_track_json);
}

}  // namespace forewarn::clients::ups
