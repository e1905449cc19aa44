#include "clients/dhl/codec/parse.hpp"

#include <array>

#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::dhl {
namespace {

namespace c = tracking::codec;
using tracking::ErrorKind;
using tracking::ExceptionReason;
using tracking::ParseOutcome;
using tracking::Status;

constexpr std::array<c::StatusRow, 5> kCodes{{
    {"pre-transit", Status::info_received},
    {"transit", Status::in_transit},
    {"delivered", Status::delivered},
    {"failure", Status::exception, ExceptionReason::other},
    {"unknown", Status::unknown},
}};

tracking::Location location_of(const c::Json* holder) {
  tracking::Location l;
  const c::Json* a = holder ? c::path(*holder, {"location", "address"}) : nullptr;
  if (!a) return l;
  l.city = c::str(*a, "addressLocality");
  l.postal_code = c::str(*a, "postalCode");
  l.country = c::str(*a, "countryCode");
  return l;
}

tracking::TrackingEvent event_of(const c::Json& ev, const c::Timestamp& ts) {
  tracking::TrackingEvent e;
  e.time = ts.time;
  e.utc_offset_minutes = ts.utc_offset_minutes;
  std::string code = c::str(ev, "statusCode");
  std::string text = c::str(ev, "status");
  std::string desc = c::str(ev, "description");
  auto m = map_status(code, text + " " + desc);
  e.status = m.status;
  e.exception_reason = m.reason;
  e.substatus = code;
  e.description = c::squash_spaces(desc.empty() ? text : desc);
  e.location = location_of(&ev);
  return e;
}

tracking::TrackingResult result_of(const c::Json& s) {
  tracking::TrackingResult r;
  r.carrier = "dhl";
  r.tracking_number = c::str(s, "id");
  if (const c::Json* evs = c::array(s, "events"))
    for (const auto& ev : *evs)
      if (auto ts = c::parse_timestamp(c::str(ev, "timestamp"))) r.events.push_back(event_of(ev, *ts));
  c::derive_status_from_events(r);
  if (const c::Json* st = c::member(s, "status"); st && st->is_object()) {
    std::string code = c::str(*st, "statusCode");
    auto m = map_status(code, c::str(*st, "status") + " " + c::str(*st, "description"));
    if (m.status != Status::unknown || r.events.empty()) {
      r.status = m.status;
      r.exception_reason = m.reason;
      r.substatus = code;
    }
  }
  r.estimated_delivery = c::parse_date(c::str(s, "estimatedTimeOfDelivery"));
  if (!r.estimated_delivery)
    r.estimated_delivery = c::parse_date(c::str(c::path(s, {"estimatedDeliveryTimeFrame", "estimatedThrough"})));
  if (r.status == Status::delivered)
    if (auto pod = c::parse_timestamp(c::str(c::path(s, {"details", "proofOfDelivery", "timestamp"})))) {
      r.delivered_at = pod->time;
      r.delivered_at_utc_offset_minutes = pod->utc_offset_minutes;
    }
  tracking::finalize(r);
  return r;
}

ErrorKind kind_for(std::string_view status, std::string_view text) {
  if (status == "401" || status == "403") return ErrorKind::unauthorized;
  if (status == "404" || c::contains_ci(text, "no result")) return ErrorKind::not_found;
  if (status == "429") return ErrorKind::rate_limited;
  if (!status.empty() && status[0] == '5') return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

}  // namespace

EventStatus map_status(std::string_view status_code, std::string_view text) {
  using c::contains_ci;
  const c::StatusRow* r = c::find_status(kCodes, status_code);
  EventStatus out = r ? EventStatus{r->status, r->reason} : EventStatus{Status::unknown, std::nullopt};
  if (out.status == Status::in_transit || out.status == Status::exception || out.status == Status::unknown) {
    if (contains_ci(text, "out for delivery") || contains_ci(text, "with delivery courier") ||
        contains_ci(text, "loaded onto the delivery vehicle"))
      return {Status::out_for_delivery, std::nullopt};
    if (contains_ci(text, "ready for pick") || contains_ci(text, "available for pick") ||
        contains_ci(text, "awaiting collection"))
      return {Status::available_for_pickup, std::nullopt};
    if (contains_ci(text, "attempt")) return {Status::attempt_failed, std::nullopt};
  }
  if (out.status == Status::exception) {
    if (contains_ci(text, "customs")) return {Status::exception, ExceptionReason::customs};
    if (contains_ci(text, "address")) return {Status::exception, ExceptionReason::address};
    if (contains_ci(text, "weather")) return {Status::exception, ExceptionReason::weather};
    if (contains_ci(text, "damage")) return {Status::exception, ExceptionReason::damaged};
    if (contains_ci(text, "return")) return {Status::exception, ExceptionReason::returned};
  }
  return out;
}

ParseOutcome parse_track(std::string_view body) {
  try {
    c::Json j = c::parse_json(body);
    if (j.is_discarded() || !j.is_object()) return ParseOutcome::failure(ErrorKind::malformed, "not a JSON object");
    const c::Json* shipments = c::array(j, "shipments");
    if (!shipments) {
      std::string status = c::str(j, "status");
      std::string title = c::str(j, "title"), detail = c::str(j, "detail");
      if (!status.empty() || !title.empty())
        return ParseOutcome::failure(kind_for(status, title), detail.empty() ? title : detail, status);
      return ParseOutcome::failure(ErrorKind::malformed, "no shipments");
    }
    std::vector<tracking::TrackingResult> out;
    for (const auto& s : *shipments)
      if (s.is_object()) out.push_back(result_of(s));
    if (out.empty()) return ParseOutcome::failure(ErrorKind::not_found, "empty shipments");
    return ParseOutcome::success(std::move(out));
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("DHL JSON: ") + e.what());
  }
}

}  // namespace forewarn::clients::dhl
