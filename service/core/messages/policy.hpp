// A tenant's message policy: thresholds and lead times, which kinds are on,
// whether gift recipients are messaged, quiet hours, the options offered,
// customer tiers with a remedy menu each, and the monthly
// surprise-and-delight budget. JSON form with defaults and validation
// (docs/messages.md has an example). Pure.
//
// Tiers are listed lowest first; the last one is the top tier (the VIP). A
// customer belongs to the highest tier whose thresholds they meet (lifetime
// value >= min_lifetime_value AND order count >= min_order_count; a missing
// figure counts as 0), unless the merchant's own tier label names a tier
// (case-insensitive), which then wins.
//
// Remedies depend only on the tier, the kind and the budget. There is no
// input for what a customer wrote (no complaint text, no threat): nothing a
// customer says can change what they are offered.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/messages/kinds.hpp"
#include "core/messages/quiet_hours.hpp"
#include "core/problem.hpp"
#include "core/shipment/shipment.hpp"

namespace forewarn::core::messages {

// One item of a tier's remedy menu.
struct RemedyOffer {
  RemedyKind kind = RemedyKind::personal_note;
  double cost = 0;                // what it costs the merchant, charged to the monthly budget
  std::optional<double> amount;   // shown to the customer (refund, gift value), in the policy currency
  std::optional<double> percent;  // coupon only: 1..100
  std::string signer;             // personal_note only: the named person (the tier's, else the policy's)
  friend bool operator==(const RemedyOffer&, const RemedyOffer&) = default;
};

struct Tier {
  std::string name;
  double min_lifetime_value = 0;
  long long min_order_count = 0;
  std::vector<RemedyOffer> remedies;  // in order of preference
  friend bool operator==(const Tier&, const Tier&) = default;
};

struct OptionConfig {
  bool enabled = false;
  std::string url;  // may hold {order_id}, {shipment_id}, {tracking_number}
  friend bool operator==(const OptionConfig&, const OptionConfig&) = default;
};

// The brand's voice, as template data ({{brand.name}}, ...).
struct Brand {
  std::string name;
  std::string signature;
  std::string signer;
  std::string tone;
  std::string support_url;
  friend bool operator==(const Brand&, const Brand&) = default;
};

struct Policy {
  // will_miss_deadline / delay_apology fire when P(by the deadline) is below
  // will_miss_below; back_on_track needs P >= back_on_track_above.
  double will_miss_below = 0.3;
  double back_on_track_above = 0.8;
  // will_miss_deadline only for deadlines at most this many days ahead.
  int will_miss_max_days_ahead = 30;
  // delivered_late_followup is due this long after the delivery.
  int followup_after_hours = 2;
  std::set<MessageKind> kinds{std::begin(kAllKinds), std::end(kAllKinds)};
  bool recipients_enabled = false;
  std::set<MessageKind> recipient_kinds{MessageKind::action_required};
  QuietHours quiet_hours;
  std::map<OptionKind, OptionConfig> options{{OptionKind::faster_service, {true, ""}},
                                             {OptionKind::egift, {false, ""}},
                                             {OptionKind::printable_card, {false, ""}},
                                             {OptionKind::cancel, {false, ""}},
                                             {OptionKind::update_address, {true, ""}},
                                             {OptionKind::pickup, {true, ""}}};
  std::set<MessageKind> remedy_kinds{MessageKind::delay_apology, MessageKind::delivered_late_followup};
  double monthly_budget = 0;
  std::string currency = "USD";
  std::string signer;  // default signer of personal notes
  std::vector<Tier> tiers{Tier{"standard", 0, 0, {}}};
  Brand brand;
  int sms_segment_limit = 2;  // an SMS is cut to fit (core/messages/sms)
  // The shopper's tracking page; may hold {tracking_number}, {carrier},
  // {shipment_id}, {order_id}. Empty: the messages carry no tracking link.
  std::string tracking_url;

  bool option_enabled(OptionKind k) const;
  friend bool operator==(const Policy&, const Policy&) = default;
};

struct PolicyInput {
  std::optional<Policy> value;
  Problem problem;
};
// Validates the JSON form; missing members keep their defaults; every bad
// field is named by its JSON Pointer. Unknown fields are errors.
PolicyInput policy_from_json(const nlohmann::json& body);
nlohmann::json to_json(const Policy& policy);

// The customer's tier: its index in policy.tiers (0 = lowest), or nullopt
// when no tier matches.
std::optional<std::size_t> tier_for(const Policy& policy, const shipment::CustomerStanding& customer);

// --- Remedies and the budget ------------------------------------------------

struct RemedyCandidate {
  std::size_t tier_rank = 0;  // index in policy.tiers
  bool top_tier = false;      // the VIP: never a bare coupon
  std::vector<RemedyOffer> menu;
  std::string signer;  // signs the fallback personal note
};

struct RemedyAllocation {
  std::vector<std::optional<RemedyOffer>> remedies;  // one per candidate, in the candidates' order
  double spent = 0;
};

// Spends `budget_left` highest tier first (candidates of one tier in their
// given order). Each candidate gets the first item of its menu that the
// money left still covers; a coupon is skipped for the top tier. When none
// fits, a personal note (it costs nothing) if the menu has one, or always
// for the top tier; else no remedy.
RemedyAllocation allocate_remedies(std::span<const RemedyCandidate> candidates, double budget_left);

}  // namespace forewarn::core::messages
