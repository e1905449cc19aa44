// The risk model: what we know about a shipment now (a Situation) turned into
// P(delivered by the promised date) and P(delivered by the event deadline),
// a level, and the rules that fired with their facts. Pure: `now` is an
// argument; the promise engine (core/eta/promise.hpp) supplies the
// distributions.
//
// Deadlines. The promised date counts until the end of that day (23:59:59) in
// the recipient's zone; the event deadline is its instant. As in the promise
// engine, a parcel delivered on day d counts as arriving at 20:00 local.
//
// The delivery-day distribution, conditioned on where the shipment is now:
//  - delivered: P = 1 when delivered_at <= deadline, else 0.
//  - not handed over (no carrier scan; status unknown or info_received): the
//    promise engine from the order instant with the warehouse calendar
//    (cutoff, backlog, closures). Once the planned hand-over day has passed
//    without a scan, hand-over is taken as the first one possible from now
//    (the calendar without backlog, ordered `now`).
//  - handed over (a carrier scan): the used service's transit distribution
//    counted from the first scan's local day (the pickup day, warehouse zone),
//    with the days already gone removed (before today; today too after 20:00)
//    and the rest renormalized. When the whole distribution has gone by, the
//    overdue fallback: 50% / 30% / 20% on the next three delivery days.
//  - out for delivery / available for pickup: today with out_for_delivery_today,
//    else the next delivery day.
//  - attempt failed: the next delivery day 80%, the one after 20%.
//  - exception: lost or returned → never (P = 0); any other reason → the
//    in-transit distribution pushed back exception_delay_business_days.
//  - the carrier's estimated delivery date (not before today) is strong
//    evidence: the distribution becomes w·E + (1−w)·model with
//    w = carrier_edd_weight and E = 85% on the EDD, 10% / 5% on the next two
//    delivery days (not used once out for delivery, or lost/returned).
//  - the carrier's recent slip (promise/slip_model.hpp: how many business days
//    the service has lately delivered after its first estimates), when the
//    tenant has one for the used service and the carrier has not revised this
//    parcel's estimate (the EDD is still the first one, and not today or
//    past): the transit distribution above becomes transit + slip, and E
//    becomes the EDD pushed back by the slip (instead of 85/10/5). A revised
//    estimate already holds the carrier's own view of the delay.
//
// Level, first match: delivered → delivered_on_time / delivered_late (late
// for any deadline); an action is needed (exception for address, customs or
// held; waiting at a pickup point) → action_required; a deadline has passed
// undelivered → late; some P < will_miss_below → will_miss; some P <
// at_risk_below or any rule fired → at_risk; else on_track.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "core/calendar/civil.hpp"
#include "core/calendar/warehouse.hpp"
#include "core/eta/promise.hpp"
#include "core/risk/rules.hpp"
#include "core/time.hpp"
#include "core/tracking/status.hpp"

namespace forewarn::core::risk {

enum class Level { on_track, at_risk, will_miss, late, delivered_on_time, delivered_late, action_required };
std::string_view to_string(Level l) noexcept;
std::optional<Level> level_from_string(std::string_view s) noexcept;

// What the shopper has to do.
enum class Action { update_address, customs, held, pickup };
std::string_view to_string(Action a) noexcept;
std::optional<Action> action_from_string(std::string_view s) noexcept;

struct EventDeadline {
  std::string id;    // the tenant's event id: the deadline key is "event:<id>"
  std::string name;  // "Christmas"
  Instant at{};      // calendar::next_occurrence in the recipient's zone
};

struct Situation {
  std::string shipment_id;
  std::string carrier;  // "ups": selects the carrier's rules
  std::optional<eta::ServiceOption> promised_service;  // what the checkout promised
  std::optional<eta::ServiceOption> used_service;      // the label's service; its transit distribution is used
  calendar::WarehouseCalendar warehouse;
  Instant order_instant{};
  std::optional<Instant> label_created_at;
  std::optional<Instant> first_scan_at;  // the carrier's first physical scan
  std::optional<Instant> last_scan_at;
  tracking::Status status = tracking::Status::unknown;
  std::optional<tracking::ExceptionReason> exception_reason;
  std::optional<calendar::Day> carrier_edd;  // recipient-local date
  std::optional<calendar::Day> first_carrier_edd;  // the carrier's first estimate (nullopt: carrier_edd is it)
  std::optional<eta::DayDistribution> carrier_slip;  // the used service's recent slip, if learned
  std::optional<Instant> delivered_at;
  std::optional<calendar::Day> promised_date;  // recipient-local date
  std::optional<EventDeadline> event;
  const date::time_zone* destination_zone = nullptr;  // required
  // Services the merchant could still switch to before hand-over (faster
  // ones are offered when they still make the deadline).
  std::vector<eta::ServiceOption> upgrades;
};

struct DeadlineRisk {
  std::string key;   // "promise:2026-12-23" or "event:<id>"
  std::string name;  // "promised date" or the event's name
  Instant at{};
  calendar::Day day;                // the recipient-local date of `at`
  calendar::Day last_delivery_day;  // the last local day whose 20:00 is <= at
  double probability = 0.0;         // P(delivered by `at` | what we know now)
  bool passed = false;              // now > at and not delivered by then
  std::optional<bool> delivered_in_time;  // set once delivered
};

struct FiredRule {
  RuleId id;
  nlohmann::json facts;  // an object, e.g. {"deadline": "event:xmas", "latest_handover": "..."}
};

// A faster service that would still make the deadline, if switched to
// before the hand-over.
struct Alternative {
  std::string service_id;
  std::string service_name;
  calendar::Day arrives_by;  // its p80 delivery day
  double probability = 0.0;  // P(by the deadline) with it
  Instant act_by{};          // the cutoff of the planned hand-over day: switch before it
};

struct Assessment {
  Instant at{};
  Level level = Level::on_track;
  std::optional<DeadlineRisk> promise;
  std::optional<DeadlineRisk> event;
  std::vector<FiredRule> rules;
  std::optional<Action> action;
  bool handed_over = false;               // the carrier has it (a scan)
  std::optional<calendar::Day> estimate;  // p80 delivery day (recipient-local) while undelivered
  std::vector<Alternative> alternatives;  // for the event deadline (else the promise), before hand-over
  tracking::Status status = tracking::Status::unknown;
  std::optional<tracking::ExceptionReason> exception_reason;
  std::optional<Instant> delivered_at;

  bool fired(RuleId id) const;
  // The deadline the shopper cares most about: the event, else the promise.
  const DeadlineRisk* primary() const { return event ? &*event : promise ? &*promise : nullptr; }
};

// Throws std::invalid_argument for a situation without destination zone or
// with an invalid warehouse calendar.
Assessment assess(const Situation& situation, const RiskRules& rules, Instant now);

// The shipment's `risk` column: the level, with the action for
// action_required ("action_required:update_address").
std::string risk_label(const Assessment& a);
// The inverse, enough for decide()'s `previous` (level and action only);
// nullopt for an unknown label.
std::optional<Assessment> assessment_from_label(std::string_view label);

nlohmann::json to_json(const Assessment& a);

// The instant `hours` business hours after `from`: wall-clock hours in `zone`
// counted only on the calendar's pickup days. Exposed for tests.
Instant add_business_hours(Instant from, double hours, const date::time_zone& zone,
                           const calendar::ServiceCalendar& cal);

}  // namespace forewarn::core::risk
