// The service's HTTP surface end to end: probes, request ids, API keys,
// tenant isolation, warehouses, rate limits, configuration errors.
#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {
const char* kWarehouse = R"({"name":"Main","time_zone":"America/New_York","country":"US","cutoff_local":"14:00"})";

bool is_problem(const httplib::Result& r) {
  return r && r->get_header_value("Content-Type") == "application/problem+json" &&
         json::parse(r->body).at("status").get<int>() == r->status;
}
}  // namespace

TEST_CASE("probes: healthz, readyz, metrics, and the request id") {
  fwtest::Server server(fwtest::fresh_database());
  auto c = server.client();
  auto h = c.Get("/healthz");
  REQUIRE(h);
  CHECK(h->status == 200);
  CHECK(h->get_header_value("X-Request-Id").size() == 16);

  auto r = c.Get("/readyz", {{"X-Request-Id", "checkout-42"}});
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("X-Request-Id") == "checkout-42");

  // An unusable id is replaced, not echoed.
  auto bad_id = c.Get("/healthz", {{"X-Request-Id", "has spaces and \"quotes\""}});
  REQUIRE(bad_id);
  CHECK(bad_id->get_header_value("X-Request-Id") != "has spaces and \"quotes\"");

  auto m = c.Get("/metrics");
  REQUIRE(m);
  CHECK(m->status == 200);
  CHECK(m->body.find("forewarn_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2") != std::string::npos);  // two /healthz calls above
  CHECK(m->body.find("forewarn_http_request_duration_seconds_bucket{route=\"/readyz\"") != std::string::npos);
  CHECK(m->body.find("forewarn_db_pool_connections{state=\"idle\"}") != std::string::npos);
  CHECK(m->body.find("forewarn_build_info{version=") != std::string::npos);
}

TEST_CASE("API keys: missing, malformed, unknown, wrong secret or revoked is 401, a valid key is 200") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Shop A");
  fwtest::Server server(db, {{"FOREWARN_AUTH_CACHE_MS", "200"}});
  auto c = server.client();

  auto none = c.Get("/v1/warehouses");
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(is_problem(none));
  for (const std::string& auth : {std::string("Basic dXNlcjpwYXNz"), std::string("Bearer nonsense"),
                                  "Bearer fwk_000000000000_" + std::string(43, 'A'),
                                  "Bearer " + key.substr(0, key.size() - 1) + (key.back() == 'A' ? "B" : "A")}) {
    auto r = c.Get("/v1/warehouses", {{"Authorization", auth}});
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 401, auth);
    CHECK(is_problem(r));
  }
  auto ok = c.Get("/v1/tenant", bearer(key));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(json::parse(ok->body)["name"] == "Shop A");

  // The database holds only the hash of the secret.
  {
    pqxx::connection conn(db);
    pqxx::read_transaction tx(conn);
    const auto secret = key.substr(key.rfind('_') + 1);
    CHECK(tx.exec_params("SELECT count(*) FROM api_keys WHERE secret_hash LIKE '%' || $1 || '%'", secret)[0][0].as<int>() == 0);
    CHECK(tx.exec("SELECT length(secret_hash) FROM api_keys")[0][0].as<int>() == 64);
  }

  // A second key works alongside the first; revoking one leaves the other.
  auto second = fwtest::run_forewarn({"tenant", "create-key", "Shop A"}, {{"FOREWARN_DATABASE_URL", db}});
  REQUIRE(second.exit_code == 0);
  const auto key2 = second.out.substr(second.out.find("fwk_"), key.size());
  CHECK(c.Get("/v1/tenant", bearer(key2))->status == 200);

  auto revoke = fwtest::run_forewarn({"tenant", "revoke-key", key}, {{"FOREWARN_DATABASE_URL", db}});
  REQUIRE(revoke.exit_code == 0);
  int status = 0;
  for (int i = 0; i < 50; ++i) {  // the auth cache holds a verified key for 200 ms
    status = c.Get("/v1/tenant", bearer(key))->status;
    if (status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(status == 401);
  CHECK(c.Get("/v1/tenant", bearer(key2))->status == 200);
}

TEST_CASE("tenants see only their own data: another tenant's warehouse is 404, as a missing one") {
  const auto db = fwtest::fresh_database();
  const auto a = fwtest::create_tenant(db, "Shop A");
  const auto b = fwtest::create_tenant(db, "Shop B");
  fwtest::Server server(db);
  auto c = server.client();

  auto created = c.Post("/v1/warehouses", bearer(a), kWarehouse, "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = json::parse(created->body)["id"];
  CHECK(created->get_header_value("Location") == "/v1/warehouses/" + id);

  CHECK(c.Get(("/v1/warehouses/" + id).c_str(), bearer(a))->status == 200);
  auto other = c.Get(("/v1/warehouses/" + id).c_str(), bearer(b));
  auto missing = c.Get("/v1/warehouses/00000000-0000-4000-8000-000000000000", bearer(b));
  REQUIRE(other);
  REQUIRE(missing);
  CHECK(other->status == 404);
  CHECK(missing->status == 404);
  CHECK(json::parse(other->body)["title"] == json::parse(missing->body)["title"]);
  CHECK(c.Patch(("/v1/warehouses/" + id).c_str(), bearer(b), R"({"backlog_days":5})", "application/json")->status == 404);
  CHECK(c.Delete(("/v1/warehouses/" + id).c_str(), bearer(b))->status == 404);
  CHECK(json::parse(c.Get("/v1/warehouses", bearer(b))->body)["items"].empty());
  // Tenant B may use the same name: names are unique per tenant only.
  CHECK(c.Post("/v1/warehouses", bearer(b), kWarehouse, "application/json")->status == 201);
  // And A's warehouse is untouched.
  CHECK(json::parse(c.Get(("/v1/warehouses/" + id).c_str(), bearer(a))->body)["backlog_days"] == 0);
}

TEST_CASE("warehouses: create, conflict, patch, paginate, delete") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Bakery");
  fwtest::Server server(db);
  auto c = server.client();

  auto first = c.Post("/v1/warehouses", bearer(key), kWarehouse, "application/json");
  REQUIRE(first->status == 201);
  const std::string id = json::parse(first->body)["id"];
  auto dup = c.Post("/v1/warehouses", bearer(key), kWarehouse, "application/json");
  CHECK(dup->status == 409);
  CHECK(json::parse(dup->body)["errors"][0]["pointer"] == "/name");

  auto patched = c.Patch(("/v1/warehouses/" + id).c_str(), bearer(key),
                         R"({"backlog_days":5,"closures":["2026-12-25","2026-12-24"]})", "application/json");
  REQUIRE(patched->status == 200);
  const auto w = json::parse(patched->body);
  CHECK(w["backlog_days"] == 5);
  CHECK(w["closures"] == json::array({"2026-12-24", "2026-12-25"}));
  CHECK(w["name"] == "Main");

  for (int i = 0; i < 6; ++i) {
    json body = json::parse(kWarehouse);
    std::string name = "W";
    name += std::to_string(i);  // ("W" + to_string: a GCC 12 -Wrestrict false positive at -O2)
    body["name"] = name;
    REQUIRE(c.Post("/v1/warehouses", bearer(key), body.dump(), "application/json")->status == 201);
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string path = "/v1/warehouses?limit=3";
    if (!cursor.empty()) path += "&cursor=" + cursor;
    auto page = json::parse(c.Get(path.c_str(), bearer(key))->body);
    for (const auto& item : page["items"]) CHECK(seen.insert(item["id"].get<std::string>()).second);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  CHECK(seen.size() == 7);
  CHECK(pages == 3);

  CHECK(c.Delete(("/v1/warehouses/" + id).c_str(), bearer(key))->status == 204);
  CHECK(c.Get(("/v1/warehouses/" + id).c_str(), bearer(key))->status == 404);
}

TEST_CASE("rate limiting: 429 problem with Retry-After, per key") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Busy");
  const auto other = fwtest::create_tenant(db, "Calm");
  fwtest::Server server(db, {{"FOREWARN_RATE_LIMIT_RPS", "1"}, {"FOREWARN_RATE_LIMIT_BURST", "3"}});
  auto c = server.client();
  int limited = 0;
  std::string retry_after;
  for (int i = 0; i < 6; ++i) {
    auto r = c.Get("/v1/tenant", bearer(key));
    if (r->status == 429) {
      ++limited;
      retry_after = r->get_header_value("Retry-After");
      CHECK(is_problem(r));
    }
  }
  CHECK(limited >= 2);
  CHECK(std::stoi(retry_after) >= 1);
  CHECK(c.Get("/v1/tenant", bearer(other))->status == 200);
}

TEST_CASE("a bad configuration value stops start-up, naming the variable") {
  auto r = fwtest::run_forewarn({"serve"}, {{"FOREWARN_HTTP_PORT", "eighty"}, {"FOREWARN_DB_POOL_SIZE", "-3"}});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("FOREWARN_HTTP_PORT") != std::string::npos);
  CHECK(r.err.find("FOREWARN_DB_POOL_SIZE") != std::string::npos);
  CHECK(r.err.find("whole number") != std::string::npos);
}

TEST_CASE("keep-alive: a request answered before its body was read does not spoil the next one on the connection") {
  fwtest::Server server(fwtest::fresh_database());
  auto c = server.client();
  c.set_keep_alive(true);
  const std::string body(2000, 'x');
  // No such route, and a route without a valid key: both answered before the body is read.
  for (const char* path : {"/v1/no-such-thing", "/v1/warehouses"}) {
    auto r = c.Post(path, body, "application/json");
    REQUIRE(r);
    CHECK((r->status == 404 || r->status == 401));
    CHECK(is_problem(r));
    CHECK(r->get_header_value("Connection") == "close");
    // The next request on the client is read as sent, not after 2000 stray bytes.
    auto h = c.Get("/healthz");
    REQUIRE(h);
    CHECK(h->status == 200);
  }
}
