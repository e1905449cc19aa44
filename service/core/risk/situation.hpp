// From what the store knows about a shipment to a risk::Situation: the
// tenant's warehouse calendar, event and carrier service (the checkout's
// TenantSnapshot) joined with the shipment's registration and tracking state.
// Pure. Used by the tracking round (db::record_tracking_round), so that every
// new event re-evaluates the shipment's promise and risk.
//
// Gaps are filled the way a merchant would expect, never by guessing a
// deadline:
//  - no carrier service on the shipment → the carrier's everyday service
//    (ups-ground, fedex-ground, usps-ground-advantage, dhl-express-worldwide);
//  - no warehouse (or one whose calendar is unusable) → a Monday-to-Friday
//    calendar with a 14:00 cutoff in the destination's zone;
//  - the upgrades offered are the carrier's built-in services;
//  - the order instant is the registration instant (created_at), the label's
//    the first info_received event, else the registration;
//  - the used service's recent carrier slip is the tenant's (TenantSnapshot::slips);
//  - no destination time zone → the shipment cannot be assessed (nullopt):
//    deadlines are local days and cannot be placed without one.
#pragma once

#include <optional>
#include <string>

#include "core/checkout.hpp"
#include "core/risk/assess.hpp"
#include "core/shipment/evaluate.hpp"

namespace forewarn::core::risk {

struct ShipmentFacts {
  std::string id;
  std::string carrier;
  std::optional<std::string> service;
  std::optional<std::string> warehouse_id;
  std::optional<std::string> event_id;
  std::optional<std::string> destination_time_zone;
  Instant created_at{};
  // The carrier's first estimate as stored before this round (nullopt: none
  // yet, so this round's estimate, if any, is the first).
  std::optional<std::chrono::year_month_day> first_carrier_estimated_delivery;
  shipment::TrackingState state;            // after this round's news
};

// The carrier's everyday service id ("ups" → "ups-ground").
std::string default_service_id(const std::string& carrier);

std::optional<Situation> situation_of(const ShipmentFacts& facts, const TenantSnapshot& tenant);

}  // namespace forewarn::core::risk
