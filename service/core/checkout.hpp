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

#include "core/calendar/events.hpp"
#include "core/calendar/warehouse.hpp"
#include "core/problem.hpp"
#include "core/time.hpp"
#include "core/warehouse.hpp"

namespace forewarn {

// A warehouse as the promise engine sees it.
struct SnapshotWarehouse {
  std::string id;
  std::string country;
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
};

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
// (written directly, the hot path of POST /v1/promises).
std::variant<std::string, Problem> answer_promise_request_text(const nlohmann::json& body, const TenantSnapshot& snapshot,
                                                               Instant now);
// The same answer parsed into a JSON value (tests, tools).
std::variant<nlohmann::json, Problem> answer_promise_request(const nlohmann::json& body, const TenantSnapshot& snapshot,
                                                             Instant now);

}  // namespace forewarn
