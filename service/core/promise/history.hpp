// The delivery-history CSV of `forewarn import-history` (format in the
// README): one delivered shipment per row, read with a header naming the
// columns (any order):
//
//   service                  required  a service id: the tenant's own or a built-in one
//                                      (the header may also call it service_id)
//   origin_warehouse_id      either    a warehouse of the tenant (its place is the origin)
//   origin_country           or        ISO 3166-1 alpha-2, with
//   origin_postal_code       optional  the origin's postal code
//   destination_country      required  ISO 3166-1 alpha-2
//   destination_postal_code  required  valid for its country (core/destination.hpp)
//   shipped_at               required  hand-over to the carrier, RFC 3339 with an offset
//   delivered_at             required  delivery, RFC 3339 with an offset
//   carrier                  optional  free text, kept
//   tracking_number          optional  makes the row's identity (see row_key)
//
// The calendar dates counted by the transit model are the dates as written
// in shipped_at and delivered_at (their own offsets: local time at either end).
//
// Pure: parses text with the tenant's warehouses and services passed in. The
// first error stops the parse and names its line and column; the caller
// then imports nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/civil.hpp"
#include "core/time.hpp"

namespace forewarn::core::promise {

// The longest transit a history row may have.
inline constexpr int kMaxHistoryTransitDays = 120;

struct HistoryWarehouse {
  std::string country;
  std::string postal_code;
};

struct HistoryContext {
  std::function<bool(const std::string& service_id)> is_service;  // the tenant's or a built-in id
  std::map<std::string, HistoryWarehouse> warehouses;             // the tenant's, by id
};

struct HistoryRow {
  std::size_t line = 0;
  // The row's identity for de-duplication on re-import: the service and the
  // tracking number when there is one, else every field of the row.
  std::string row_key;
  std::string service_id;
  std::string carrier;
  std::string tracking_number;
  std::string origin_warehouse_id;  // empty when the origin is given by country/postal code
  std::string origin_country;
  std::string origin_postal_code;
  std::string destination_country;
  std::string destination_postal_code;
  Instant shipped_at{};
  Instant delivered_at{};
  calendar::Day shipped_local;
  calendar::Day delivered_local;
};

struct HistoryError {
  std::size_t line = 0;  // 1-based physical line; the header is line 1
  std::string column;    // empty when the error is not about one column
  std::string message;
};
// "line 4, column shipped_at: must be ..."
std::string to_string(const HistoryError& e);

struct HistoryParse {
  std::vector<HistoryRow> rows;
  std::optional<HistoryError> error;  // set: import nothing
};
HistoryParse parse_history_csv(std::string_view text, const HistoryContext& context);

}  // namespace forewarn::core::promise
