#include "clients/fedex/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::fedex {
namespace {

namespace c = tracking::codec;
using tracking::ErrorKind;
using tracking::ParseOutcome;

ErrorKind kind_for(std::string_view code, std::string_view message) {
  if (c::contains_ci(code, "NOT.AUTHORIZED") || c::contains_ci(code, "UNAUTHORIZED") ||
      c::contains_ci(message, "JWT") || c::contains_ci(message, "token") ||
      c::contains_ci(code, "FORBIDDEN"))
    return ErrorKind::unauthorized;
  if (c::contains_ci(code, "RATE") || c::contains_ci(code, "QUOTA") || c::contains_ci(message, "too many"))
    return ErrorKind::rate_limited;
  if (c::contains_ci(code, "NOTFOUND") || c::contains_ci(code, "NOT.FOUND") ||
      c::contains_ci(message, "cannot be found"))
    return ErrorKind::not_found;
  if (c::contains_ci(code, "INTERNAL") || c::contains_ci(code, "UNAVAILABLE") ||
      c::contains_ci(code, "SYSTEM.UNAVAILABLE"))
    return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

tracking::Location location_of(const c::Json* a) {
  tracking::Location l;
  if (!a) return l;
  l.city = c::str(*a, "city");
  l.state = c::str(*a, "stateOrProvinceCode");
  l.postal_code = c::str(*a, "postalCode");
  l.country = c::str(*a, "countryCode");
  return l;
}

std::optional<std::chrono::year_month_day> edd_of(const c::Json& tr) {
  if (const c::Json* dts = c::array(tr, "dateAndTimes"))
    for (const auto& d : *dts)
      if (c::str(d, "type") == "ESTIMATED_DELIVERY")
        if (auto ymd = c::parse_date(c::str(d, "dateTime"))) return ymd;
  if (const c::Json* w = c::path(tr, {"estimatedDeliveryTimeWindow", "window"})) {
    if (auto ymd = c::parse_date(c::str(*w, "ends"))) return ymd;
    if (auto ymd = c::parse_date(c::str(*w, "begins"))) return ymd;
  }
  return std::nullopt;
}

tracking::TrackingResult result_of(const c::Json& tr, std::string_view fallback_number) {
  tracking::TrackingResult r;
  r.carrier = "fedex";
  r.tracking_number = c::str(c::path(tr, {"trackingNumberInfo", "trackingNumber"}));
  if (r.tracking_number.empty()) r.tracking_number = std::string(fallback_number);
  if (const c::Json* evs = c::array(tr, "scanEvents")) {
    for (const auto& ev : *evs) {
      auto ts = c::parse_timestamp(c::str(ev, "date"));
      if (!ts) continue;
      tracking::TrackingEvent e;
      e.time = ts->time;
      e.utc_offset_minutes = ts->utc_offset_minutes;
      std::string code = c::str(ev, "eventType");
      std::string exc = c::str(ev, "exceptionDescription");
      auto m = map_event(code, exc);
      e.status = m.status;
      e.exception_reason = m.reason;
      e.substatus = code;
      e.description = c::squash_spaces(c::str(ev, "eventDescription"));
      e.location = location_of(c::member(ev, "scanLocation"));
      r.events.push_back(std::move(e));
    }
  }
  c::derive_status_from_events(r);
  if (const c::Json* latest = c::member(tr, "latestStatusDetail"); latest && latest->is_object()) {
    std::string code = c::str(*latest, "code");
    if (code.empty()) code = c::str(*latest, "derivedCode");
    std::string exc;
    if (const c::Json* anc = c::array(*latest, "ancillaryDetails"); anc && !anc->empty())
      exc = c::str((*anc)[0], "reasonDescription");
    auto m = map_event(code, exc);
    if (m.status != tracking::Status::unknown) {
      r.status = m.status;
      r.exception_reason = m.reason;
      r.substatus = code;
    }
  }
  r.estimated_delivery = edd_of(tr);
  if (r.status == tracking::Status::delivered)
    if (const c::Json* dts = c::array(tr, "dateAndTimes"))
      for (const auto& d : *dts)
        if (c::str(d, "type") == "ACTUAL_DELIVERY")
          if (auto ts = c::parse_timestamp(c::str(d, "dateTime"))) {
            r.delivered_at = ts->time;
            r.delivered_at_utc_offset_minutes = ts->utc_offset_minutes;
          }
  tracking::finalize(r);
  return r;
}

}  // namespace

ParseOutcome parse_track_json(std::string_view body) {
  try {
    c::Json j = c::parse_json(body);
    if (j.is_discarded() || !j.is_object()) return ParseOutcome::failure(ErrorKind::malformed, "not a JSON object");
    if (const c::Json* errs = c::array(j, "errors"); errs && !errs->empty()) {
      std::string code = c::str((*errs)[0], "code"), msg = c::str((*errs)[0], "message");
      return ParseOutcome::failure(kind_for(code, msg), msg.empty() ? "FedEx error" : msg, code);
    }
    const c::Json* ctr = c::path(j, {"output", "completeTrackResults"});
    if (!ctr || !ctr->is_array()) return ParseOutcome::failure(ErrorKind::malformed, "no output.completeTrackResults");
    std::vector<tracking::TrackingResult> out;
    std::optional<tracking::ParseError> first_error;
    for (const auto& complete : *ctr) {
      std::string number = c::str(complete, "trackingNumber");
      const c::Json* results = c::array(complete, "trackResults");
      if (!results) continue;
      for (const auto& tr : *results) {
        const c::Json* err = c::member(tr, "error");
        bool has_data = c::member(tr, "latestStatusDetail") || c::array(tr, "scanEvents");
        if (err && err->is_object() && !has_data) {
          if (!first_error) {
            std::string code = c::str(*err, "code"), msg = c::str(*err, "message");
            first_error = tracking::ParseError{kind_for(code, msg), msg, code};
          }
          continue;
        }
        out.push_back(result_of(tr, number));
      }
    }
    return tracking::codec::collected(std::move(out), first_error, "no track results");
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("FedEx JSON: ") + e.what());
  }
}

ParseOutcome parse_track(std::string_view body) {
  return tracking::codec::parse_xml_or_json(body, parse_track_xml, parse_track_json);
}

}  // namespace forewarn::clients::fedex
