// What a carrier result does to a shipment: the one pure decision that both
// the webhooks and the poller go through (db::record_tracking_result calls it
// in the transaction that stores the new events), and the fingerprint that
// de-duplicates events. The risk label is not decided here: the tracking
// round assesses every shipment with news (core/risk) after this evaluation.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "core/tracking/status.hpp"

namespace forewarn::shipment {

// The tracking part of a shipment, typed.
struct TrackingState {
  tracking::Status status = tracking::Status::unknown;
  std::string substatus;
  std::optional<tracking::ExceptionReason> exception_reason;
  std::optional<std::chrono::year_month_day> carrier_estimated_delivery;
  std::optional<Instant> delivered_at;
  std::optional<Instant> last_event_at;  // the newest event stored
  // What the risk model reads of the stored events, folded in as they arrive
  // (so no round re-reads a shipment's events): the label (the first
  // info_received event), the carrier's first and last physical scan (events
  // past info_received, `unknown` aside).
  std::optional<Instant> label_created_at;
  std::optional<Instant> first_scan_at;
  std::optional<Instant> last_scan_at;
  bool active = true;                    // polled and evaluated
  bool stopped = false;                  // the merchant stopped tracking (DELETE)
  std::optional<std::chrono::year_month_day> promised_date;
  std::optional<std::string> risk;       // core::risk::risk_label, set by the tracking round
  friend bool operator==(const TrackingState&, const TrackingState&) = default;
};

struct Evaluation {
  TrackingState state;
  bool status_changed = false;  // status, substatus or exception reason moved
  bool changed = false;         // anything in `state` moved
};

// Rules:
//  - A result whose newest event is not older than the newest stored event
//    (or that has no events while none are stored) is current: its status,
//    substatus, exception reason, EDD (when it gives one) and delivered_at
//    replace the shipment's. An older result (a late webhook) changes nothing
//    but last_event_at and a missing EDD.
//  - `unknown` never replaces a known status.
//  - delivered is final: a delivered result always wins, and nothing but
//    another delivered result changes a delivered shipment.
//  - A shipment stays active until it is delivered or expired or stopped.
//  - label_created_at, first_scan_at and last_scan_at take every event of the
//    result into account, current or not: the earliest and latest stay the
//    same whatever order the events arrive in, and seeing one twice.
Evaluation evaluate_shipment(const TrackingState& current, const tracking::TrackingResult& result, Instant now);

// The normalized identity of an event, hashed into tracking_events.dedup_key:
// carrier | instant in UTC (+ its offset, or "floating") | the carrier's code
// (substatus, else the status) | location | description, each trimmed, with
// runs of whitespace squashed and letters upper-cased, joined by U+001F.
std::string event_fingerprint(std::string_view carrier, const tracking::TrackingEvent& e);

// An event as GET /v1/shipments/{id} shows it.
struct StoredEvent {
  tracking::TrackingEvent event;
  std::string source;       // "ups", ..., "easypost", "aftership"
  std::string recorded_at;  // RFC 3339
};
nlohmann::json to_json(const StoredEvent& e);

}  // namespace forewarn::shipment
