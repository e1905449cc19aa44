// The season `forewarn demo` replays (issue 6), generated from a seed: the
// tenant's warehouses, events and policy, its customers, and every order with
// its parcels, plus the simulated carrier's scenario that moves them. Pure and
// deterministic: the same options give the same season, byte for byte.
//
// What a real December holds: volume rising toward Christmas; customers of
// every tier; recipients in six locales (en, fi, hu, zh-CN, pt-BR, de) and
// several time zones; gift orders with several recipients; shoppers who pick
// a service the checkout said would be too slow; parcels sent by a slower
// service than the one the order paid for; the bakery five days behind from
// 15 December; a weather day; Christmas Day without movement; labels never
// scanned; carrier delays growing in the last week (the sim's `christmas`).
// docs/demo.md tells the story.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar/civil.hpp"
#include "core/time.hpp"

namespace forewarn::core::demo {

struct SeasonOptions {
  std::uint64_t seed = 1;
  calendar::Day from = calendar::make_day(2026, 12, 1);
  calendar::Day to = calendar::make_day(2026, 12, 27);  // inclusive
  int orders = 2400;
};

struct Warehouse {
  std::string key;  // "main", "bakery", "eu"
  std::string name, time_zone, country, postal_code, cutoff_local;
};

struct EventDef {
  std::string name;          // "Christmas (US)"
  nlohmann::json body;       // POST /v1/events body
  std::string country;       // whose recipients it is for
};

struct Person {
  std::string key;  // stable per person ("c0042", "r0042-2")
  std::string name, email, phone, locale, time_zone, country, postal_code;
};

struct Customer {
  Person person;
  double lifetime_value = 0;
  int order_count = 0;
  std::string tier;  // by the policy's thresholds: standard, gold, vip
};

struct Parcel {
  std::string name;  // "o00042-1": the sim's label and the Idempotency-Key
  Person recipient;
  std::string carrier;          // ups, fedex, usps, dhl
  std::string shipped_service;  // what the label says and the carrier does
  std::string plan = "normal", reason;  // the sim's plan (docs/sim-carrier.md)
  int delay_days = 0, handover_delay_days = 0;
  calendar::Day ship_date{};             // the label, local to the warehouse
  std::vector<std::string> causes;       // known up front: backlog, slower_service
};

struct Order {
  std::string id;  // "o00042"
  Instant placed_at{};
  int customer = 0;   // index in Season::customers
  int warehouse = 0;  // index in Season::warehouses
  std::string event;  // an EventDef name, "" for none
  std::vector<std::string> offered;  // the services the checkout asks about
  std::string chosen;                // the shopper's pick among them
  bool gift = false;
  std::vector<Parcel> parcels;
};

struct Season {
  SeasonOptions options;
  std::vector<Warehouse> warehouses;
  std::vector<EventDef> events;
  std::vector<Customer> customers;
  std::vector<Order> orders;  // by placed_at
  Instant backlog_at{};       // when the bakery's declared backlog becomes 5 days
  int backlog_days = 5;
  calendar::Day weather_day{};
  std::string weather_carrier;
  nlohmann::json policy;  // PUT /v1/policy (core/messages/policy.hpp)
  std::string currency = "USD";
  double monthly_budget = 0;
};

Season generate_season(const SeasonOptions& options);

// The `forewarn sim-carrier` scenario: one explicit shipment per parcel,
// named by Parcel::name, with the weather day and the Christmas delays.
nlohmann::json sim_scenario(const Season& season);

// The tier a customer with this standing has under the season's policy.
std::string tier_for(double lifetime_value, int order_count);

// How many parcels in all.
std::size_t parcel_count(const Season& season);

}  // namespace forewarn::core::demo
