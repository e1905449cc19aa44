// Events: JSON rules, iCalendar import (all or nothing, errors with line
// numbers), tenant scoping.
#include <doctest/doctest.h>

#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

TEST_CASE("events: create by rule, import .ics all-or-nothing, list, delete") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Gifts");
  const auto other = fwtest::create_tenant(db, "Other");
  fwtest::Server server(db);
  auto c = server.client();

  auto xmas = c.Post("/v1/events", bearer(key), R"({"name":"Christmas","rule":{"type":"annual","month":12,"day":24}})",
                     "application/json");
  REQUIRE(xmas->status == 201);
  CHECK(json::parse(xmas->body)["deadline_time"] == "23:59:59");
  auto mothers = c.Post("/v1/events", bearer(key),
                        R"({"name":"Mother's Day","rule":{"type":"nth_weekday","month":5,"weekday":"sun","n":2}})",
                        "application/json");
  REQUIRE(mothers->status == 201);

  auto bad = c.Post("/v1/events", bearer(key), R"({"name":"X","rule":{"type":"annual","month":2,"day":30}})",
                    "application/json");
  CHECK(bad->status == 422);
  CHECK(json::parse(bad->body)["errors"][0]["pointer"] == "/rule/day");
  auto bad_type = c.Post("/v1/events", bearer(key), R"({"name":"X","rule":{"type":"weekly"}})", "application/json");
  CHECK(bad_type->status == 422);
  CHECK(json::parse(bad_type->body)["errors"][0]["pointer"] == "/rule/type");

  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
      "BEGIN:VEVENT\r\nUID:1@test\r\nSUMMARY:Singles' Day\r\nDTSTART;VALUE=DATE:20261111\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:2@test\r\nSUMMARY:Thanksgiving\r\nDTSTART;VALUE=DATE:20261126\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  auto imported = c.Post("/v1/events/import", bearer(key), ics, "text/calendar");
  REQUIRE(imported->status == 201);
  CHECK(json::parse(imported->body)["items"].size() == 2);

  // A broken file names the line and imports nothing.
  const std::string broken =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Ok\r\nDTSTART;VALUE=DATE:20261201\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nSUMMARY:Broken\r\nDTSTART:not-a-date\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto rejected = c.Post("/v1/events/import", bearer(key), broken, "text/calendar");
  REQUIRE(rejected->status == 422);
  CHECK(json::parse(rejected->body)["detail"].get<std::string>().find("line 8") != std::string::npos);
  // Importing a name that exists rolls the whole file back.
  auto dup = c.Post("/v1/events/import", bearer(key), ics, "text/calendar");
  CHECK(dup->status == 409);
  CHECK(c.Post("/v1/events/import", bearer(key), ics, "application/json")->status == 415);

  auto list = json::parse(c.Get("/v1/events", bearer(key))->body)["items"];
  CHECK(list.size() == 4);
  CHECK(json::parse(c.Get("/v1/events", bearer(other))->body)["items"].empty());

  const std::string id = json::parse(xmas->body)["id"];
  CHECK(c.Get(("/v1/events/" + id).c_str(), bearer(other))->status == 404);
  CHECK(c.Delete(("/v1/events/" + id).c_str(), bearer(other))->status == 404);
  CHECK(c.Delete(("/v1/events/" + id).c_str(), bearer(key))->status == 204);
  CHECK(c.Get(("/v1/events/" + id).c_str(), bearer(key))->status == 404);
}
