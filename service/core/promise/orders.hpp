// Orders of a marketplace export (the Olist orders table and its older
// release), read from CSV text into typed records. Pure.
//
// Columns are found by name (case-insensitive, surrounding spaces ignored),
// so any subset of the official header works, in any order:
//   order_id | id, order_status, order_approved_at | order_aproved_at (older
//   release), order_purchase_timestamp (used for approval only when no
//   approval column exists), order_estimated_delivery_date,
//   order_delivered_customer_date, order_delivered_carrier_date,
//   customer_state, customer_zip_code_prefix.
//
// Times without an offset are the marketplace's local wall-clock time; they
// are kept as they read (as if UTC), which makes every duration and
// "end of 24 December" comparison a wall-clock one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/promise/csv.hpp"
#include "core/time.hpp"

namespace forewarn::core::promise {

// Every date format found in the Olist files, and a few neighbours:
//   2017-10-02 11:07:15   2017-10-02 11:07   2017-10-02T11:07:15Z
//   2017-08-30 11:55:08.970352   2017-09-10 03:27:54+00:00   2017-10-18
//   02-10-2017 11:07   02/10/2017 11:07:15   02-10-2017  (day first)
// An offset, when present, is applied. nullopt for anything else, including
// impossible dates (31-02-2017) and times (25:00).
std::optional<Instant> parse_order_time(std::string_view text);

struct Order {
  std::string id;
  std::string status;                  // "delivered", "canceled", ... ("" if no column)
  Instant approved{};                  // always set
  std::optional<Instant> promised;     // the marketplace's estimated delivery date
  std::optional<Instant> delivered;    // delivery to the customer
  std::optional<Instant> handed_over;  // delivery to the carrier
  std::string region;                  // customer state, "" when unknown
  std::size_t line = 0;                // physical CSV line of the row
};

struct OrderColumns {
  bool promised = false;
  bool delivered = false;
  bool handed_over = false;
  bool region = false;
};

struct OrdersRead {
  std::vector<Order> orders;  // rows with a valid approval time, in file order
  OrderColumns columns;
  std::size_t rows = 0;                  // data rows read
  std::size_t missing_approval = 0;      // rows skipped: approval time empty
  std::size_t invalid_approval = 0;      // rows skipped: approval time unreadable
  std::size_t invalid_dates = 0;         // other date fields unreadable (treated as absent)
  std::size_t delivered_before_approval = 0;  // delivery dropped: earlier than approval
  std::optional<CsvError> error;         // malformed CSV or no usable time column
};

OrdersRead read_orders(std::string_view csv_text);

}  // namespace forewarn::core::promise
