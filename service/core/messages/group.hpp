// From intents to planned messages: one message per (addressee, kind) of
// one change, covering every shipment it concerns (a purchaser with five
// gift shipments gets one message naming the five recipients, not five);
// remedies under the monthly budget; quiet hours; and the template data of
// docs/messages-design.md. Pure.
//
// "One change" is one call: the caller passes every intent that one event,
// poll or sweep produced for a purchaser's shipments (re-deciding all of the
// purchaser's active shipments together; shipments whose episodes are already
// current produce no intent and so are not repeated).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "core/messages/decide.hpp"
#include "core/messages/policy.hpp"
#include "core/shipment/shipment.hpp"

namespace forewarn::core::messages {

struct PlannedLine {
  MessageIntent intent;
  std::string recipient_name;  // the gift's recipient (the first of the shipment's recipients)
  std::string order_id;
  std::string carrier;
  std::string tracking_number;
};

struct PlannedMessage {
  MessageKind kind = MessageKind::will_miss_deadline;
  Audience audience = Audience::purchaser;
  std::string addressee_key;    // "email:<lower-case address>", "phone:<E.164>" or "order:<id>"
  shipment::Contact addressee;  // the purchaser (else the first recipient), or the gift recipient
  std::vector<PlannedLine> lines;        // one per shipment, in the intents' order
  std::vector<Option> options;           // every line's options, each once
  bool gift = false;                     // some line is a gift (a purchaser and recipients)
  bool remedy_eligible = false;
  std::optional<std::size_t> tier_rank;  // the highest of the lines'
  bool top_tier = false;
  std::optional<RemedyOffer> remedy;     // set by apply_remedies
  std::vector<std::string> episode_keys; // every line's episode; all open with this one message
  Instant due_at{};                      // the latest of the lines'
  std::optional<Instant> useful_until;   // the earliest of the lines'
};

// Groups intents by (audience, addressee, kind). Throws std::invalid_argument
// for an intent whose shipment is not in `shipments`.
std::vector<PlannedMessage> group_for_purchaser(std::span<const MessageIntent> intents,
                                                std::span<const shipment::Shipment> shipments);

// Chooses every eligible message's remedy with allocate_remedies under
// `budget_left` (what is left of the month's budget); returns what it spends.
double apply_remedies(std::vector<PlannedMessage>& messages, const Policy& policy, double budget_left);

// When to send: quiet hours (policy.quiet_hours) in the addressee's zone,
// from the later of now and due_at, with the message's useful_until.
Instant plan_send_at(const PlannedMessage& message, const date::time_zone& addressee_zone, const Policy& policy,
                     Instant now);

struct TemplateContext {
  Brand brand;
  std::string channel = "email";  // "email" or "sms"
  std::string locale = "en";
  std::string unsubscribe_url;
  std::map<std::string, std::string> tracking_urls;  // shipment id → the tracking page
};

// The template data of docs/messages-design.md for one message. Recipient
// messages carry no remedy, no order id and no amounts.
nlohmann::json to_template_data(const PlannedMessage& message, const TemplateContext& context, const Policy& policy);

}  // namespace forewarn::core::messages
