// The checkout question (POST /v1/promises): for an order placed now (or at
// order_time) from one of the tenant's warehouses to a destination, when does
// each candidate service deliver, what are the chances for each event or
// deadline, until when can the shopper still order, and one honest sentence.
//
// Pure: everything comes in as arguments: the request body, the tenant's
// in-memory snapshot (warehouses as calendars, events as rules) and `now`.
// The adapters keep the snapshot (http/tenant_snapshot.hpp); no database is
// needed to answer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar/carrier_services.hpp"
#include "core/calendar/events.hpp"
#include "core/calendar/warehouse.hpp"
#include "core/problem.hpp"
#include "core/promise/non_arrival.hpp"
#include "core/promise/slip_model.hpp"
#include "core/promise/transit_model.hpp"
#include "core/tenant_service.hpp"
#include "core/time.hpp"
#include "core/warehouse.hpp"

namespace forewarn {

// A warehouse as the promise engine sees it.
struct SnapshotWarehouse {
  std::string id;
  std::string country;
  std::string zone;  // postal_zone(country, postal code): the origin of its lanes
  core::calendar::WarehouseCalendar calendar;
  std::optional<std::string> unusable;  // why the calendar cannot be used (calendar::validate), if so
};

struct SnapshotEvent {
  std::string id;
  core::calendar::EventRule rule;
};

// Everything of one tenant that the checkout needs.
struct TenantSnapshot {
  std::map<std::string, SnapshotWarehouse> warehouses;  // by id
  std::vector<SnapshotEvent> events;
  // The tenant's own carrier services (tenant_service.hpp), by id; looked up
  // before the built-in table.
  std::map<std::string, core::calendar::ServiceDefinition> services;
  // The carrier slip recently learned per service id (promise/slip_model.hpp),
  // added to the service's transit by the checkout and the risk model.
  std::map<std::string, core::promise::ServiceSlip> slips;
  // How often the tenant's parcels never arrive, per carrier and as a whole
  // (promise/non_arrival.hpp); the checkout multiplies its probabilities by
  // 1 - rate.
  std::map<std::string, core::promise::NonArrival> non_arrival;
};

// The service's slip in the snapshot, else its carrier's, else nullptr.
const core::promise::ServiceSlip* slip_of(const TenantSnapshot& snapshot, const core::calendar::ServiceDefinition& service);

// The tenant's services as the snapshot keeps them (a service whose based_on
// is no longer built in is left out).
std::map<std::string, core::calendar::ServiceDefinition> snapshot_services(const std::vector<TenantService>& services);

// A service id as the checkout resolves it: the tenant's own service first,
// then the built-in table; nullopt when neither knows it.
std::optional<core::calendar::ServiceDefinition> resolve_service(const TenantSnapshot& snapshot, const std::string& id);

// The API's warehouse record as a handling calendar: processing_days,
// closures, backlog_days, cutoff_local and time_zone map one to one; the
// holidays are the warehouse country's set when the calendar has one (US,
// FI, HU, CN, BR), else none.
SnapshotWarehouse snapshot_warehouse(const Warehouse& w);

// Limits of the request.
inline constexpr Duration kOrderTimeMaxPast = std::chrono::hours{24 * 30};
inline constexpr Duration kOrderTimeMaxFuture = std::chrono::hours{24 * 365};
inline constexpr double kDefaultConfidence = 0.9;

// Validates `body` (422 naming every bad field by JSON pointer), answers it
// against `snapshot` at `now`, and returns the response body as JSON text
// (written directly: the hot path of POST /v1/promises). With a learned
// transit model of the tenant, a service with observed deliveries uses its
// learned distribution (on the lane warehouse zone -> destination zone when
// that lane has deliveries, else the service's), any other the nominal band;
// each service's "model" says which answered.
std::variant<std::string, Problem> answer_promise_request_text(const nlohmann::json& body, const TenantSnapshot& snapshot,
                                                               Instant now,
                                                               const core::promise::TransitModel* learned = nullptr);
// The same answer parsed into a JSON value (tests, tools).
std::variant<nlohmann::json, Problem> answer_promise_request(const nlohmann::json& body, const TenantSnapshot& snapshot,
                                                             Instant now,
                                                             const core::promise::TransitModel* learned = nullptr);

}  // namespace forewarn
