#include "clients/usps/codec/parse.hpp"
#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::usps {
namespace {

namespace c = tracking::codec;
using tracking::ErrorKind;
using tracking::ParseOutcome;

ErrorKind kind_for_status(std::string_view status, std::string_view code, std::string_view text) {
  if (status == "401" || status == "403" || c::contains_ci(code, "unauthorized") ||
      c::contains_ci(text, "authentication") || c::contains_ci(text, "token"))
    return ErrorKind::unauthorized;
  if (status == "404" || c::contains_ci(text, "not found") || c::contains_ci(text, "could not locate"))
    return ErrorKind::not_found;
  if (status == "429" || c::contains_ci(text, "rate limit")) return ErrorKind::rate_limited;
  if (!status.empty() && status[0] == '5') return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

std::optional<c::Timestamp> event_time(const c::Json& ev) {
  auto gmt = c::parse_timestamp(c::str(ev, "GMTTimestamp"));
  std::string off = c::str(ev, "GMTOffset");
  if (gmt && gmt->utc_offset_minutes && !off.empty()) {
    if (auto o = c::parse_timestamp("2000-01-01T00:00:00" + off); o && o->utc_offset_minutes)
      return c::Timestamp{gmt->time, o->utc_offset_minutes};
  }
  if (auto local = c::parse_timestamp(c::str(ev, "eventTimestamp"))) return local;
  return gmt;
}

std::optional<std::chrono::year_month_day> edd_of(const c::Json& t) {
  for (std::string_view k : {"expectedDeliveryTimeStamp", "expectedDeliveryDate", "predictedDeliveryDate",
                             "predictedDeliveryTimeStamp", "guaranteedDeliveryTimeStamp"})
    if (auto d = c::parse_date(c::str(t, k))) return d;
  return std::nullopt;
}

std::optional<tracking::TrackingResult> result_of(const c::Json& t) {
  if (!t.is_object() || (!c::member(t, "trackingNumber") && !c::member(t, "trackingEvents") &&
                         !c::member(t, "statusCategory")))
    return std::nullopt;
  tracking::TrackingResult r;
  r.carrier = "usps";
  r.tracking_number = c::str(t, "trackingNumber");
  if (const c::Json* evs = c::array(t, "trackingEvents")) {
    for (const auto& ev : *evs) {
      auto ts = event_time(ev);
      if (!ts) continue;
      tracking::TrackingEvent e;
      e.time = ts->time;
      e.utc_offset_minutes = ts->utc_offset_minutes;
      e.description = c::squash_spaces(c::str(ev, "eventType"));
      e.substatus = c::str(ev, "eventCode");
      auto m = map_event(e.substatus, e.description);
      e.status = m.status;
      e.exception_reason = m.reason;
      e.location.city = c::str(ev, "eventCity");
      e.location.state = c::str(ev, "eventState");
      e.location.postal_code = c::str(ev, "eventZIP");
      e.location.country = c::str(ev, "eventCountry");
      r.events.push_back(std::move(e));
    }
  }
  c::derive_status_from_events(r);
  if (auto cat = map_category(c::str(t, "statusCategory"))) {
    r.status = cat->status;
    r.exception_reason = cat->reason;
    r.substatus = c::str(t, "status");
  }
  r.estimated_delivery = edd_of(t);
  tracking::finalize(r);
  return r;
}

}  // namespace

ParseOutcome parse_track_json(std::string_view body) {
  try {
    c::Json j = c::parse_json(body);
    if (j.is_discarded() || (!j.is_object() && !j.is_array()))
      return ParseOutcome::failure(ErrorKind::malformed, "not a JSON object or array");
    if (j.is_object()) {
      if (const c::Json* err = c::member(j, "error")) {
        if (err->is_string()) {  // OAuth error shape
          std::string code = c::str(err);
          std::string desc = c::str(j, "error_description");
          ErrorKind k = code.find("client") != std::string::npos || code == "invalid_token" ||
                                code == "invalid_grant"
                            ? ErrorKind::unauthorized
                            : ErrorKind::invalid_request;
          return ParseOutcome::failure(k, desc.empty() ? code : desc, code);
        }
        if (err->is_object()) {
          std::string code = c::str(*err, "code"), msg = c::str(*err, "message"), status;
          if (const c::Json* es = c::array(*err, "errors"); es && !es->empty()) {
            status = c::str((*es)[0], "status");
            if (msg.empty()) msg = c::str((*es)[0], "detail");
          }
          if (status.empty()) status = code;
          return ParseOutcome::failure(kind_for_status(status, code, msg), msg.empty() ? "USPS error" : msg, code);
        }
      }
    }
    std::vector<tracking::TrackingResult> out;
    if (j.is_array()) {
      for (const auto& t : j)
        if (auto r = result_of(t)) out.push_back(std::move(*r));
    } else if (auto r = result_of(j)) {
      out.push_back(std::move(*r));
    }
    if (out.empty()) return ParseOutcome::failure(ErrorKind::malformed, "no USPS tracking object");
    return ParseOutcome::success(std::move(out));
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("USPS JSON: ") + e.what());
  }
}

ParseOutcome parse_track(std::string_view body) {
  return tracking::codec::parse_xml_or_json(body, parse_track_xml, parse_track_json);
}

}  // namespace forewarn::clients::usps
