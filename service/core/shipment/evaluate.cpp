#include "core/shipment/evaluate.hpp"

#include "core/tracking/codec_support.hpp"

namespace forewarn::shipment {

namespace codec = tracking::codec;
using tracking::Status;

Evaluation evaluate_shipment(const TrackingState& current, const tracking::TrackingResult& result, Instant /*now*/) {
  TrackingState next = current;
  const std::optional<Instant> newest =
      result.events.empty() ? std::nullopt : std::optional<Instant>(result.events.front().time);
  const bool current_result = current.last_event_at ? (newest && *newest >= *current.last_event_at) : true;

  const auto adopt = [&] {
    if (result.status != Status::unknown || current.status == Status::unknown) {
      next.status = result.status;
      next.substatus = result.substatus;
      next.exception_reason = result.exception_reason;
    }
    next.delivered_at = result.delivered_at;
    if (result.estimated_delivery) next.carrier_estimated_delivery = result.estimated_delivery;
  };

  if (current.status == Status::delivered) {
    if (result.status == Status::delivered && !current.delivered_at) next.delivered_at = result.delivered_at;
  } else if (result.status == Status::delivered || current_result) {
    adopt();
  } else if (!current.carrier_estimated_delivery && result.estimated_delivery) {
    next.carrier_estimated_delivery = result.estimated_delivery;
  }
  if (next.status != Status::delivered) next.delivered_at.reset();
  if (newest && (!next.last_event_at || *newest > *next.last_event_at)) next.last_event_at = newest;
  const auto earliest = [](std::optional<Instant>& at, Instant t) { if (!at || t < *at) at = t; };
  for (const auto& e : result.events) {
    if (e.status == Status::info_received) {
      earliest(next.label_created_at, e.time);
    } else if (e.status != Status::unknown) {
      earliest(next.first_scan_at, e.time);
      if (!next.last_scan_at || e.time > *next.last_scan_at) next.last_scan_at = e.time;
    }
  }

  const bool terminal = next.status == Status::delivered || next.status == Status::expired;
  next.active = current.active && !current.stopped && !terminal;
  // Risk is the messages issue's decision; until then it stays as it is.

  Evaluation out;
  out.status_changed = next.status != current.status || next.substatus != current.substatus ||
                       next.exception_reason != current.exception_reason;
  out.changed = !(next == current);
  out.state = std::move(next);
  return out;
}

std::string event_fingerprint(std::string_view carrier, const tracking::TrackingEvent& e) {
  constexpr char kSep = '\x1f';
  const auto norm = [](std::string_view s) { return codec::to_upper(codec::squash_spaces(s)); };
  std::string out = norm(carrier);
  out += kSep;
  out += format_iso8601(e.time);
  out += e.utc_offset_minutes ? std::to_string(*e.utc_offset_minutes) : std::string("floating");
  out += kSep;
  out += norm(e.substatus.empty() ? tracking::to_string(e.status) : std::string_view(e.substatus));
  out += kSep;
  out += norm(e.location.city);
  out += kSep;
  out += norm(e.location.state);
  out += kSep;
  out += norm(e.location.postal_code);
  out += kSep;
  out += norm(e.location.country);
  out += kSep;
  out += norm(e.description);
  return out;
}

nlohmann::json to_json(const StoredEvent& s) {
  using nlohmann::json;
  const auto& e = s.event;
  const std::string where = e.location.display();
  return {{"time", codec::format_timestamp(e.time, e.utc_offset_minutes)},
          {"status", std::string(tracking::to_string(e.status))},
          {"substatus", e.substatus},
          {"exception_reason",
           e.exception_reason ? json(std::string(tracking::to_string(*e.exception_reason))) : json(nullptr)},
          {"description", e.description},
          {"location", where.empty() ? json(nullptr) : json(where)},
          {"source", s.source},
          {"recorded_at", s.recorded_at}};
}

}  // namespace forewarn::shipment
