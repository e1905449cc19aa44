// Shared helpers of the risk and message-decision tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "../eta/eta_support.hpp"
#include "core/calendar/events.hpp"
#include "core/messages/decide.hpp"
#include "core/messages/group.hpp"
#include "core/risk/assess.hpp"
#include "core/shipment/shipment.hpp"

namespace msg_test {

using namespace eta_test;
namespace risk = forewarn::core::risk;
namespace msg = forewarn::core::messages;
namespace tracking = forewarn::tracking;
using forewarn::shipment::Contact;
using forewarn::shipment::Shipment;

// Christmas Eve (the end of 24 Dec) in `tz`, the first one after `after`.
inline Instant christmas_eve(const char* tz, Instant after) {
  cal::EventRule rule;
  rule.name = "Christmas Eve";
  rule.date = cal::AnnualDate{12, 24};
  return *cal::next_occurrence(rule, after, *zone(tz));
}

// A UPS 2nd Day Air parcel from the New York warehouse to `tz`, ordered at
// `order`, not yet scanned, with the Christmas Eve deadline (event "xmas").
inline risk::Situation gift_situation(const std::string& id, const char* tz, Instant order, int backlog_days) {
  risk::Situation s;
  s.shipment_id = id;
  s.carrier = "ups";
  s.promised_service = carrier("ups-2nd-day-air");
  s.used_service = carrier("ups-2nd-day-air");
  s.warehouse = ny_warehouse(backlog_days);
  s.order_instant = order;
  s.destination_zone = zone(tz);
  s.event = risk::EventDeadline{"xmas", "Christmas Eve", christmas_eve(tz, order)};
  s.upgrades = {carrier("ups-ground"), carrier("ups-2nd-day-air"), carrier("ups-next-day-air")};
  return s;
}

// A plain order (no event) to Chicago promised for `promised`.
inline risk::Situation plain_situation(const char* promised, Instant order) {
  risk::Situation s;
  s.shipment_id = "s1";
  s.carrier = "ups";
  s.promised_service = carrier("ups-2nd-day-air");
  s.used_service = carrier("ups-2nd-day-air");
  s.warehouse = ny_warehouse(0);
  s.order_instant = order;
  s.destination_zone = zone("America/Chicago");
  s.promised_date = day(promised);
  return s;
}

inline Contact contact(const std::string& name, const std::string& email, const char* tz = "America/New_York") {
  Contact c;
  c.name = name;
  c.email = email;
  c.time_zone = tz;
  return c;
}

inline Shipment shipment_for(const std::string& id, std::optional<Contact> purchaser, std::vector<Contact> recipients) {
  Shipment s;
  s.id = id;
  s.order_id = "ORDER-1";
  s.carrier = "ups";
  s.service = "ups-2nd-day-air";
  s.tracking_number = "1Z999AA1" + id;
  s.purchaser = std::move(purchaser);
  s.recipients = std::move(recipients);
  return s;
}

inline std::vector<msg::MessageKind> kinds_of(const std::vector<msg::MessageIntent>& intents) {
  std::vector<msg::MessageKind> out;
  for (const auto& i : intents) out.push_back(i.kind);
  return out;
}

// A policy with the gift options on.
inline msg::Policy gift_policy() {
  msg::Policy p;
  p.options[msg::OptionKind::egift] = {true, "https://shop.example/egift?order={order_id}"};
  p.options[msg::OptionKind::printable_card] = {true, "https://shop.example/card/{shipment_id}"};
  p.options[msg::OptionKind::cancel] = {true, "https://shop.example/cancel?order={order_id}"};
  return p;
}

}  // namespace msg_test
