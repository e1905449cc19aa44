// The delivery-history CSV of `forewarn import-history`: columns by header
// name, the origin from a warehouse or a country/postal code, the local dates
// as written, and the first bad cell named by line and column.
#include <doctest/doctest.h>

#include "core/promise/history.hpp"

namespace promise = forewarn::core::promise;
namespace cal = forewarn::core::calendar;

namespace {

promise::HistoryContext context() {
  promise::HistoryContext c;
  c.is_service = [](const std::string& id) { return id == "ups-ground" || id == "ontrac-ground"; };
  c.warehouses["wh-1"] = {"US", "10001"};
  return c;
}

const char* kHeader =
    "service,origin_warehouse_id,origin_country,origin_postal_code,destination_country,destination_postal_code,"
    "shipped_at,delivered_at,carrier,tracking_number\n";

std::string file(const std::string& rows) { return std::string(kHeader) + rows; }

}  // namespace

TEST_CASE("history: rows from a warehouse or a postal code, local dates as written") {
  const auto parsed = promise::parse_history_csv(
      file("ups-ground,wh-1,,,US,94103,2026-03-02T23:30:00-05:00,2026-03-09T10:00:00-08:00,UPS,1Z999\n"
           "ontrac-ground,, US ,90210,US,94103-1234,2026-03-03T09:00:00Z,2026-03-04T12:00:00Z,,\n"),
      context());
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.rows.size() == 2);
  const auto& a = parsed.rows[0];
  CHECK(a.line == 2);
  CHECK(a.origin_warehouse_id == "wh-1");
  CHECK(a.origin_country == "US");
  CHECK(a.origin_postal_code == "10001");  // the warehouse's
  CHECK(a.shipped_local == cal::make_day(2026, 3, 2));  // not 3 March (UTC)
  CHECK(a.shipped_at == *forewarn::parse_iso8601("2026-03-03T04:30:00Z"));
  CHECK(a.delivered_local == cal::make_day(2026, 3, 9));
  CHECK(a.carrier == "UPS");
  const auto& b = parsed.rows[1];
  CHECK(b.line == 3);
  CHECK(b.origin_country == "US");  // trimmed
  CHECK(b.origin_postal_code == "90210");
  CHECK(b.tracking_number.empty());
  CHECK(a.row_key != b.row_key);
}

TEST_CASE("history: the row key identifies a shipment across imports") {
  const std::string row = "ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,UPS,1Z999\n";
  const auto once = promise::parse_history_csv(file(row), context());
  const auto again = promise::parse_history_csv(file(row + row), context());
  REQUIRE(once.rows.size() == 1);
  REQUIRE(again.rows.size() == 2);
  CHECK(again.rows[0].row_key == once.rows[0].row_key);
  CHECK(again.rows[1].row_key == once.rows[0].row_key);
  // Without a tracking number every field counts: another delivery time is another shipment.
  const auto a = promise::parse_history_csv(file("ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n"), context());
  const auto b = promise::parse_history_csv(file("ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-10T10:00:00-08:00,,\n"), context());
  REQUIRE(a.rows.size() == 1);
  REQUIRE(b.rows.size() == 1);
  CHECK(a.rows[0].row_key != b.rows[0].row_key);
}

TEST_CASE("history: the first bad cell is named by line and column, and no row is returned") {
  const std::string good = "ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n";
  struct Case {
    std::string row;
    std::string column;
  };
  const Case cases[] = {
      {"ups-teleport,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "service"},
      {",wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "service"},
      {"ups-ground,wh-9,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "origin_warehouse_id"},
      {"ups-ground,,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "origin_country"},
      {"ups-ground,,usa,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "origin_country"},
      {"ups-ground,,US,1000,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "origin_postal_code"},
      {"ups-ground,wh-1,,,US,9410,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "destination_postal_code"},
      {"ups-ground,wh-1,,,,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n", "destination_country"},
      {"ups-ground,wh-1,,,US,94103,2026-03-02 16:00,2026-03-09T10:00:00-08:00,,\n", "shipped_at"},
      {"ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00,2026-03-09T10:00:00-08:00,,\n", "shipped_at"},  // no offset
      {"ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-01T10:00:00-08:00,,\n", "delivered_at"},
      {"ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-09-01T10:00:00-08:00,,\n", "delivered_at"},
  };
  for (const auto& c : cases) {
    const auto parsed = promise::parse_history_csv(file(good + good + c.row + good), context());
    INFO(c.row);
    REQUIRE(parsed.error);
    CHECK(parsed.error->line == 4);
    CHECK(parsed.error->column == c.column);
    CHECK(parsed.rows.empty());
    CHECK(promise::to_string(*parsed.error).rfind("line 4, column " + c.column + ": ", 0) == 0);
  }
}

TEST_CASE("history: header problems are line 1; CSV syntax errors keep their line") {
  auto error_of = [](const std::string& text) {
    const auto parsed = promise::parse_history_csv(text, context());
    REQUIRE(parsed.error);
    return *parsed.error;
  };
  CHECK(error_of("").line == 1);
  CHECK(error_of("service,origin_country,destination_country,destination_postal_code,shipped_at,delivered_at,colour\n")
            .column == "colour");
  CHECK(error_of("service,origin_country,destination_country,destination_postal_code,shipped_at\n").column ==
        "delivered_at");
  CHECK(error_of("service,destination_country,destination_postal_code,shipped_at,delivered_at\n").column ==
        "origin_warehouse_id");
  CHECK(error_of("service,service,origin_country,destination_country,destination_postal_code,shipped_at,delivered_at\n")
            .message.find("twice") != std::string::npos);
  const auto e = error_of(file("ups-ground,wh-1,,,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00,,\n"
                               "ups-ground,wh-1,,,US,94103\n"));
  CHECK(e.line == 3);
  CHECK(e.message.find("fields") != std::string::npos);
  // service_id is the same column as service.
  const auto alias = promise::parse_history_csv(
      "service_id,origin_country,destination_country,destination_postal_code,shipped_at,delivered_at\n"
      "ups-ground,US,US,94103,2026-03-02T16:00:00-05:00,2026-03-09T10:00:00-08:00\n",
      context());
  CHECK_FALSE(alias.error);
  REQUIRE(alias.rows.size() == 1);
  CHECK(alias.rows[0].service_id == "ups-ground");
  // A header alone is an empty history, not an error.
  const auto empty = promise::parse_history_csv(kHeader, context());
  CHECK_FALSE(empty.error);
  CHECK(empty.rows.empty());
}
