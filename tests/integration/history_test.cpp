// forewarn import-history and the learned transit model end to end: a good
// file imports, a bad line imports nothing and names its line and column, a
// re-import adds nothing twice; once the background rebuild has run, the
// checkout answers ups-ground from the history (always five business days)
// instead of the nominal band.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <pqxx/pqxx>

#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

const char* kWarehouse =
    R"({"name":"Main","time_zone":"America/New_York","country":"US","postal_code":"10001","cutoff_local":"14:00"})";

// Ten Tuesdays from 15 Sep 2026, three parcels each, every one delivered the
// next Tuesday: five UPS business days (no core-six holiday in between).
// `origin_columns` / `origin` name and give the origin, e.g.
// "origin_warehouse_id" / "<id>" or "origin_country,origin_postal_code" / "US,10001".
std::string five_day_history(const std::string& origin_columns, const std::string& origin) {
  std::string csv = "service," + origin_columns +
                    ",destination_country,destination_postal_code,shipped_at,delivered_at,carrier,tracking_number\n";
  const int days_in_month[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 31, 30, 31};
  int month = 9, day = 15;
  for (int week = 0; week < 10; ++week) {
    int next_month = month, next_day = day + 7;
    if (next_day > days_in_month[month]) {
      next_day -= days_in_month[month];
      ++next_month;
    }
    char shipped[64], delivered[64];
    std::snprintf(shipped, sizeof shipped, "2026-%02d-%02dT16:30:00-04:00", month, day);
    std::snprintf(delivered, sizeof delivered, "2026-%02d-%02dT14:00:00-05:00", next_month, next_day);
    for (int parcel = 0; parcel < 3; ++parcel)
      csv += "ups-ground," + origin + ",US,10025," + shipped + "," + delivered + ",UPS,1Z" +
             std::to_string(week * 10 + parcel) + "\n";
    month = next_month;
    day = next_day;
  }
  return csv;
}

std::string write_file(const fwtest::TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.path + "/" + name;
  std::ofstream(path) << text;
  return path;
}

long long stored_rows(const std::string& db) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  return tx.exec("SELECT count(*) FROM delivery_history")[0][0].as<long long>();
}

json ups_request(const std::string& warehouse_id, const std::string& postal_code) {
  return {{"warehouse_id", warehouse_id},
          {"destination", {{"postal_code", postal_code}, {"country", "US"}}},
          {"order_time", "2026-12-08T10:00:00-05:00"},  // Tuesday, before the cutoff: picked up that day
          {"services", {"ups-ground", "ups-2nd-day-air"}}};
}

}  // namespace

TEST_CASE("import-history: a bad line imports nothing, a good file imports, a re-import adds nothing twice") {
  const auto db = fwtest::fresh_database();
  fwtest::create_tenant(db, "Shop A");
  const fwtest::Env env = {{"FOREWARN_DATABASE_URL", db}};
  fwtest::TempDir dir;
  const std::string csv = five_day_history("origin_country,origin_postal_code", "US,10001");

  // Line 4 (the header is line 1) has a shipped_at without an offset.
  std::string broken = csv;
  size_t at = 0;
  for (int line = 1; line < 4; ++line) at = broken.find('\n', at) + 1;
  const size_t stamp = broken.find("-04:00", at);
  broken.erase(stamp, 6);
  auto bad = fwtest::run_forewarn({"import-history", "--tenant", "Shop A", write_file(dir, "bad.csv", broken)}, env);
  INFO(bad.err);
  CHECK(bad.exit_code != 0);
  CHECK(bad.err.find("line 4, column shipped_at: must be an RFC 3339 date-time with an offset") != std::string::npos);
  CHECK(bad.err.find("nothing was imported") != std::string::npos);
  CHECK(stored_rows(db) == 0);

  const std::string good = write_file(dir, "good.csv", csv);
  auto first = fwtest::run_forewarn({"import-history", "--tenant", "Shop A", good}, env);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(first.out.find("imported 30 deliveries") != std::string::npos);
  CHECK(first.out.find("30 new, 0 already imported") != std::string::npos);
  CHECK(stored_rows(db) == 30);

  auto again = fwtest::run_forewarn({"import-history", "--tenant", "Shop A", good}, env);
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out.find("0 new, 30 already imported") != std::string::npos);
  CHECK(stored_rows(db) == 30);

  // Unknown tenant, missing file, unknown service: errors, nothing imported.
  CHECK(fwtest::run_forewarn({"import-history", "--tenant", "Nobody", good}, env).exit_code != 0);
  CHECK(fwtest::run_forewarn({"import-history", "--tenant", "Shop A", dir.path + "/missing.csv"}, env).exit_code != 0);
  CHECK(fwtest::run_forewarn({"import-history", good}, env).exit_code == 2);
  std::string teleport = csv;
  teleport.replace(teleport.rfind("ups-ground"), 10, "ups-teleport");
  auto unknown = fwtest::run_forewarn({"import-history", "--tenant", "Shop A", write_file(dir, "t.csv", teleport)}, env);
  CHECK(unknown.exit_code != 0);
  CHECK(unknown.err.find("line 31, column service") != std::string::npos);
  CHECK(stored_rows(db) == 30);
}

TEST_CASE("learned transit: after an import and a rebuild, ups-ground promises five business days, not the nominal") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Shop A");
  fwtest::Server server(db, {{"FOREWARN_CLOCK", "fixed:2026-12-01T12:00:00Z"}, {"FOREWARN_MODEL_REBUILD_MS", "200"}});
  auto c = server.client();
  auto wh = c.Post("/v1/warehouses", bearer(key), kWarehouse, "application/json");
  REQUIRE(wh);
  REQUIRE(wh->status == 201);
  const std::string wh_id = json::parse(wh->body)["id"];

  auto ask = [&](const std::string& postal_code) {
    auto r = c.Post("/v1/promises", bearer(key), ups_request(wh_id, postal_code).dump(), "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    return json::parse(r->body)["services"];
  };

  // Nominal: UPS Ground 1-5 days, most likely 2: Thursday 10 Dec.
  const json before = ask("10025");
  CHECK(before[0]["model"]["source"] == "nominal");
  CHECK(before[0]["p50"] == "2026-12-10");

  fwtest::TempDir dir;
  const std::string file = write_file(dir, "history.csv", five_day_history("origin_warehouse_id", wh_id));
  auto imported = fwtest::run_forewarn({"import-history", "--tenant", "Shop A", file}, {{"FOREWARN_DATABASE_URL", db}});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);

  // The rebuild runs every 200 ms in the background; wait for it to pick the history up.
  json after;
  for (int i = 0; i < 100; ++i) {
    after = ask("10025");
    if (after[0]["model"]["source"] == "learned") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO(after.dump());
  REQUIRE(after[0]["model"]["source"] == "learned");
  CHECK(after[0]["model"]["level"] == "lane");
  CHECK(after[0]["model"]["observations"] == 30);
  // Five business days after the Tuesday pickup: Tuesday 15 Dec.
  CHECK(after[0]["p50"] == "2026-12-15");
  CHECK(after[0]["p80"] == "2026-12-15");
  CHECK(after[1]["model"]["source"] == "nominal");  // no 2nd Day Air history
  CHECK(after[1]["p50"] == before[1]["p50"]);

  // Another lane (New York to San Francisco): the service's history answers.
  const json other_lane = ask("94103");
  CHECK(other_lane[0]["model"]["source"] == "learned");
  CHECK(other_lane[0]["model"]["level"] == "service");
  CHECK(other_lane[0]["p50"] == "2026-12-15");
  CHECK(server.logs().find("\"records\":30") != std::string::npos);  // the rebuild's log line
}
