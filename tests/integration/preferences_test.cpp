// Recipient preferences and the signed unsubscribe links, against the real
// binary: defaults, a PUT that keeps what it leaves out, address
// normalization, tenant isolation, field errors, and the RFC 8058 one-click
// POST that opts the address out (a GET only shows the page).
#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include "harness.hpp"
#include "platform/unsubscribe.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

std::string unhex(const std::string& hex) {
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return raw;
}

std::string tenant_id_of(const std::string& db, const std::string& name) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  return tx.exec_params1("SELECT id::text FROM tenants WHERE name = $1", name)[0].as<std::string>();
}

}  // namespace

TEST_CASE("recipient preferences: defaults, partial updates, normalization and tenant isolation") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "cookies");
  const auto other = fwtest::create_tenant(db, "other");
  fwtest::Server server(db);
  auto cli = server.client();

  auto r = cli.Get("/v1/recipients/Anna.Virtanen@Example.fi/preferences", bearer(key));
  REQUIRE(r);
  CHECK(r->status == 200);
  auto body = json::parse(r->body);
  CHECK(body["address"] == "anna.virtanen@example.fi");
  CHECK(body["channels"]["email"] == true);
  CHECK(body["opted_out"] == false);
  CHECK(body["quiet_hours"]["start"] == "21:00");
  CHECK(body["quiet_hours"]["end"] == "08:00");

  r = cli.Put("/v1/recipients/anna.virtanen@example.fi/preferences", bearer(key),
              R"({"channels":{"sms":false},"quiet_hours":{"start":"22:00","end":"07:30"},"time_zone":"Europe/Helsinki"})",
              "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  r = cli.Put("/v1/recipients/ANNA.VIRTANEN@example.fi/preferences", bearer(key), R"({"opted_out":true})",
              "application/json");
  REQUIRE(r);
  body = json::parse(r->body);
  CHECK(body["channels"]["email"] == true);
  CHECK(body["channels"]["sms"] == false);  // kept from the first PUT
  CHECK(body["quiet_hours"]["start"] == "22:00");
  CHECK(body["time_zone"] == "Europe/Helsinki");
  CHECK(body["opted_out"] == true);
  CHECK(body["opted_out_source"] == "api");
  CHECK(body["opted_out_at"].is_string());

  // Another tenant sees its own (default) preferences for the same address.
  r = cli.Get("/v1/recipients/anna.virtanen@example.fi/preferences", bearer(other));
  REQUIRE(r);
  CHECK(json::parse(r->body)["opted_out"] == false);

  // A phone number in any usual form is the same E.164 address.
  r = cli.Put("/v1/recipients/%2B358%2040%20123%204567/preferences", bearer(key), R"({"channels":{"email":false}})",
              "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["address"] == "+358401234567");

  r = cli.Put("/v1/recipients/anna.virtanen@example.fi/preferences", bearer(key),
              R"({"quiet_hours":{"start":"25:00","end":"07:00"},"time_zone":"Mars/Olympus","colour":"red"})",
              "application/json");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->get_header_value("Content-Type") == "application/problem+json");
  const auto errors = json::parse(r->body)["errors"].dump();
  CHECK(errors.find("/quiet_hours/start") != std::string::npos);
  CHECK(errors.find("/time_zone") != std::string::npos);
  CHECK(errors.find("/colour") != std::string::npos);

  r = cli.Get("/v1/recipients/not-an-address/preferences", bearer(key));
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("#/path/address") != std::string::npos);

  r = cli.Delete("/v1/recipients/anna.virtanen@example.fi/preferences", bearer(key));
  REQUIRE(r);
  CHECK(r->status == 204);
  r = cli.Delete("/v1/recipients/anna.virtanen@example.fi/preferences", bearer(key));
  REQUIRE(r);
  CHECK(r->status == 404);
}

TEST_CASE("unsubscribe links: the page changes nothing, the one-click POST opts out, a forged token is refused") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "cookies");
  const auto tenant = tenant_id_of(db, "cookies");
  fwtest::Server server(db);
  auto cli = server.client();

  // The first use creates the service's signing key.
  auto r = cli.Get("/unsubscribe/bm90LWEtdG9rZW4.AAAA");
  REQUIRE(r);
  CHECK(r->status == 404);
  std::string secret;
  {
    pqxx::connection conn(db);
    pqxx::read_transaction tx(conn);
    secret = unhex(tx.exec("SELECT encode(secret, 'hex') FROM signing_keys WHERE name = 'unsubscribe'")[0][0]
                       .as<std::string>());
  }
  REQUIRE(secret.size() == 32);
  const std::string token = forewarn::platform::sign_unsubscribe(secret, {tenant, "anna@example.fi"});

  r = cli.Get(("/unsubscribe/" + token).c_str());
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.find("<form method=\"post\">") != std::string::npos);
  r = cli.Get("/v1/recipients/anna@example.fi/preferences", bearer(key));
  CHECK(json::parse(r->body)["opted_out"] == false);

  // A token signed with another key, or altered, is refused and changes nothing.
  const std::string forged = forewarn::platform::sign_unsubscribe(std::string(32, 'x'), {tenant, "anna@example.fi"});
  r = cli.Post(("/unsubscribe/" + forged).c_str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  REQUIRE(r);
  CHECK(r->status == 404);
  r = cli.Get("/v1/recipients/anna@example.fi/preferences", bearer(key));
  CHECK(json::parse(r->body)["opted_out"] == false);

  r = cli.Post(("/unsubscribe/" + token).c_str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  REQUIRE(r);
  CHECK(r->status == 200);
  r = cli.Post(("/unsubscribe/" + token).c_str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  REQUIRE(r);
  CHECK(r->status == 200);  // idempotent
  r = cli.Get("/v1/recipients/anna@example.fi/preferences", bearer(key));
  const auto body = json::parse(r->body);
  CHECK(body["opted_out"] == true);
  CHECK(body["opted_out_source"] == "unsubscribe");
}
