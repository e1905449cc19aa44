// Shipments (register, detect, idempotency, list filters, patch, stop) and
// the aggregator webhooks (signatures, events stored once, faults kept).
#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include <tuple>

#include "../unit/tracking/shared_fixtures.hpp"
#include "core/time.hpp"
#include "core/tracking/parse.hpp"
#include "db/store.hpp"
#include "harness.hpp"
#include "platform/crypto.hpp"
#include "platform/webhook_signature.hpp"

using fwtest::bearer;
using nlohmann::json;
namespace webhooks = forewarn::webhooks;
namespace fixtures = forewarn::tracking::testing;

namespace {

const char* const kOtherUuid = "00000000-0000-4000-8000-000000000000";

json shipment_body(const std::string& number, const std::string& order = "A-1001") {
  return {{"order_id", order},
          {"tracking_number", number},
          {"destination", {{"postal_code", "10025"}, {"country", "US"}}},
          {"purchaser", {{"name", "Bob Buyer"}, {"email", "bob@example.com"}}},
          {"recipients", json::array({{{"name", "Jane"}, {"phone", "+1 415 555 0123"}, {"locale", "en-US"}}})},
          {"promised_date", "2026-12-22"},
          {"customer", {{"lifetime_value", 1234.5}, {"currency", "USD"}, {"order_count", 12}, {"tier", "gold"}}}};
}

httplib::Headers with(httplib::Headers h, const std::vector<std::pair<std::string, std::string>>& extra) {
  for (const auto& [k, v] : extra) h.emplace(k, v);
  return h;
}

long long count(const std::string& db, const std::string& sql) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  return tx.exec1(sql)[0].as<long long>();
}

std::vector<std::string> pointers(const std::string& problem_body) {
  std::vector<std::string> out;
  const json problem = json::parse(problem_body);
  for (const auto& e : problem["errors"]) out.push_back(e["pointer"]);
  return out;
}

std::string tenant_id(httplib::Client& c, const std::string& key) {
  return json::parse(c.Get("/v1/tenant", bearer(key))->body)["id"];
}

}  // namespace

TEST_CASE("shipments: register with the carrier detected, idempotent by tracking number and by Idempotency-Key") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Gifts");
  const auto other = fwtest::create_tenant(db, "Other");
  fwtest::Server server(db);
  auto c = server.client();

  auto created = c.Post("/v1/shipments", bearer(key), shipment_body("1Z5R89390357567127").dump(), "application/json");
  REQUIRE(created->status == 201);
  const json s = json::parse(created->body);
  const std::string id = s["id"];
  CHECK(created->get_header_value("Location") == "/v1/shipments/" + id);
  CHECK(s["carrier"] == "ups");
  CHECK(s["status"] == "unknown");
  CHECK(s["active"] == true);
  CHECK(s["destination"]["time_zone"] == "America/New_York");
  CHECK(s["recipients"][0]["phone"] == "+14155550123");
  CHECK(s["purchaser"]["email"] == "bob@example.com");
  CHECK(s["customer"]["lifetime_value"] == 1234.5);
  CHECK(s["promise"]["promised_date"] == "2026-12-22");
  CHECK(s["next_poll_at"].is_string());
  // No raw e-mail or phone number in the logs.
  CHECK(server.logs().find("bob@example.com") == std::string::npos);

  // The same carrier and number again (another order id, spaced): the shipment that exists, 200.
  auto again = c.Post("/v1/shipments", bearer(key), shipment_body("1z5r 8939 0357 5671 27", "A-2002").dump(),
                      "application/json");
  REQUIRE(again->status == 200);
  CHECK(json::parse(again->body)["id"] == id);
  CHECK(json::parse(again->body)["order_id"] == "A-1001");
  // Another tenant may register the same number: it is its own shipment.
  auto theirs = c.Post("/v1/shipments", bearer(other), shipment_body("1Z5R89390357567127").dump(), "application/json");
  REQUIRE(theirs->status == 201);
  CHECK(json::parse(theirs->body)["id"] != id);

  // Idempotency-Key: the same body replays, another body is refused.
  const auto idem = with(bearer(key), {{"Idempotency-Key", "order-77-parcel-1"}});
  auto first = c.Post("/v1/shipments", idem, shipment_body("986578788855", "A-77").dump(), "application/json");
  REQUIRE(first->status == 201);
  CHECK(json::parse(first->body)["carrier"] == "fedex");
  auto replayed = c.Post("/v1/shipments", idem, shipment_body("986578788855", "A-77").dump(), "application/json");
  CHECK(replayed->status == 200);
  CHECK(json::parse(replayed->body)["id"] == json::parse(first->body)["id"]);
  auto reused = c.Post("/v1/shipments", idem, shipment_body("3318810025", "A-78").dump(), "application/json");
  CHECK(reused->status == 422);
  CHECK(pointers(reused->body) == std::vector<std::string>{"#/header/Idempotency-Key"});
  CHECK(count(db, "SELECT count(*) FROM shipments WHERE tracking_number = '3318810025'") == 0);

  // Bad input: a check digit, an unknown carrier or service, another tenant's warehouse.
  auto bad_digit = c.Post("/v1/shipments", bearer(key), shipment_body("1Z5R89390357567128").dump(), "application/json");
  CHECK(bad_digit->status == 422);
  CHECK(pointers(bad_digit->body) == std::vector<std::string>{"/tracking_number"});
  json unknown_carrier = shipment_body("3318810025");
  unknown_carrier["carrier"] = "pony-express";
  CHECK(pointers(c.Post("/v1/shipments", bearer(key), unknown_carrier.dump(), "application/json")->body) ==
        std::vector<std::string>{"/carrier"});
  json unknown_service = shipment_body("3318810025");
  unknown_service["service"] = "teleport";
  CHECK(pointers(c.Post("/v1/shipments", bearer(key), unknown_service.dump(), "application/json")->body) ==
        std::vector<std::string>{"/service"});
  auto their_warehouse = c.Post("/v1/warehouses", bearer(other),
                                R"({"name":"Theirs","time_zone":"America/New_York","country":"US"})", "application/json");
  json foreign = shipment_body("3318810025");
  foreign["warehouse_id"] = json::parse(their_warehouse->body)["id"];
  foreign["event_id"] = kOtherUuid;
  auto refused = c.Post("/v1/shipments", bearer(key), foreign.dump(), "application/json");
  CHECK(refused->status == 422);
  CHECK(pointers(refused->body) == std::vector<std::string>{"/warehouse_id", "/event_id"});

  // Read: with its events (none yet); another tenant's is a 404.
  auto got = c.Get(("/v1/shipments/" + id).c_str(), bearer(key));
  REQUIRE(got->status == 200);
  CHECK(json::parse(got->body)["events"] == json::array());
  CHECK(c.Get(("/v1/shipments/" + id).c_str(), bearer(other))->status == 404);
  CHECK(c.Get("/v1/shipments/not-a-uuid", bearer(key))->status == 404);
}

TEST_CASE("shipments: list filters and cursor, PATCH contacts and promise, DELETE stops tracking") {
  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Gifts");
  fwtest::Server server(db);
  auto c = server.client();
  std::vector<std::string> ids;
  for (const auto& [number, order] : std::vector<std::pair<std::string, std::string>>{
           {"1Z5R89390357567127", "A-1"}, {"986578788855", "A-1"}, {"3318810025", "A-2"}}) {
    auto r = c.Post("/v1/shipments", bearer(key), shipment_body(number, order).dump(), "application/json");
    REQUIRE(r->status == 201);
    ids.push_back(json::parse(r->body)["id"]);
  }

  auto page1 = json::parse(c.Get("/v1/shipments?limit=2", bearer(key))->body);
  REQUIRE(page1["items"].size() == 2);
  CHECK(page1["items"][0]["id"] == ids[0]);
  REQUIRE(page1["next_cursor"].is_string());
  auto page2 = json::parse(
      c.Get(("/v1/shipments?limit=2&cursor=" + page1["next_cursor"].get<std::string>()).c_str(), bearer(key))->body);
  REQUIRE(page2["items"].size() == 1);
  CHECK(page2["items"][0]["id"] == ids[2]);
  CHECK(page2["next_cursor"].is_null());

  CHECK(json::parse(c.Get("/v1/shipments?order_id=A-1", bearer(key))->body)["items"].size() == 2);
  CHECK(json::parse(c.Get("/v1/shipments?status=unknown", bearer(key))->body)["items"].size() == 3);
  CHECK(json::parse(c.Get("/v1/shipments?status=delivered", bearer(key))->body)["items"].empty());
  CHECK(json::parse(c.Get("/v1/shipments?risk=high", bearer(key))->body)["items"].empty());
  CHECK(json::parse(c.Get("/v1/shipments?updated_since=2000-01-01T00:00:00Z", bearer(key))->body)["items"].size() == 3);
  CHECK(json::parse(c.Get("/v1/shipments?updated_since=2999-01-01T00:00:00Z", bearer(key))->body)["items"].empty());
  auto bad = c.Get("/v1/shipments?status=lost-in-space&active=maybe&updated_since=yesterday&colour=red", bearer(key));
  CHECK(bad->status == 422);
  CHECK(pointers(bad->body) ==
        std::vector<std::string>{"#/query/colour", "#/query/status", "#/query/updated_since", "#/query/active"});

  // PATCH: recipients replaced, promise moved, the purchaser cleared; fixed fields refused.
  const std::string at = "/v1/shipments/" + ids[0];
  auto patched = c.Patch(at.c_str(), bearer(key),
                         R"({"recipients":[{"name":"Ann","email":"ann@example.fi","locale":"fi","time_zone":"Europe/Helsinki"}],
                             "promised_date":"2026-12-23","purchaser":null})",
                         "application/json");
  REQUIRE(patched->status == 200);
  const json p = json::parse(patched->body);
  CHECK(p["recipients"].size() == 1);
  CHECK(p["recipients"][0]["email"] == "ann@example.fi");
  CHECK(p["purchaser"].is_null());
  CHECK(p["promise"]["promised_date"] == "2026-12-23");
  CHECK(count(db, "SELECT count(*) FROM shipment_contacts WHERE shipment_id = '" + ids[0] + "'") == 1);
  auto fixed = c.Patch(at.c_str(), bearer(key), R"({"tracking_number":"1Z5R89390357567127"})", "application/json");
  CHECK(fixed->status == 422);
  CHECK(pointers(fixed->body) == std::vector<std::string>{"/tracking_number"});
  auto bad_contact = c.Patch(at.c_str(), bearer(key), R"({"recipients":[{"email":"nope"}]})", "application/json");
  CHECK(pointers(bad_contact->body) == std::vector<std::string>{"/recipients/0/email"});

  // DELETE stops tracking and keeps the record.
  CHECK(c.Delete(at.c_str(), bearer(key))->status == 204);
  const json stopped = json::parse(c.Get(at.c_str(), bearer(key))->body);
  CHECK(stopped["active"] == false);
  CHECK(stopped["stopped_at"].is_string());
  CHECK(stopped["next_poll_at"].is_null());
  CHECK(json::parse(c.Get("/v1/shipments?active=false", bearer(key))->body)["items"].size() == 1);
  CHECK(json::parse(c.Get("/v1/shipments?active=true", bearer(key))->body)["items"].size() == 2);
  CHECK(c.Delete(("/v1/shipments/" + std::string(kOtherUuid)).c_str(), bearer(key))->status == 404);
}

TEST_CASE("webhooks: a signed EasyPost tracker.updated stores its events once, even posted twice") {
  const auto dir = fixtures::fixtures_or_skip("fixtures/tracking/easypost/examples_repo");
  if (!dir) return;
  const auto payload = fixtures::read_file(*dir / "guides__tracking-guide__json__tracking-webhook.json");
  REQUIRE(payload);
  const auto parsed = forewarn::tracking::parse_tracking("easypost", *payload);
  REQUIRE(parsed.ok());
  const size_t expected_events = parsed.results()[0].events.size();
  REQUIRE(expected_events >= 5);

  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Gifts");
  // The V2 signature's timestamp is checked against the server's (fixed) clock.
  fwtest::Server server(db, {{"FOREWARN_CLOCK", "fixed:2025-08-19T20:37:09Z"}});
  auto c = server.client();
  const std::string tenant = tenant_id(c, key);
  const std::string hook = "/v1/webhooks/easypost/" + tenant;
  const std::string secret = "easypost-webhook-secret-1";

  // Before a secret is set, nothing verifies.
  auto no_secret = c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::easypost, secret, *payload)),
                          *payload, "application/json");
  CHECK(no_secret->status == 401);

  auto put = c.Put("/v1/webhook-secrets/easypost", bearer(key), json{{"secret", secret}}.dump(), "application/json");
  REQUIRE(put->status == 201);
  CHECK(json::parse(put->body)["webhook_url"] == hook);
  CHECK(json::parse(put->body).contains("secret") == false);
  CHECK(c.Put("/v1/webhook-secrets/easypost", bearer(key), json{{"secret", secret}}.dump(), "application/json")->status == 200);
  CHECK(c.Put("/v1/webhook-secrets/shippo", bearer(key), json{{"secret", secret}}.dump(), "application/json")->status == 404);
  CHECK(c.Put("/v1/webhook-secrets/easypost", bearer(key), R"({"secret":"short"})", "application/json")->status == 422);
  const json listed = json::parse(c.Get("/v1/webhook-secrets", bearer(key))->body);
  REQUIRE(listed["items"].size() == 1);
  CHECK(listed["items"][0]["provider"] == "easypost");
  CHECK(listed.dump().find(secret) == std::string::npos);

  json body = shipment_body("EZ4000000004");
  body["carrier"] = "ups";
  auto created = c.Post("/v1/shipments", bearer(key), body.dump(), "application/json");
  REQUIRE(created->status == 201);
  const std::string id = json::parse(created->body)["id"];

  // A bad or missing signature: 401 problem+json, nothing stored.
  auto forged = c.Post(hook.c_str(), {{"X-Hmac-Signature", "hmac-sha256-hex=" + std::string(64, '0')}}, *payload,
                       "application/json");
  CHECK(forged->status == 401);
  CHECK(forged->get_header_value("Content-Type") == "application/problem+json");
  CHECK(c.Post(hook.c_str(), *payload, "application/json")->status == 401);
  auto wrong_key = c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::easypost, "another-secret", *payload)),
                          *payload, "application/json");
  CHECK(wrong_key->status == 401);
  CHECK(count(db, "SELECT count(*) FROM tracking_events") == 0);
  CHECK(count(db, "SELECT count(*) FROM carrier_faults") == 0);

  // Signed correctly (legacy header): every event stored, the shipment delivered and no longer active.
  auto first = c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::easypost, secret, *payload)), *payload,
                      "application/json");
  REQUIRE(first->status == 200);
  const json r1 = json::parse(first->body);
  REQUIRE(r1["matched"].size() == 1);
  CHECK(r1["matched"][0]["shipment_id"] == id);
  CHECK(r1["matched"][0]["new_events"] == expected_events);
  const json s = json::parse(c.Get(("/v1/shipments/" + id).c_str(), bearer(key))->body);
  CHECK(s["status"] == "delivered");
  CHECK(s["active"] == false);
  CHECK(s["delivered_at"].is_string());
  CHECK(s["promise"]["carrier_estimated_delivery"] == "2014-11-27");
  // The news re-evaluated the promise: delivered long before the promised 2026-12-22.
  CHECK(s["risk"] == "delivered_on_time");
  REQUIRE(s["events"].size() == expected_events);
  CHECK(s["events"][0]["source"] == "easypost");
  for (size_t i = 1; i < s["events"].size(); ++i)
    CHECK(s["events"][i - 1]["time"].get<std::string>() >= s["events"][i]["time"].get<std::string>());

  // The same delivery again, now with the V2 headers (timestamp within five minutes): nothing new.
  const auto v2 = webhooks::sign(webhooks::Provider::easypost, secret, *payload, "Tue, 19 Aug 2025 20:36:00 -0000", hook);
  auto second = c.Post(hook.c_str(), with({}, v2), *payload, "application/json");
  REQUIRE(second->status == 200);
  CHECK(json::parse(second->body)["matched"][0]["new_events"] == 0);
  CHECK(count(db, "SELECT count(*) FROM tracking_events") == static_cast<long long>(expected_events));
  // A stale V2 timestamp is refused.
  const auto stale = webhooks::sign(webhooks::Provider::easypost, secret, *payload, "Tue, 19 Aug 2025 20:00:00 -0000", hook);
  CHECK(c.Post(hook.c_str(), with({}, stale), *payload, "application/json")->status == 401);

  // Other EasyPost events are acknowledged and ignored.
  const std::string batch = R"({"object":"Event","description":"batch.created","result":{"object":"Batch"}})";
  auto ignored = c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::easypost, secret, batch)), batch,
                        "application/json");
  CHECK(ignored->status == 200);
  CHECK(json::parse(ignored->body)["status"] == "ignored");
  CHECK(count(db, "SELECT count(*) FROM carrier_faults") == 0);

  // Deleting the secret makes every delivery a 401 again.
  CHECK(c.Delete("/v1/webhook-secrets/easypost", bearer(key))->status == 204);
  CHECK(c.Delete("/v1/webhook-secrets/easypost", bearer(key))->status == 404);
  CHECK(c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::easypost, secret, *payload)), *payload,
               "application/json")
            ->status == 401);
}

TEST_CASE("webhooks: AfterShip tracking updates verified by base64 HMAC, unknown numbers and bad bodies kept as faults") {
  const auto dir = fixtures::fixtures_or_skip("fixtures/tracking/aftership/aftership_sdk_python_cassettes");
  if (!dir) return;
  const auto cassette = fixtures::read_file(*dir / "TrackingWithAdditionalFieldsTestCase.test_get_tracking__0__200.json");
  const auto pending = fixtures::read_file(*dir / "TrackingTestCase.test_get_tracking__0__200.json");
  REQUIRE(cassette);
  REQUIRE(pending);
  // The documented webhook envelope around the fixture's real tracking object.
  const auto envelope = [](const std::string& api_response) {
    return json{{"event", "tracking_update"},
                {"event_id", "5fd8b3a6-6f0d-4b2b-9d2f-0c2b7b1c8a11"},
                {"is_tracking_first_tag", false},
                {"msg", json::parse(api_response)["data"]["tracking"]},
                {"ts", 1582689411}}
        .dump();
  };
  const std::string payload = envelope(*cassette);

  const auto db = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(db, "Gifts");
  fwtest::Server server(db);
  auto c = server.client();
  const std::string tenant = tenant_id(c, key);
  const std::string hook = "/v1/webhooks/aftership/" + tenant;
  const std::string secret = "aftership-webhook-secret";
  REQUIRE(c.Put("/v1/webhook-secrets/aftership", bearer(key), json{{"secret", secret}}.dump(), "application/json")->status == 201);
  json body = shipment_body("3SKAAG5995399");
  body["carrier"] = "dhl";
  auto created = c.Post("/v1/shipments", bearer(key), body.dump(), "application/json");
  REQUIRE(created->status == 201);
  const std::string id = json::parse(created->body)["id"];

  // A bad signature (or one for the wrong provider's format): 401, zero rows.
  CHECK(c.Post(hook.c_str(), {{"aftership-hmac-sha256", "AAAA"}}, payload, "application/json")->status == 401);
  CHECK(c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::easypost, secret, payload)), payload,
               "application/json")
            ->status == 401);
  CHECK(c.Post(("/v1/webhooks/aftership/" + std::string(kOtherUuid)).c_str(),
               with({}, webhooks::sign(webhooks::Provider::aftership, secret, payload)), payload, "application/json")
            ->status == 401);
  CHECK(c.Post("/v1/webhooks/aftership/not-a-tenant", with({}, webhooks::sign(webhooks::Provider::aftership, secret, payload)),
               payload, "application/json")
            ->status == 401);
  CHECK(count(db, "SELECT count(*) FROM tracking_events") == 0);
  CHECK(count(db, "SELECT count(*) FROM carrier_faults") == 0);

  const auto signed_headers = with({}, webhooks::sign(webhooks::Provider::aftership, secret, payload));
  auto first = c.Post(hook.c_str(), signed_headers, payload, "application/json");
  REQUIRE(first->status == 200);
  CHECK(json::parse(first->body)["matched"][0]["new_events"] == 6);
  auto second = c.Post(hook.c_str(), signed_headers, payload, "application/json");
  REQUIRE(second->status == 200);
  CHECK(json::parse(second->body)["matched"][0]["new_events"] == 0);
  CHECK(count(db, "SELECT count(*) FROM tracking_events WHERE shipment_id = '" + id + "'") == 6);
  const json s = json::parse(c.Get(("/v1/shipments/" + id).c_str(), bearer(key))->body);
  CHECK(s["status"] == "in_transit");
  CHECK(s["active"] == true);
  CHECK(s["events"].size() == 6);
  CHECK(s["events"][0]["source"] == "aftership");

  // A tracking number no shipment has: 202, kept for an operator with the raw body.
  const std::string unknown = envelope(*pending);
  auto unmatched = c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::aftership, secret, unknown)), unknown,
                          "application/json");
  CHECK(unmatched->status == 202);
  CHECK(json::parse(unmatched->body)["unmatched"] == json::array({"HH19260817"}));
  // A body that is not tracking data at all: 202, kept as a fault byte for byte.
  const std::string garbage = "not json \x01\x02";
  auto fault = c.Post(hook.c_str(), with({}, webhooks::sign(webhooks::Provider::aftership, secret, garbage)), garbage,
                      "application/json");
  CHECK(fault->status == 202);
  CHECK(json::parse(fault->body)["status"] == "fault_recorded");
  {
    pqxx::connection conn(db);
    pqxx::read_transaction tx(conn);
    const auto rows = tx.exec("SELECT kind, encode(raw_body, 'escape'), source FROM carrier_faults ORDER BY id");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][0].as<std::string>() == "unmatched");
    CHECK(rows[1][0].as<std::string>() == "malformed");
    CHECK(rows[1][2].as<std::string>() == "aftership");
    CHECK(rows[1][1].as<std::string>().rfind("not json", 0) == 0);
    CHECK(tx.exec1("SELECT raw_body = decode('" + forewarn::crypto::hex(garbage) + "', 'hex') FROM carrier_faults WHERE kind = 'malformed'")[0].as<bool>());
  }
}

TEST_CASE("poller store: leases are exclusive across connections, run out, and a poll result is stored once") {
  namespace db = forewarn::db;
  namespace tr = forewarn::tracking;
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Gifts");
  std::string id;
  {
    fwtest::Server server(url);
    auto c = server.client();
    for (const auto& number : {"1Z5R89390357567127", "986578788855", "3318810025"}) {
      auto r = c.Post("/v1/shipments", bearer(key), shipment_body(number).dump(), "application/json");
      REQUIRE(r->status == 201);
      if (id.empty()) id = json::parse(r->body)["id"];
    }
  }
  const forewarn::Instant now = *forewarn::parse_iso8601("2030-01-01T00:00:00Z");  // every first poll is due
  const forewarn::Duration minute{60000};

  // Two workers at once: the first holds its rows locked until it commits; the second skips them.
  pqxx::connection c1(url), c2(url);
  pqxx::work w1(c1);
  const auto first = db::lease_due_shipments(w1, "worker-1", now, minute, 2);
  REQUIRE(first.size() == 2);
  CHECK(first[0].tenant_id.size() == 36);
  {
    pqxx::work w2(c2);
    const auto second = db::lease_due_shipments(w2, "worker-2", now, minute, 10);
    REQUIRE(second.size() == 1);
    CHECK(second[0].id != first[0].id);
    CHECK(second[0].id != first[1].id);
    w2.commit();
  }
  w1.commit();
  {
    // Committed leases keep the rows from everyone until they run out.
    pqxx::work w(c2);
    CHECK(db::lease_due_shipments(w, "worker-3", now + std::chrono::seconds{30}, minute, 10).empty());
    const auto expired = db::lease_due_shipments(w, "worker-3", now + std::chrono::minutes{2}, minute, 10);
    CHECK(expired.size() == 3);
    w.commit();
  }

  // worker-1 lost its lease to worker-3: finishing it changes nothing.
  {
    pqxx::work w(c1);
    CHECK_FALSE(db::finish_poll(w, first[0].tenant_id, first[0].id, "worker-1", now + std::chrono::hours{1}, false, now));
    w.commit();
  }

  // worker-3 stores a poll result (twice: the second adds nothing) and schedules the next poll.
  const std::string tenant = first[0].tenant_id;
  tr::TrackingResult result;
  result.carrier = "ups";
  result.tracking_number = "1Z5R89390357567127";
  result.status = tr::Status::in_transit;
  for (const auto& [when, status, text] : std::vector<std::tuple<const char*, tr::Status, const char*>>{
           {"2029-12-30T09:00:00Z", tr::Status::info_received, "Label created"},
           {"2029-12-31T18:00:00Z", tr::Status::in_transit, "Departed facility"}}) {
    tr::TrackingEvent e;
    e.time = *forewarn::parse_iso8601(when);
    e.utc_offset_minutes = -300;
    e.status = status;
    e.description = text;
    e.location.city = "ATLANTA";
    result.events.push_back(e);
  }
  tr::finalize(result);
  {
    pqxx::work w(c1);
    const auto r1 = db::record_tracking_result(w, tenant, id, result, "ups", now);
    CHECK(r1.found);
    CHECK(r1.new_events == 2);
    CHECK(r1.status_changed);
    CHECK(r1.status == "in_transit");
    const auto r2 = db::record_tracking_result(w, tenant, id, result, "ups", now);
    CHECK(r2.new_events == 0);
    CHECK_FALSE(r2.status_changed);
    CHECK(db::finish_poll(w, tenant, id, "worker-3", now + std::chrono::hours{6}, false, now));
    CHECK_FALSE(db::record_tracking_result(w, tenant, kOtherUuid, result, "ups", now).found);
    w.commit();
  }
  CHECK(count(url, "SELECT count(*) FROM tracking_events") == 2);
  CHECK(count(url, "SELECT count(*) FROM shipments WHERE id = '" + id +
                       "' AND status = 'in_transit' AND leased_by IS NULL AND next_poll_at = '2030-01-01T06:00:00Z'") == 1);
  // Events are append-only.
  {
    pqxx::work w(c1);
    CHECK_THROWS(w.exec("UPDATE tracking_events SET description = 'rewritten'"));
  }

  // Delivered ends tracking: inactive, no next poll, never leased again.
  tr::TrackingEvent delivered;
  delivered.time = *forewarn::parse_iso8601("2030-01-01T15:00:00Z");
  delivered.utc_offset_minutes = -300;
  delivered.status = tr::Status::delivered;
  delivered.description = "Delivered";
  result.events.insert(result.events.begin(), delivered);
  result.status = tr::Status::delivered;
  tr::finalize(result);
  {
    pqxx::work w(c1);
    const auto r = db::record_tracking_result(w, tenant, id, result, "ups", now);
    CHECK(r.new_events == 1);
    CHECK_FALSE(r.active);
    w.commit();
  }
  {
    pqxx::work w(c1);
    const auto later = db::lease_due_shipments(w, "worker-4", now + std::chrono::hours{24}, minute, 10);
    CHECK(later.size() == 2);
    for (const auto& l : later) CHECK(l.id != id);
    w.commit();
  }
  CHECK(count(url, "SELECT count(*) FROM shipments WHERE id = '" + id + "' AND NOT active AND next_poll_at IS NULL") == 1);
  // The risk model's scan times are stored with the state (migration 0013):
  // the label, the first and the last scan (delivery is a scan too).
  CHECK(count(url, "SELECT count(*) FROM shipments WHERE id = '" + id +
                       "' AND label_created_at = '2029-12-30T09:00:00Z' AND first_scan_at = '2029-12-31T18:00:00Z'"
                       " AND last_scan_at = '2030-01-01T15:00:00Z'") == 1);
  // The key is the SHA-256 itself.
  CHECK(count(url, "SELECT count(*) FROM tracking_events WHERE octet_length(dedup_key) = 32") == 3);

  // Events have no foreign key to their shipment (migration 0013); deleting
  // a shipment, or its tenant, still deletes its events.
  {
    pqxx::work w(c1);
    w.exec_params0("DELETE FROM shipments WHERE id = $1::uuid", id);
    w.commit();
  }
  CHECK(count(url, "SELECT count(*) FROM tracking_events") == 0);
  {
    pqxx::work w(c1);
    const auto other = db::lease_due_shipments(w, "worker-5", now + std::chrono::hours{48}, minute, 1);
    REQUIRE(other.size() == 1);
    CHECK(db::record_tracking_result(w, tenant, other[0].id, result, "ups", now).new_events == 3);
    w.commit();
  }
  CHECK(count(url, "SELECT count(*) FROM tracking_events") == 3);
  {
    pqxx::work w(c1);
    w.exec_params0("DELETE FROM tenants WHERE id = $1::uuid", tenant);
    w.commit();
  }
  CHECK(count(url, "SELECT count(*) FROM shipments") == 0);
  CHECK(count(url, "SELECT count(*) FROM tracking_events") == 0);
}
