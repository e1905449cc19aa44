// The simulated carriers' world: every shipment of a scenario, derived on
// demand from (tracking number, seed) and the scenario, never stored per
// shipment beyond the scenario's explicit list, so that a sim of 100,000
// shipments answers each request in microseconds from a few kilobytes of
// state. What a carrier shows is a function of `now` (the injected clock).
//
// Immutable after construction; every method is const and thread-safe.
// Reads no clock: `now` is always an argument.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <date/tz.h>

#include "core/time.hpp"
#include "core/tracking/status.hpp"
#include "sim/scenario.hpp"

namespace forewarn::sim {

enum class Fault { none, rate_limited, server_error, timeout, malformed, unauthorized };
std::string_view to_string(Fault f) noexcept;

struct FinalState {
  tracking::Status status = tracking::Status::delivered;
  std::optional<tracking::ExceptionReason> reason;
};

// All a shipment will ever show: events oldest first, and the carrier's EDD
// as it changes over time (an empty date: the carrier withdrew its EDD).
struct Timeline {
  std::vector<tracking::TrackingEvent> events;
  std::vector<std::pair<Instant, std::optional<core::calendar::Day>>> edd_changes;
  // The ground truth behind it (GET /_sim/shipments): the first carrier scan,
  // the delivery, and the causes of its delay.
  std::optional<Instant> first_scan_at, delivered_at;
  int christmas_delay_days = 0;
  bool weather = false;  // caught by a weather day of the scenario
};

class World {
 public:
  // Throws std::runtime_error when the time-zone database lacks a zone it needs.
  explicit World(Scenario scenario);

  const Scenario& scenario() const { return scenario_; }

  // Explicit shipments first, then the generated ones.
  std::size_t size() const;
  ShipmentSpec at(std::size_t i) const;
  // The shipment `carrier` knows by this number, or nullopt (its API answers
  // "not found"). With track_unknown_numbers, any valid number of the carrier.
  std::optional<ShipmentSpec> find(tracking::Carrier carrier, std::string_view number) const;

  Timeline timeline(const ShipmentSpec& s) const;
  // What the carrier shows at `now`, events newest first; nullopt before its
  // first event (the carrier does not know the number yet).
  std::optional<tracking::TrackingResult> view(const ShipmentSpec& s, Instant now) const;
  // The status the shipment ends in (what view() shows once it is over).
  FinalState final_state(const ShipmentSpec& s) const;

  const FaultRates& rates(const ShipmentSpec* s) const;
  // The fault of one request (request_no: a per-process counter); s may be null.
  Fault fault(const ShipmentSpec* s, std::string_view number, std::uint64_t request_no) const;

  // Stateless tokens: carrier, expiry and generation, signed with the seed.
  std::string issue_token(tracking::Carrier carrier, Instant expires, std::uint64_t generation) const;
  bool token_valid(tracking::Carrier carrier, std::string_view token, Instant now, std::uint64_t generation) const;

  // The tracking number of the index-th shipment of a carrier (passes detection).
  std::string make_number(tracking::Carrier carrier, std::uint64_t index, std::string_view service) const;

 private:
  ShipmentSpec generated(std::uint64_t index) const;
  ShipmentSpec derived(tracking::Carrier carrier, std::string number) const;
  std::optional<std::uint64_t> generated_index(tracking::Carrier carrier, std::string_view number) const;

  Scenario scenario_;
  std::vector<ShipmentSpec> explicit_;  // numbers assigned
  std::unordered_map<std::string, std::size_t> by_number_;
  std::string ups_shipper_;  // 6 characters
  std::string fedex_prefix_, usps_prefix_, dhl_prefix_;
  std::vector<const date::time_zone*> zones_;  // per city
};

}  // namespace forewarn::sim
