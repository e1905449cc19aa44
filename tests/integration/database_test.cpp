// The service and its database: readiness follows the database without a
// restart of forewarn, and replicas starting together migrate exactly once.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <pqxx/pqxx>

#include "db/migrations.hpp"
#include "harness.hpp"

namespace {

using Clock = std::chrono::steady_clock;

int readyz(const fwtest::Server& s) {
  auto c = s.client();
  c.set_read_timeout(3, 0);
  auto r = c.Get("/readyz");
  return r ? r->status : -1;
}

// Milliseconds until readyz answers `status`, or -1 after `limit_ms`.
long long wait_for(const fwtest::Server& s, int status, int limit_ms) {
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::milliseconds(limit_ms)) {
    if (readyz(s) == status)
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

}  // namespace

TEST_CASE("readyz follows the database: 503 within 2 s of stopping it, 200 again after restart") {
  // A cluster of this test's own, so stopping it disturbs no other test.
  fwtest::TempDir dir;
  const fwtest::Env pg_env = {{"FOREWARN_DATA_DIR", dir.path + "/pg"}};
  auto start = fwtest::run_forewarn({"db", "start"}, pg_env);
  REQUIRE_MESSAGE(start.exit_code == 0, start.err);
  const std::string url = fwtest::cluster_uri(dir.path + "/pg", "forewarn");

  {
    fwtest::Server server(url);
    CHECK(readyz(server) == 200);
    CHECK(server.client().Get("/healthz")->status == 200);

    REQUIRE(fwtest::run_forewarn({"db", "stop"}, pg_env).exit_code == 0);
    const long long down_ms = wait_for(server, 503, 5000);
    MESSAGE("readyz turned 503 after " << down_ms << " ms");
    CHECK(down_ms >= 0);
    CHECK(down_ms <= 2000);
    // The process itself is alive, and /v1 calls fail cleanly with 503.
    CHECK(server.client().Get("/healthz")->status == 200);
    auto v1 = server.client().Get("/v1/tenant", fwtest::bearer("fwk_000000000000_" + std::string(43, 'A')));
    REQUIRE(v1);
    CHECK(v1->status == 503);
    CHECK(v1->get_header_value("Retry-After") == "1");

    REQUIRE(fwtest::run_forewarn({"db", "start"}, pg_env).exit_code == 0);
    const long long up_ms = wait_for(server, 200, 10000);
    MESSAGE("readyz turned 200 again after " << up_ms << " ms");
    CHECK(up_ms >= 0);
    const std::string key = fwtest::create_tenant(url, "After restart");
    CHECK(server.client().Get("/v1/tenant", fwtest::bearer(key))->status == 200);
    CHECK(server.logs().find("\"level\":\"error\"") == std::string::npos);
  }
  fwtest::run_forewarn({"db", "stop"}, pg_env);
}

TEST_CASE("three replicas starting at once on an empty database apply each migration exactly once") {
  const std::string url = fwtest::fresh_database();
  std::vector<std::unique_ptr<fwtest::Server>> replicas;
  for (int i = 0; i < 3; ++i) replicas.push_back(std::make_unique<fwtest::Server>(url, fwtest::Env{}, false));
  for (auto& r : replicas) REQUIRE_MESSAGE(r->wait_listening(), r->logs());
  for (auto& r : replicas) CHECK(wait_for(*r, 200, 10000) >= 0);

  const auto& embedded = forewarn::db::embedded_migrations();
  int applied_lines = 0;
  for (auto& r : replicas) {
    const std::string logs = r->logs();
    for (size_t at = logs.find("\"msg\":\"applied migration\""); at != std::string::npos;
         at = logs.find("\"msg\":\"applied migration\"", at + 1))
      ++applied_lines;
  }
  CHECK(applied_lines == static_cast<int>(embedded.size()));

  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  CHECK(tx.exec("SELECT count(*) FROM schema_migrations")[0][0].as<size_t>() == embedded.size());
  CHECK(tx.exec("SELECT count(DISTINCT version) FROM schema_migrations")[0][0].as<size_t>() == embedded.size());
  // Every replica serves the same data.
  const std::string key = fwtest::create_tenant(url, "Shared");
  for (auto& r : replicas) CHECK(r->client().Get("/v1/tenant", fwtest::bearer(key))->status == 200);
}

TEST_CASE("an edited migration stops start-up: migrations are forward-only") {
  const std::string url = fwtest::fresh_database();
  REQUIRE(fwtest::run_forewarn({"migrate"}, {{"FOREWARN_DATABASE_URL", url}}).exit_code == 0);
  {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    tx.exec("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
    tx.commit();
  }
  auto r = fwtest::run_forewarn({"migrate"}, {{"FOREWARN_DATABASE_URL", url}});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("forward-only") != std::string::npos);
}
