#include "clients/aftership/codec/parse.hpp"

#include <array>

#include "core/tracking/codec_support.hpp"

namespace forewarn::clients::aftership {
namespace {

namespace c = tracking::codec;
using tracking::ErrorKind;
using tracking::ExceptionReason;
using tracking::ParseOutcome;
using tracking::Status;

constexpr std::array<c::StatusRow, 9> kTags{{
    {"Pending", Status::unknown},
    {"InfoReceived", Status::info_received},
    {"InTransit", Status::in_transit},
    {"OutForDelivery", Status::out_for_delivery},
    {"AttemptFail", Status::attempt_failed},
    {"Delivered", Status::delivered},
    {"AvailableForPickup", Status::available_for_pickup},
    {"Exception", Status::exception, ExceptionReason::other},
    {"Expired", Status::expired},
}};

constexpr std::array<c::StatusRow, 12> kExceptionSubtags{{
    {"Exception_002", Status::exception, ExceptionReason::address},   // customer moved
    {"Exception_003", Status::exception, ExceptionReason::returned},  // refused by customer
    {"Exception_004", Status::exception, ExceptionReason::customs},   // delayed (customs clearance)
    {"Exception_005", Status::exception, ExceptionReason::weather},   // delayed (external factors)
    {"Exception_006", Status::exception, ExceptionReason::held},      // held for payment
    {"Exception_007", Status::exception, ExceptionReason::address},   // incorrect address
    {"Exception_008", Status::exception, ExceptionReason::other},     // pick up missed
    {"Exception_009", Status::exception, ExceptionReason::other},     // rejected by carrier
    {"Exception_010", Status::exception, ExceptionReason::returned},  // returning to sender
    {"Exception_011", Status::exception, ExceptionReason::returned},  // returned to sender
    {"Exception_012", Status::exception, ExceptionReason::damaged},   // shipment damaged
    {"Exception_013", Status::exception, ExceptionReason::lost},      // shipment lost
}};

tracking::TrackingEvent event_of(const c::Json& cp, const c::Timestamp& ts) {
  tracking::TrackingEvent e;
  e.time = ts.time;
  e.utc_offset_minutes = ts.utc_offset_minutes;
  std::string tag = c::str(cp, "tag"), subtag = c::str(cp, "subtag");
  auto m = map_tag(tag, subtag);
  e.status = m.status;
  e.exception_reason = m.reason;
  e.substatus = subtag.empty() ? tag : subtag;
  e.description = c::squash_spaces(c::str(cp, "message"));
  e.location.city = c::str(cp, "city");
  e.location.state = c::str(cp, "state");
  e.location.postal_code = c::str(cp, "zip");
  e.location.country = c::str(cp, "country_iso3");
  return e;
}

std::optional<std::chrono::year_month_day> edd_of(const c::Json& t) {
  if (auto d = c::parse_date(c::str(t, "expected_delivery"))) return d;
  for (std::string_view k : {"courier_estimated_delivery_date", "aftership_estimated_delivery_date"})
    if (const c::Json* o = c::member(t, k); o && o->is_object())
      if (auto d = c::parse_date(c::str(*o, "estimated_delivery_date"))) return d;
  return std::nullopt;
}

tracking::TrackingResult result_of(const c::Json& t, const c::Json* single_checkpoint) {
  tracking::TrackingResult r;
  r.carrier = c::str(t, "slug");
  if (r.carrier.empty()) r.carrier = "aftership";
  r.tracking_number = c::str(t, "tracking_number");
  auto add = [&](const c::Json& cp) {
    if (auto ts = c::parse_timestamp(c::str(cp, "checkpoint_time"))) r.events.push_back(event_of(cp, *ts));
  };
  if (const c::Json* cps = c::array(t, "checkpoints"))
    for (const auto& cp : *cps) add(cp);
  if (single_checkpoint && single_checkpoint->is_object()) add(*single_checkpoint);
  c::derive_status_from_events(r);
  std::string tag = c::str(t, "tag"), subtag = c::str(t, "subtag");
  if (!tag.empty()) {
    auto m = map_tag(tag, subtag);
    r.status = m.status;
    r.exception_reason = m.reason;
    r.substatus = subtag.empty() ? tag : subtag;
  }
  r.estimated_delivery = edd_of(t);
  if (r.status == Status::delivered)
    if (auto d = c::parse_timestamp(c::str(t, "shipment_delivery_date"))) {
      r.delivered_at = d->time;
      r.delivered_at_utc_offset_minutes = d->utc_offset_minutes;
    }
  tracking::finalize(r);
  return r;
}

ErrorKind kind_for(long code) {
  if (code == 401 || code == 403 || code == 4003) return ErrorKind::unauthorized;
  if (code == 404 || code == 4004 || code == 4017) return ErrorKind::not_found;
  if (code == 429 || code == 4029) return ErrorKind::rate_limited;
  if (code >= 500 && code < 600) return ErrorKind::server_error;
  return ErrorKind::invalid_request;
}

}  // namespace

TagStatus map_tag(std::string_view tag, std::string_view subtag) {
  const c::StatusRow* r = c::find_status(kTags, tag);
  TagStatus out = r ? TagStatus{r->status, r->reason} : TagStatus{Status::unknown, std::nullopt};
  if (out.status == Status::exception)
    if (const c::StatusRow* s = c::find_status(kExceptionSubtags, subtag)) out.reason = s->reason;
  return out;
}

ParseOutcome parse_track(std::string_view body) {
  try {
    c::Json j = c::parse_json(body);
    if (j.is_discarded() || !j.is_object()) return ParseOutcome::failure(ErrorKind::malformed, "not a JSON object");
    if (const c::Json* msg = c::member(j, "msg"); msg && msg->is_object() && c::member(j, "event")) {
      return ParseOutcome::success({result_of(*msg, nullptr)});  // webhook
    }
    const c::Json* meta = c::member(j, "meta");
    if (meta && meta->is_object()) {
      const c::Json* code = c::member(*meta, "code");
      long v = (code && code->is_number_integer()) ? code->get<long>() : 0;
      if (v != 200 && v != 201) {
        std::string m = c::str(*meta, "message");
        return ParseOutcome::failure(kind_for(v), m.empty() ? "AfterShip error" : m, std::to_string(v));
      }
    }
    const c::Json* data = c::member(j, "data");
    if (!data || !data->is_object()) return ParseOutcome::failure(ErrorKind::malformed, "no data object");
    std::vector<tracking::TrackingResult> out;
    if (const c::Json* t = c::member(*data, "tracking"); t && t->is_object()) {
      out.push_back(result_of(*t, nullptr));
    } else if (const c::Json* ts = c::array(*data, "trackings")) {
      for (const auto& item : *ts)
        if (item.is_object()) out.push_back(result_of(item, nullptr));
      if (out.empty()) return ParseOutcome::failure(ErrorKind::not_found, "empty tracking list");
    } else if (c::member(*data, "checkpoint") && c::member(*data, "tracking_number")) {
      out.push_back(result_of(*data, c::member(*data, "checkpoint")));
    } else {
      return ParseOutcome::failure(ErrorKind::malformed, "not an AfterShip tracking payload");
    }
    return ParseOutcome::success(std::move(out));
  } catch (const std::exception& e) {
    return ParseOutcome::failure(ErrorKind::malformed, std::string("AfterShip JSON: ") + e.what());
  }
}

}  // namespace forewarn::clients::aftership
