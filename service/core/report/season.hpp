// What a replayed season left behind, as the report reads it (issue 6).
//
// `forewarn demo` fills it: the ground truth from the season generator and
// the simulated carrier (when each parcel really arrived, which it is for),
// what the checkout said (the stated probability), and every message forewarn
// put in its outbox (read back through GET /v1/messages). The report
// (core/report/report.hpp) computes every measure from this alone. Pure data;
// JSON form in season_json.hpp (the demo writes it as season.json beside the
// report, so a report can be recomputed without replaying).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace forewarn::core::report {

// One parcel to one recipient.
struct ShipmentTruth {
  std::string shipment_id;  // forewarn's id (what messages name)
  std::string order_id;
  std::string carrier, service, tracking_number;
  std::string recipient_name, recipient_locale, recipient_time_zone;
  // The event the order is for (e.g. "Christmas") and its deadline instant
  // (the end of the event's eve/day in the recipient's zone, as the tenant's
  // event defines it); nullopt: no event, only the promised date counts.
  std::string event_name;
  std::optional<Instant> deadline;
  std::optional<Instant> promised_by;  // end of the promised date, recipient-local
  // Ground truth (the simulator): when it was really delivered; nullopt:
  // never within the season (lost, returned, never scanned).
  std::optional<Instant> delivered_at;
  // Why it behaves as it does, for "explained" lateness and for the report's
  // breakdowns: the simulator's plan (normal, delayed, never_scanned,
  // exception, attempt_failed, pickup, returned), the exception reason, and
  // the season's causes ("backlog", "slower_service", "weather_day",
  // "christmas_delay", "holiday").
  std::string plan, reason;
  std::vector<std::string> causes;
};

struct OrderTruth {
  std::string order_id;
  Instant placed_at{};
  std::string customer_key;  // the purchaser (stable per customer across orders)
  std::string tier;          // the customer's tier name by the tenant's policy
  std::string locale, time_zone;
  bool gift = false;         // recipients other than the purchaser
  // The checkout: the service the shopper chose, the probability the checkout
  // stated for it to arrive by the order's deadline (DeadlineOutcome.probability
  // of POST /v1/promises), and whether the checkout said it meets it.
  std::string chosen_service;
  std::optional<double> stated_probability;
  bool promise_met_stated = false;  // `meets` for the chosen service
  bool chose_too_slow = false;      // the shopper picked a service the promise said would not make it
  std::vector<std::string> shipment_ids;
};

// One outbox row, as GET /v1/messages shows it.
struct MessageRecord {
  std::string id, kind, channel, audience, status, locale;
  // The episode of each shipment line, in shipment_ids' order
  // ("<shipment>/<kind>/<deadline>/<n>", core/messages/decide.hpp): a gift
  // summary covers several shipments and opens one episode for each.
  std::vector<std::string> episode_keys;
  std::string addressee_key;        // who it went to (masked or hashed; never the raw address in the report)
  std::string addressee_time_zone;  // for the quiet-hours measure
  std::vector<std::string> shipment_ids;
  Instant created_at{};
  Instant send_at{};
  std::optional<Instant> sent_at;  // the provider accepted it
  std::string tier;                // the customer's tier when the message was decided ("" = none)
  std::string remedy_kind;         // "" = none
  double remedy_cost = 0;
  std::string subject, body_text;  // rendered (for the sample of real messages)
};

struct SeasonData {
  long long seed = 0;
  std::string from, to;                        // YYYY-MM-DD, the replayed days
  std::string quiet_start = "21:00", quiet_end = "08:00";  // the tenant's policy
  double monthly_budget = 0;
  std::string currency = "USD";
  std::vector<OrderTruth> orders;
  std::vector<ShipmentTruth> shipments;
  std::vector<MessageRecord> messages;
};

}  // namespace forewarn::core::report
