// The message decisions: from the previous and the new risk assessment of a
// shipment, the episodes already opened for it, the tenant's policy and now,
// zero or more MessageIntents. Pure.
//
// Deadlines. A shipment has up to two: its promised date ("promise:YYYY-MM-DD")
// and its event ("event:<id>"). "P" below is P(delivered by that deadline)
// from the new assessment; "threshold" is policy.will_miss_below.
//
// Kinds (each only when the policy turns it on):
//  - will_miss_deadline, for the event: not passed, not delivered, P <
//    threshold, the deadline at most will_miss_max_days_ahead days away.
//  - delay_apology, for the promised date, or for an event that passed
//    without a warning: the deadline passed undelivered, or P < threshold
//    and at least one rule fired (a delay needs evidence, not just the model).
//    Not when any bad-news episode of the shipment is current (the customer
//    already knows), nor in the same decision as a will_miss_deadline.
//  - back_on_track, for a deadline whose bad-news episode (will_miss_deadline
//    or delay_apology) is current: not passed, not delivered, no action
//    needed, P >= back_on_track_above. Never without a bad-news message first.
//  - delivered_late_followup: delivered after a deadline (the event's when it
//    was late for the event, else the promised date's); one per shipment.
//  - action_required: the assessment names an action (update_address,
//    customs, held, pickup). Bad news waits while an action is required.
//
// Episodes. An episode is one message of one kind for one deadline of one
// shipment; its key "<shipment>/<kind>/<deadline>/<n>" is unique in the
// outbox. Numbers count per (shipment, kind, deadline) from 1. A kind due for
// a deadline gets a new episode only when no episode of it is current:
//  - bad news (will_miss_deadline, delay_apology) for a deadline is current
//    from its message until a back_on_track for that deadline is opened
//    after it. So at risk → warned (#1) → back on track (#1) → at risk again
//    → warned (#2); a wobbling P between the two thresholds sends nothing.
//  - back_on_track is due only while bad news is current and ends it, so it
//    is sent at most once per bad-news episode.
//  - action_required is current while the same action stays required: a new
//    episode when the action differs from the latest action_required
//    episode's, or when the previous assessment required no action (the
//    problem was solved and came back).
//  - delivered_late_followup: once per shipment (delivery is final).
// Episodes are ordered by opened_at, then by their place in the list.
//
// Audience. The customer is the purchaser when the shipment names one, else
// its first recipient. Gift recipients (a purchaser and recipients) get
// their own intents only when policy.recipients_enabled and the kind is in
// policy.recipient_kinds; those carry no remedy and only the options the
// recipient can act on (update_address, pickup).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar/civil.hpp"
#include "core/messages/kinds.hpp"
#include "core/messages/policy.hpp"
#include "core/risk/assess.hpp"
#include "core/shipment/shipment.hpp"
#include "core/time.hpp"

namespace forewarn::core::messages {

struct Episode {
  MessageKind kind = MessageKind::will_miss_deadline;
  std::string deadline_key;
  int number = 1;
  std::string cause;  // action_required: the action; else informative
  Instant opened_at{};
  friend bool operator==(const Episode&, const Episode&) = default;
};

struct Option {
  OptionKind kind = OptionKind::cancel;
  std::string service_id;    // faster_service
  std::string service_name;  // faster_service
  std::optional<calendar::Day> arrives_by;  // faster_service: its p80 day
  std::optional<Instant> act_by;            // faster_service: switch before it
  friend bool operator==(const Option&, const Option&) = default;
};

// The facts a message states about one shipment (for the templates).
struct IntentFacts {
  std::string deadline_name;
  std::optional<Instant> deadline_at;
  std::optional<calendar::Day> deadline_day;   // recipient-local
  std::optional<calendar::Day> promised_date;  // recipient-local
  std::optional<calendar::Day> new_estimate;   // p80 while undelivered
  double probability = 0.0;                    // P(by the deadline)
  bool will_miss = false;
  tracking::Status status = tracking::Status::unknown;
  std::optional<tracking::ExceptionReason> exception_reason;
  std::optional<risk::Action> action;
  std::optional<Instant> delivered_at;
};

struct MessageIntent {
  MessageKind kind = MessageKind::will_miss_deadline;
  std::string shipment_id;
  std::string deadline_key;  // "promise:2026-12-23", "event:<id>" or "none"
  int episode = 1;
  std::string episode_key;   // "<shipment>/<kind>/<deadline>/<n>"
  std::string cause;
  Audience audience = Audience::purchaser;
  std::optional<std::size_t> recipient_index;  // audience recipient: index in shipment.recipients
  // Remedy: eligible when the kind is in policy.remedy_kinds (purchaser
  // audience only); `remedy` is the tier's first choice before the budget
  // (apply_remedies in group.hpp makes the final choice).
  bool remedy_eligible = false;
  std::optional<std::size_t> tier_rank;
  bool top_tier = false;
  std::optional<RemedyOffer> remedy;
  std::vector<Option> options;
  Instant due_at{};                    // not before (followups wait followup_after_hours)
  std::optional<Instant> useful_until;  // for quiet hours (quiet_hours.hpp)
  IntentFacts facts;
  std::vector<std::string> reasons;  // ids of the rules that fired
};

// The episode an intent opens (what the caller stores with the message).
Episode episode_of(const MessageIntent& intent);

std::vector<MessageIntent> decide(const shipment::Shipment& shipment, const std::optional<risk::Assessment>& previous,
                                  const risk::Assessment& next, std::span<const Episode> episodes,
                                  const Policy& policy, Instant now);

}  // namespace forewarn::core::messages
