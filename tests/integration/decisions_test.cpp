// The decisions end to end (issue 5): shipments registered through the API,
// the sweep assesses them with no carrier news at all, the decision and the
// outbox row commit in its transaction, and the dispatcher sends the message
// to a real SMTP server. The cookie-gift story of DEVELOPERS.md: five gift
// boxes ordered on 18 Dec at 15:00 from a New York bakery five days behind,
// UPS 2nd Day Air, for Christmas Eve: the purchaser gets ONE message, at once,
// naming the five recipients; a later change of the backlog sends nothing
// more; an opted-out purchaser's message is written suppressed, never sent;
// the same gifts ordered at 22:00 on Christmas Eve get no "won't arrive by
// the 24th" on the 25th, but an apology that morning.
#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include <chrono>
#include <set>
#include <thread>

#include "core/tracking/detect.hpp"
#include "dispatch_support.hpp"
#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;

namespace {

// 15:00 in New York on Friday 18 December 2026.
const fwtest::Env kEnv = {{"FOREWARN_CLOCK", "fixed:2026-12-18T20:00:00Z"},
                          {"FOREWARN_DISPATCH_IDLE_MS", "20"},
                          {"FOREWARN_PUBLIC_URL", "https://forewarn.cookies.example"}};

json post(httplib::Client& c, const std::string& key, const std::string& path, const json& body, int expect = 201) {
  const auto r = c.Post(path, bearer(key), body.dump(), "application/json");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == expect);
  return json::parse(r->body);
}

json messages(httplib::Client& c, const std::string& key, const std::string& query = "") {
  const auto r = c.Get("/v1/messages" + query, bearer(key));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body)["items"];
}

// Polls GET /v1/messages until `n` messages exist (or 20 s pass).
json wait_messages(httplib::Client& c, const std::string& key, std::size_t n) {
  json items;
  for (int i = 0; i < 400; ++i) {
    items = messages(c, key);
    if (items.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return items;
}

struct Shop {
  std::string db = fwtest::fresh_database();
  std::string key = fwtest::create_tenant(db, "Sweet Crumbs");
  fwtest::SmtpSink sink;
  fwtest::Server server;
  httplib::Client c = server.client();
  std::string bakery, christmas_eve;

  explicit Shop(const fwtest::Env& env = kEnv) : server{db, env} {
    bakery = post(c, key, "/v1/warehouses",
                  {{"name", "Bakery"}, {"time_zone", "America/New_York"}, {"country", "US"},
                   {"cutoff_local", "14:00"}, {"backlog_days", 5}})["id"];
    christmas_eve = post(c, key, "/v1/events",
                         {{"name", "Christmas Eve"}, {"rule", {{"type", "annual"}, {"month", 12}, {"day", 24}}}})["id"];
    const json policy = {
        {"options",
         {{"egift", {{"enabled", true}, {"url", "https://cookies.example/egift?order={order_id}"}}},
          {"printable_card", {{"enabled", true}, {"url", "https://cookies.example/card/{shipment_id}"}}},
          {"cancel", {{"enabled", true}, {"url", "https://cookies.example/cancel?order={order_id}"}}}}},
        {"brand", {{"name", "Sweet Crumbs"}, {"signer", "Anna"}}}};
    const auto r = c.Put("/v1/policy", bearer(key), policy.dump(), "application/json");
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    const json providers = {
        {"primary", {{"kind", "smtp"}, {"config", {{"url", sink.url()}, {"from", "hello@cookies.example"}}}}}};
    const auto p = c.Put("/v1/providers/email", bearer(key), providers.dump(), "application/json");
    REQUIRE(p);
    INFO(p->body);
    REQUIRE(p->status == 200);
  }

  // Five gift boxes of one order, each to a recipient in another zone.
  std::vector<std::string> order_gifts(const std::string& order, const std::string& purchaser_email,
                                       const std::string& number_base) {
    const std::pair<const char*, const char*> people[] = {{"Ada", "10025"}, {"Bea", "60601"}, {"Cal", "80202"},
                                                          {"Dot", "85001"}, {"Eli", "90012"}};
    std::vector<std::string> ids;
    int i = 0;
    for (const auto& [name, zip] : people) {
      const json body = {
          {"order_id", order},
          {"tracking_number", fwtest::ups_number(number_base + std::to_string(i++))},
          {"carrier", "ups"},
          {"service", "ups-2nd-day-air"},
          {"warehouse_id", bakery},
          {"event_id", christmas_eve},
          {"destination", {{"postal_code", zip}, {"country", "US"}}},
          {"purchaser", {{"name", "Maria"}, {"email", purchaser_email}, {"locale", "en-US"},
                         {"time_zone", "America/New_York"}}},
          {"recipients", json::array({{{"name", name}, {"email", std::string(name) + "@example.net"}}})},
          {"customer", {{"lifetime_value", 420}, {"order_count", 6}}}};
      ids.push_back(post(c, key, "/v1/shipments", body)["id"]);
    }
    return ids;
  }
};

}  // namespace

TEST_CASE("decisions: the cookie gifts get one honest message on 18 Dec through SMTP, and no second one") {
  Shop shop;
  const auto ids = shop.order_gifts("COOKIES-18", "maria@example.com", "1Z5R893903575671");
  const json items = wait_messages(shop.c, shop.key, 1);
  REQUIRE(items.size() == 1);
  const json& m = items[0];
  CHECK(m["kind"] == "will_miss_deadline");
  CHECK(m["channel"] == "email");
  CHECK(m["audience"] == "purchaser");
  CHECK(m["recipient"]["address"] == "maria@example.com");
  CHECK(m["time_zone"] == "America/New_York");
  CHECK(m["send_at"] == "2026-12-18T20:00:00.000Z");
  CHECK(m["shipment_ids"].size() == 5);
  CHECK(std::set<std::string>(m["shipment_ids"].begin(), m["shipment_ids"].end()) ==
        std::set<std::string>(ids.begin(), ids.end()));
  REQUIRE(m["episode_keys"].size() == 5);
  CHECK(m["episode_keys"][0].get<std::string>().find("/will_miss_deadline/event:" + shop.christmas_eve + "/1") !=
        std::string::npos);
  const std::string text = m["text"];
  for (const char* name : {"Ada", "Bea", "Cal", "Dot", "Eli"}) CHECK(text.find(name) != std::string::npos);
  CHECK(text.find("https://cookies.example/egift?order=COOKIES-18") != std::string::npos);
  CHECK(text.find("https://forewarn.cookies.example/unsubscribe/") != std::string::npos);

  // The dispatcher sends it to the SMTP server: one e-mail to the purchaser.
  const bool mailed = shop.sink.wait_for(1);
  INFO(messages(shop.c, shop.key).dump());
  REQUIRE(mailed);
  const auto mails = shop.sink.messages();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].dump().find("maria@example.com") != std::string::npos);

  // The merchant declares a longer backlog: every box is assessed again at
  // once, and since the warning is current nothing more is sent.
  const auto patch = shop.c.Patch("/v1/warehouses/" + shop.bakery, bearer(shop.key),
                                  json{{"backlog_days", 6}}.dump(), "application/json");
  REQUIRE(patch);
  REQUIRE(patch->status == 200);
  const std::string db = shop.db;
  for (int i = 0; i < 200; ++i) {
    if (fwtest::dispatch::scalar(db, "SELECT count(*) FROM shipments WHERE assessed_at IS NULL") == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(fwtest::dispatch::scalar(db, "SELECT count(*) FROM shipments WHERE assessed_at IS NULL") == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(messages(shop.c, shop.key).size() == 1);
  CHECK(fwtest::dispatch::scalar(db, "SELECT count(*) FROM message_episodes") == 5);
  CHECK(shop.sink.messages().size() == 1);
  // Each box's risk is stored with its assessment.
  CHECK(fwtest::dispatch::scalar(db, "SELECT count(*) FROM shipments WHERE risk = 'will_miss'") == 5);
}

TEST_CASE("decisions: a backlog PATCH does not wait for a shipment a tracking round holds") {
  Shop shop;
  const auto ids = shop.order_gifts("COOKIES-20", "lee@example.com", "1Z5R893903575691");
  REQUIRE(wait_messages(shop.c, shop.key, 1).size() == 1);
  // Another transaction (a tracking round) holds one box's row, as long as it likes.
  pqxx::connection holder(shop.db);
  pqxx::work round(holder);
  round.exec_params("SELECT id FROM shipments WHERE id = $1::uuid FOR UPDATE", ids[0]);
  const auto patch = shop.c.Patch("/v1/warehouses/" + shop.bakery, bearer(shop.key),
                                  json{{"backlog_days", 7}}.dump(), "application/json");
  REQUIRE(patch);
  INFO(patch->body);
  CHECK(patch->status == 200);  // at once, not a 500 after the statement timeout
  CHECK(json::parse(patch->body)["backlog_days"] == 7);
  round.commit();
}

TEST_CASE("decisions: an opted-out purchaser's warning is written suppressed and never sent") {
  Shop shop;
  const auto r = shop.c.Put("/v1/recipients/ann%40example.com/preferences", bearer(shop.key),
                            json{{"opted_out", true}}.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  shop.order_gifts("COOKIES-19", "ann@example.com", "1Z5R893903575681");
  const json items = wait_messages(shop.c, shop.key, 1);
  REQUIRE(items.size() == 1);
  CHECK(items[0]["status"] == "suppressed");
  CHECK(items[0]["last_error"] == "opted_out");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(shop.sink.messages().empty());
  CHECK(messages(shop.c, shop.key, "?status=suppressed").size() == 1);
}

TEST_CASE("decisions: the policy API stores, validates and forgets the tenant's policy") {
  const std::string db = fwtest::fresh_database();
  const std::string key = fwtest::create_tenant(db, "policy");
  fwtest::Server server(db, kEnv);
  auto c = server.client();
  json got = json::parse(c.Get("/v1/policy", bearer(key))->body);
  CHECK(got["customized"] == false);
  CHECK(got["quiet_hours"]["start"] == "21:00");
  CHECK(got["thresholds"]["will_miss_below"] == 0.3);

  auto bad = c.Put("/v1/policy", bearer(key),
                   json{{"quiet_hours", {{"start", "25:00"}}}, {"tiers", json::array({{{"name", "vip"},
                        {"remedies", json::array({{{"kind", "coupon"}}})}}})}, {"colour", "red"}}.dump(),
                   "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 422);
  CHECK(bad->get_header_value("Content-Type").find("application/problem+json") == 0);
  for (const char* pointer : {"\"/quiet_hours/start\"", "\"/tiers/0/remedies/0/percent\"", "\"/colour\""})
    CHECK_MESSAGE(bad->body.find(pointer) != std::string::npos, bad->body);

  const json policy = {{"quiet_hours", {{"start", "22:00"}, {"end", "07:30"}}},
                       {"remedies", {{"monthly_budget", 300}, {"currency", "EUR"}, {"signer", "Anna"}}},
                       {"tiers", json::array({{{"name", "standard"}}, {{"name", "vip"}, {"min_lifetime_value", 2000},
                                              {"remedies", json::array({{{"kind", "gift_in_next_box"}, {"cost", 30}, {"amount", 25}}})}}})}};
  auto put = c.Put("/v1/policy", bearer(key), policy.dump(), "application/json");
  REQUIRE(put);
  REQUIRE(put->status == 200);
  got = json::parse(c.Get("/v1/policy", bearer(key))->body);
  CHECK(got["customized"] == true);
  CHECK(got["quiet_hours"]["end"] == "07:30");
  CHECK(got["remedies"]["monthly_budget"] == 300);
  CHECK(got["tiers"][1]["name"] == "vip");
  // Another tenant still has the defaults.
  const std::string other = fwtest::create_tenant(db, "other");
  CHECK(json::parse(c.Get("/v1/policy", bearer(other))->body)["customized"] == false);

  auto del = c.Delete("/v1/policy", bearer(key));
  REQUIRE(del);
  CHECK(del->status == 204);
  CHECK(json::parse(c.Get("/v1/policy", bearer(key))->body)["customized"] == false);
}

TEST_CASE("decisions: a warning quiet hours would send after Christmas Eve is not queued, the apology comes next morning") {
  // 22:00 in New York on Christmas Eve: Maria's quiet hours (21:00-08:00)
  // would send the warning after every box's deadline.
  Shop shop({{"FOREWARN_CLOCK", "fixed:2026-12-25T03:00:00Z"}, {"FOREWARN_DISPATCH_IDLE_MS", "20"}});
  shop.order_gifts("COOKIES-24", "maria@example.com", "1Z5R893903575701");
  const std::string db = shop.db;
  const auto assessed = [&] {
    return fwtest::dispatch::scalar(db, "SELECT count(*) FROM shipments WHERE assessed_at IS NOT NULL");
  };
  for (int i = 0; i < 200 && assessed() < 5; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(assessed() == 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(messages(shop.c, shop.key).empty());
  CHECK(fwtest::dispatch::scalar(db, "SELECT count(*) FROM message_episodes") == 0);
  CHECK(shop.server.logs().find("message not queued") != std::string::npos);
  CHECK(shop.server.logs().find("maria@example.com") == std::string::npos);

  // 09:00 in New York on the 25th: the service, started again, sweeps the
  // boxes; every deadline has passed, and Maria gets one apology at once.
  CHECK(shop.server.terminate() == 0);
  fwtest::Server morning(db, {{"FOREWARN_CLOCK", "fixed:2026-12-25T14:00:00Z"}, {"FOREWARN_DISPATCH_IDLE_MS", "20"}});
  httplib::Client c = morning.client();
  const json items = wait_messages(c, shop.key, 1);
  REQUIRE(items.size() == 1);
  CHECK(items[0]["kind"] == "delay_apology");
  CHECK(items[0]["send_at"] == "2026-12-25T14:00:00.000Z");
  CHECK(items[0]["shipment_ids"].size() == 5);
  CHECK(shop.sink.wait_for(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(messages(c, shop.key).size() == 1);
}

TEST_CASE("decisions: a warning its deadline overtook in the outbox is cancelled, the apology goes instead") {
  // 20:30 in New York on Christmas Eve: the warning is due at once, but
  // nothing sends it (the dispatcher is stopped: an outage).
  Shop shop({{"FOREWARN_CLOCK", "fixed:2026-12-25T01:30:00Z"}, {"FOREWARN_DISPATCHER", "false"}});
  shop.order_gifts("COOKIES-25", "maria@example.com", "1Z5R893903575711");
  const json queued = wait_messages(shop.c, shop.key, 1);
  REQUIRE(queued.size() == 1);
  CHECK(queued[0]["kind"] == "will_miss_deadline");
  CHECK(queued[0]["status"] == "pending");
  const std::string warning_id = queued[0]["id"];
  CHECK(shop.server.terminate() == 0);

  // 09:00 on the 25th, dispatching again: every box's deadline has passed.
  // The warning is cancelled unsent, its episodes released, and the boxes,
  // assessed again, get one delay apology, sent at once.
  const std::string db = shop.db;
  fwtest::Server morning(db, {{"FOREWARN_CLOCK", "fixed:2026-12-25T14:00:00Z"}, {"FOREWARN_DISPATCH_IDLE_MS", "20"}});
  httplib::Client c = morning.client();
  json items = wait_messages(c, shop.key, 2);
  REQUIRE(items.size() == 2);
  REQUIRE(shop.sink.wait_for(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  items = messages(c, shop.key);
  REQUIRE(items.size() == 2);
  for (const auto& m : items) {
    if (m["id"] == warning_id) {
      CHECK(m["status"] == "cancelled");
      CHECK(m["last_error"].get<std::string>().rfind("expired", 0) == 0);
      CHECK(m["episode_keys"].empty());
    } else {
      CHECK(m["kind"] == "delay_apology");
      CHECK(m["status"] == "sent");
      CHECK(m["shipment_ids"].size() == 5);
    }
  }
  CHECK(shop.sink.messages().size() == 1);
  CHECK(fwtest::dispatch::scalar(db, "SELECT count(*) FROM message_episodes") == 5);
  CHECK(fwtest::dispatch::scalar(db, "SELECT count(*) FROM message_episodes WHERE message_id = '" + warning_id +
                                         "'::uuid") == 0);
  CHECK(morning.logs().find("message cancelled") != std::string::npos);
}
