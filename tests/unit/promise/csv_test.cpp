#include <doctest/doctest.h>

#include "core/promise/csv.hpp"
#include "core/promise/orders.hpp"

namespace promise = forewarn::core::promise;

TEST_CASE("csv: plain, quoted, embedded commas, quotes and newlines, CRLF") {
  const std::string text =
      "a,b,c\r\n"
      "1,\"x,y\",\"say \"\"hi\"\"\"\r\n"
      "2,\"line1\nline2\",\r\n"
      "\"3\",,\"\"\n";
  const auto p = promise::read_csv_table(text);
  REQUIRE_FALSE(p.error);
  CHECK(p.table.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(p.table.rows.size() == 3);
  CHECK(p.table.rows[0] == std::vector<std::string>{"1", "x,y", "say \"hi\""});
  CHECK(p.table.rows[1] == std::vector<std::string>{"2", "line1\nline2", ""});
  CHECK(p.table.rows[2] == std::vector<std::string>{"3", "", ""});
  CHECK(p.table.row_lines == std::vector<std::size_t>{2, 3, 5});
}

TEST_CASE("csv: BOM, no trailing newline, blank lines skipped") {
  const auto p = promise::read_csv_table("\xEF\xBB\xBFh1,h2\n\nx,y");
  REQUIRE_FALSE(p.error);
  CHECK(p.table.header[0] == "h1");
  REQUIRE(p.table.rows.size() == 1);
  CHECK(p.table.rows[0][1] == "y");
}

TEST_CASE("csv: errors name the line") {
  SUBCASE("unterminated quote") {
    const auto p = promise::read_csv_table("a,b\n1,2\n3,\"open\nmore\n");
    REQUIRE(p.error);
    CHECK(p.error->line == 3);
    CHECK(promise::to_string(*p.error).find("line 3: unterminated") == 0);
  }
  SUBCASE("wrong column count, after a multi-line field") {
    const auto p = promise::read_csv_table("a,b\n\"x\ny\",2\n1,2,3\n");
    REQUIRE(p.error);
    CHECK(p.error->line == 4);
    CHECK(p.error->message.find("expected 2 fields, found 3") != std::string::npos);
  }
  SUBCASE("text after a closing quote") {
    const auto p = promise::read_csv_table("a,b\n\"x\"y,2\n");
    REQUIRE(p.error);
    CHECK(p.error->line == 2);
  }
}

TEST_CASE("dates: every Olist format, offsets, invalid ones") {
  const auto iso = [](std::string_view s) {
    const auto t = promise::parse_order_time(s);
    return t ? forewarn::format_iso8601(*t) : std::string("none");
  };
  CHECK(iso("2017-10-02 11:07:15") == "2017-10-02T11:07:15Z");         // official
  CHECK(iso("02-10-2017 11:07") == "2017-10-02T11:07:00Z");            // 20k sample, day first
  CHECK(iso("2017-08-30 11:55:08.970352") == "2017-08-30T11:55:08.970Z");  // older release
  CHECK(iso("2017-09-10 03:27:54+00:00") == "2017-09-10T03:27:54Z");
  CHECK(iso("2017-09-10T03:27:54-03:00") == "2017-09-10T06:27:54Z");
  CHECK(iso("2017-10-18") == "2017-10-18T00:00:00Z");
  CHECK(iso("02/10/2017 11:07:15") == "2017-10-02T11:07:15Z");
  CHECK(iso(" 2017-10-02 11:07 ") == "2017-10-02T11:07:00Z");
  CHECK(iso("") == "none");
  CHECK(iso("31-02-2017 10:00") == "none");
  CHECK(iso("2017-10-02 25:00") == "none");
  CHECK(iso("2017-10-02 11:07:15 junk") == "none");
  CHECK(iso("yesterday") == "none");
}

TEST_CASE("orders: official header, old spelling, subsets, bad rows counted") {
  SUBCASE("official, quoted header") {
    const auto r = promise::read_orders(
        "\"order_id\",\"order_status\",\"order_approved_at\",\"order_delivered_carrier_date\","
        "\"order_delivered_customer_date\",\"order_estimated_delivery_date\"\n"
        "a,delivered,2017-10-02 11:07:15,2017-10-04 19:55:00,2017-10-10 21:25:13,2017-10-18 00:00:00\n"
        "b,canceled,,,,2017-10-18 00:00:00\n"
        "c,delivered,2017-10-02 11:07:15,,not a date,2017-10-18 00:00:00\n");
    REQUIRE_FALSE(r.error);
    CHECK(r.rows == 3);
    CHECK(r.missing_approval == 1);
    CHECK(r.invalid_dates == 1);
    REQUIRE(r.orders.size() == 2);
    CHECK(r.columns.handed_over);
    CHECK_FALSE(r.columns.region);
    CHECK(r.orders[0].handed_over.has_value());
    CHECK(r.orders[0].delivered.has_value());
    CHECK_FALSE(r.orders[1].delivered.has_value());
    CHECK(r.orders[1].line == 4);
  }
  SUBCASE("older release: order_aproved_at, customer_state") {
    const auto r = promise::read_orders(
        ",id,order_aproved_at,order_estimated_delivery_date,order_delivered_customer_date,customer_state\n"
        "0,1,2017-08-30 11:55:08.970352,2017-09-21 00:00:00.000000,2017-09-08 20:35:27.276847,MG\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.orders.size() == 1);
    CHECK(r.orders[0].region == "MG");
    CHECK(r.columns.region);
  }
  SUBCASE("delivery before approval is dropped and counted") {
    const auto r = promise::read_orders(
        "order_approved_at,order_delivered_customer_date\n02-10-2017 11:07,01-10-2017 10:00\n");
    REQUIRE(r.orders.size() == 1);
    CHECK_FALSE(r.orders[0].delivered);
    CHECK(r.delivered_before_approval == 1);
  }
  SUBCASE("no time column is an error; malformed CSV is an error with its line") {
    CHECK(promise::read_orders("order_id,order_status\nx,delivered\n").error);
    const auto r = promise::read_orders("order_approved_at,x\n2017-10-02 11:07:15,1\n2017-10-02,\"2\n");
    REQUIRE(r.error);
    CHECK(r.error->line == 3);
  }
  SUBCASE("never crashes on junk") {
    for (const char* junk : {"", "\n\n", "\"", ",,,\n,", "order_approved_at\n\"\"\"", "\xff\xfe\x00garbage"})
      CHECK_NOTHROW(promise::read_orders(junk));
  }
}
