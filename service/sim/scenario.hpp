// The scenario of `forewarn sim-carrier` (docs/sim-carrier.md): which
// shipments the simulated carriers know, how each one progresses, and which
// faults the simulated APIs inject. Parsing is pure (JSON text in, values
// or error messages out).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar/civil.hpp"
#include "core/tracking/detect.hpp"
#include "core/tracking/status.hpp"

namespace forewarn::sim {

// Per-request fault probabilities (each 0..1, together at most 1).
struct FaultRates {
  double rate_limited = 0;  // 429 with Retry-After
  double server_error = 0;  // 500
  double timeout = 0;       // the answer is held back timeout_ms (beyond the client's timeout)
  double malformed = 0;     // 200 with a truncated body
  double unauthorized = 0;  // 401 even with a good token
  int retry_after_s = 1;
  bool retry_after_http_date = false;  // Retry-After as an HTTP-date instead of delta-seconds
  int timeout_ms = 15000;
  double total() const { return rate_limited + server_error + timeout + malformed + unauthorized; }
};

// How a shipment progresses (see docs/sim-carrier.md for the event
// sequences). Final statuses: delivered, except never_scanned
// (info_received), returned and exception/address (exception returned) and
// exception/lost (exception lost).
enum class Plan { normal, delayed, never_scanned, exception, attempt_failed, pickup, returned };
std::string_view to_string(Plan p) noexcept;
std::optional<Plan> plan_from_string(std::string_view s) noexcept;

struct ShipmentSpec {
  std::string name;             // optional label from the scenario (tests look shipments up by it)
  std::string tracking_number;  // passes core/tracking/detect for `carrier`
  tracking::Carrier carrier = tracking::Carrier::ups;
  std::string service;          // carrier service id (core/calendar/carrier_services), e.g. "ups-ground"
  core::calendar::Day ship_date{};
  Plan plan = Plan::normal;
  std::optional<tracking::ExceptionReason> reason;  // Plan::exception
  int delay_days = 0;                                // extra business days on top of the plan
  // The warehouse's backlog: the label is created on ship_date, the first
  // carrier scan comes on the first pickup day at least this many days later.
  int handover_delay_days = 0;
  std::optional<FaultRates> faults;                  // overrides the scenario's rates
};

struct Generator {
  int count = 0;
  std::vector<tracking::Carrier> carriers{tracking::Carrier::ups, tracking::Carrier::fedex, tracking::Carrier::usps,
                                          tracking::Carrier::dhl};
  core::calendar::Day ship_from{};
  int ship_days = 1;                            // ship dates spread over [ship_from, ship_from + ship_days)
  std::vector<std::pair<Plan, double>> plans;  // weights; empty: the default mix
};

// A storm: every shipment of these carriers (all when empty) in transit on
// `date` gets an `exception: weather` scan at its hub that day and arrives
// `delay_days` business days later.
struct WeatherDay {
  core::calendar::Day date{};
  std::vector<tracking::Carrier> carriers;
  int delay_days = 2;
};

struct Credentials {
  std::string client_id;      // OAuth carriers; empty: any id/secret is accepted
  std::string client_secret;
  std::string api_key;        // DHL; empty: any non-empty key is accepted
};

struct Scenario {
  std::uint64_t seed = 1;
  std::chrono::seconds token_ttl{3600};
  FaultRates faults;
  int christmas_max_extra_days = 3;  // delays grow toward 24 Dec up to this many business days
  int christmas_window_days = 21;    // ... over the days before it
  std::map<tracking::Carrier, Credentials> credentials;
  bool track_unknown_numbers = false;  // any number that passes detection is a shipment
  core::calendar::Day start{};         // default ship date
  std::vector<ShipmentSpec> shipments;
  Generator generator;
  std::vector<WeatherDay> weather;
};

struct ScenarioParse {
  std::optional<Scenario> scenario;
  std::vector<std::string> errors;  // "shipments[3].tracking_number: fails its check digit"
};

// `default_start`: the ship date when the scenario names none (the sim
// passes the date of its clock's now).
ScenarioParse parse_scenario(std::string_view json_text, core::calendar::Day default_start);

// The default plan mix of the generator.
std::vector<std::pair<Plan, double>> default_plan_mix();

}  // namespace forewarn::sim
