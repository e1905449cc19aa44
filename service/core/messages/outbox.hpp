// From one change's decisions to the outbox rows to write (issue 5): the
// grouping (one message per addressee and kind, covering every shipment of
// the change), the remedies under the month's budget, the channel, the
// addressee's own preferences (opt-out, channels, quiet hours, time zone),
// the send time, and the rendered subject and bodies. Pure: the caller
// (db::record_tracking_round) loads what it needs and writes the result in
// the transaction of the tracking news that caused it.
//
// The channel rule. One message per addressee and kind, on one channel: the
// e-mail when the addressee has an address and has not turned e-mail off,
// else the SMS when they have a number and have not turned SMS off. A
// message to an addressee who opted out, or whose every channel is off, is
// still written, as `suppressed` with the reason, so that an operator sees
// what was decided and the episode is not decided again.
//
// The time zone of quiet hours: the addressee's preference, else the
// contact's own, else the shipment's destination, else UTC. The window: the
// addressee's preference when they set one, else the tenant's policy.
//
// Too late to be worth reading. A warning that a deadline will be missed,
// or news that it will be made after all (will_miss_deadline,
// back_on_track), that the quiet hours would send after that deadline (the
// latest of its lines') is not queued: "it won't arrive by the 24th", read
// on the morning of the 25th, is noise, and its options are gone. Nor is
// its episode opened, so the shipment's next assessment after the deadline
// says what is true then: a delay apology, in the morning. A tenant who
// allows the urgent exception (quiet_hours.urgent_exception) has such a
// message sent at once instead (quiet_hours.hpp). A queued one carries that
// deadline (stale_at) for the dispatcher, which cancels it when a retry, a
// backlog or the quiet hours at send time would carry it past it.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/messages/group.hpp"
#include "core/messages/quiet_hours.hpp"
#include "core/messages/templates/render.hpp"
#include "core/preferences.hpp"

namespace forewarn::core::messages {

struct OutboxInputs {
  const Policy* policy = nullptr;
  std::string brand_name;  // the tenant's name, when the policy names no brand
  double budget_left = 0;  // what is left of this month's remedy budget
  // The addressee's preferences by normalized address (lower-case e-mail or
  // E.164); nullopt: none set.
  std::function<std::optional<Preferences>(const std::string& address)> preferences;
  // The signed one-click unsubscribe link of an address.
  std::function<std::string(const std::string& address)> unsubscribe_url;
  // The tenant's template overrides for a kind and channel.
  std::function<std::vector<templates::TemplateOverride>(std::string_view kind, std::string_view channel)> overrides;
};

struct OutboxMessage {
  PlannedMessage planned;
  std::string channel;   // email | sms
  std::string address;   // normalized
  std::string contact_ref;  // "purchaser", "recipient:<i>"
  std::string locale;       // what the shopper asked for (the rendering says what it is written in)
  std::string time_zone;
  QuietHours quiet;         // the window send_at was planned with (checked again at send time)
  std::string tier;         // the customer's tier name ("" without one)
  std::optional<std::string> suppressed;  // the reason: opted_out, channel_off
  Instant send_at{};
  // A warning about a deadline, or news it will be made: that deadline, after
  // which the dispatcher cancels it unsent (see "Too late to be worth
  // reading"); nullopt for every other kind.
  std::optional<Instant> stale_at;
  std::string subject, body_text, body_html;
  std::string unsubscribe_url;
};

struct OutboxPlan {
  std::vector<OutboxMessage> messages;
  double spent = 0;  // charged to the month's budget
  std::vector<std::string> warnings;  // e.g. a message that could not be rendered (then not written)
  std::vector<std::string> not_queued;  // decided, not written, and why (too late to be worth reading)
};

// `intents` are every intent of one change for one tenant; `shipments` hold
// every shipment they name.
OutboxPlan plan_outbox(std::span<const MessageIntent> intents, std::span<const shipment::Shipment> shipments,
                       const OutboxInputs& inputs, Instant now);

}  // namespace forewarn::core::messages
