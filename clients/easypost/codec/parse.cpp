#include "clients/easypost/codec/parse.hpp"

#include <array>

#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::easypost {
namespace {

namespace c = tracking::codec;
using tracking::ErrorKind;
using tracking::ExceptionReason;
using tracking::ParseOutcome;
using tracking::Status;

constexpr std::array<c::StatusRow, 10> kStatuses{{
    {"unknown", Status::unknown},
    {"pre_transit", Status::info_received},
    {"in_transit", Status::in_transit},
    {"out_for_delivery", Status::out_for_delivery},
    {"available_for_pickup", Status::available_for_pickup},
    {"delivered", Status::delivered},
    {"return_to_sender", Status::exception, ExceptionReason::returned},
    {"failure", Status::exception, ExceptionReason::other},
    {"cancelled", Status::expired},
    {"error", Status::unknown},
}};

constexpr std::array<c::StatusRow, 10> kDetailReasons{{
    {"weather_delay", Status::exception, ExceptionReason::weather},
    {"address_correction", Status::exception, ExceptionReason::address},
    {"damaged", Status::exception, ExceptionReason::damaged},
    {"held", Status::exception, ExceptionReason::held},
    {"lost", Status::exception, ExceptionReason::lost},
    {"return", Status::exception, ExceptionReason::returned},
    {"refused", Status::exception, ExceptionReason::returned},
    {"customs_hold", Status::exception, ExceptionReason::customs},
    {"delivery_exception", Status::exception, ExceptionReason::other},
    {"transit_exception", Status::exception, ExceptionReason::other},
}};

bool is_tracker(const c::Json& j) {
  if (!j.is_object()) return false;
  std::string obj = c::str(j, "object");
  if (!obj.empty()) return obj == "Tracker";
  return c::member(j, "tracking_code") && c::member(j, "status");
}

tracking::TrackingResult result_of(const c::Json& t) {
  tracking::TrackingResult r;
  std::string carrier = c::to_lower(c::str(t, "carrier"));
  r.carrier = carrier.empty() ? "easypost" : carrier;
  r.tracking_number = c::str(t, "tracking_code");
  if (const c::Json* ds = c::array(t, "tracking_details")) {
    for (const auto& d : *ds) {
      auto ts = c::parse_timestamp(c::str(d, "datetime"));
      if (!ts) continue;
      tracking::TrackingEvent e;
      e.time = ts->time;
      e.utc_offset_minutes = ts->utc_offset_minutes;
      std::string st = c::str(d, "status"), detail = c::str(d, "status_detail");
      auto m = map_status(st, detail);
      e.status = m.status;
      e.exception_reason = m.reason;
      e.substatus = detail.empty() ? st : st + "/" + detail;
      e.description = c::squash_spaces(c::str(d, "message"));
      if (const c::Json* loc = c::member(d, "tracking_location")) {
        e.location.city = c::str(*loc, "city");
        e.location.state = c::str(*loc, "state");
        e.location.postal_code = c::str(*loc, "zip");
        e.location.country = c::str(*loc, "country");
      }
      r.events.push_back(std::move(e));
    }
  }
  tracking::sort_events_newest_first(r.events);
  std::string st = c::str(t, "status"), detail = c::str(t, "status_detail");
  auto m = map_status(st, detail);
  r.status = m.status;
  r.exception_reason = m.reason;
  r.substatus = detail.empty() ? st : st + "/" + detail;
  r.estimated_delivery = c::parse_date(c::str(c::path(t, {"carrier_detail", "est_delivery_date_local"})));
  if (!r.estimated_delivery) r.estimated_delivery = c::parse_date(c::str(t, "est_delivery_date"));
  tracking::finalize(r);
  return r;
}

ErrorKind kind_for(std::string_view code) {
  if (c::contains_ci(code, "NOT_FOUND")) return ErrorKind::not_found;
  if (c::contains_ci(code, "UNAUTHORIZED") || c::contains_ci(code, "APIKEY") ||
      c::contains_ci(code, "FORBIDDEN"))
    return ErrorKind::unauthorized;
  if (c::contains_ci(code, "RATE_LIMIT")) return ErrorKind::rate_limited;
  if (c::contains_ci(code, "INTERNAL") || c::contains_ci(code, "UNAVAILABLE")) return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

}  // namespace

EventStatus map_status(std::string_view status, std::string_view status_detail) {
  const c::StatusRow* r = c::find_status(kStatuses, status);
  EventStatus out = r ? EventStatus{r->status, r->reason} : EventStatus{Status::unknown, std::nullopt};
  if (out.status == Status::exception || out.status == Status::in_transit) {
    if (const c::StatusRow* d = c::find_status(kDetailReasons, status_detail)) {
      // in_transit with a delay/exception detail stays in_transit unless EasyPost
      // itself calls it a failure; the detail only names the reason.
      if (out.status == Status::exception) out.reason = d->reason;
    }
  }
  return out;
}

ParseOutcome parse_track(std::string_view body) {
  try {
    c::Json j = c::parse_json(body);
    if (j.is_discarded() || !j.is_object()) return ParseOutcome::failure(ErrorKind::malformed, "not a JSON object");
    if (const c::Json* err = c::member(j, "error"); err && err->is_object()) {
      std::string code = c::str(*err, "code"), msg = c::str(*err, "message");
      return ParseOutcome::failure(kind_for(code), msg.empty() ? code : msg, code);
    }
    std::vector<tracking::TrackingResult> out;
    auto take_event = [&](const c::Json& ev) {
      if (const c::Json* res = c::member(ev, "result"); res && is_tracker(*res)) out.push_back(result_of(*res));
    };
    if (is_tracker(j)) {
      out.push_back(result_of(j));
    } else if (const c::Json* ts = c::array(j, "trackers")) {
      for (const auto& t : *ts)
        if (is_tracker(t)) out.push_back(result_of(t));
      if (out.empty() && ts->empty()) return ParseOutcome::failure(ErrorKind::not_found, "empty tracker list");
    } else if (c::str(j, "object") == "Event" || c::member(j, "result") || c::member(j, "previous_attributes")) {
      take_event(j);
    } else if (const c::Json* evs = c::array(j, "events")) {
      for (const auto& ev : *evs) take_event(ev);
    }
    if (out.empty()) return ParseOutcome::failure(ErrorKind::malformed, "no EasyPost tracker in payload");
    return ParseOutcome::success(std::move(out));
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("EasyPost JSON: ") + e.what());
  }
}

}  // namespace forewarn::clients::easypost
