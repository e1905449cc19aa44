// The outbox and its dispatch, end to end.
//   - the store: one message per episode, leases exclusive across
//     connections, an interrupted send taken again with its provider;
//   - the API: providers per channel with write-only secrets, messages
//     listed, filtered, shown with their attempts, retried by hand, each
//     tenant seeing only its own;
//   - the dispatchers of `forewarn serve` against real providers on loopback
//     (tools/smtp-sink.py, `forewarn sim-provider`): failover, permanent
//     failure, and the SIGKILL test (dispatch_kill_test.cpp).
#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <map>
#include <thread>

#include <mutex>

#include "clients/common/messaging.hpp"
#include "core/clock.hpp"
#include "core/time.hpp"
#include "db/pool.hpp"
#include "db/store.hpp"
#include "dispatch/dispatcher.hpp"
#include "dispatch_support.hpp"
#include "harness.hpp"

using fwtest::bearer;
using nlohmann::json;
namespace db = forewarn::db;

namespace {

db::NewMessage message(const std::string& episode, const std::string& address, const std::string& channel = "email") {
  db::NewMessage m;
  m.kind = "will_miss_deadline";
  m.channel = channel;
  m.audience = "purchaser";
  m.contact_ref = "purchaser";
  m.recipient_name = "Pat";
  m.recipient_address = address;
  m.locale = "fi-FI";
  m.episode_key = episode;
  m.subject = "Lahjasi ei ehdi jouluksi";
  m.body_text = "Pahoittelemme.";
  return m;
}

}  // namespace

TEST_CASE("outbox store: one message per episode, exclusive leases, an interrupted send goes again to its provider") {
  const auto url = fwtest::dispatch::fresh_database_with_tenant("Cookies");
  const forewarn::Instant now = *forewarn::parse_iso8601("2026-12-18T15:00:00Z");
  const forewarn::Duration minute{60000};
  pqxx::connection c1(url), c2(url);
  std::string tenant;
  {
    pqxx::work tx(c1);
    tenant = tx.exec1("SELECT id::text FROM tenants")[0].as<std::string>();
    const auto a = db::insert_message(tx, tenant, message("ship-1:will_miss_deadline:2026-12-24", "pat@example.com"), now);
    CHECK(a.created);
    CHECK(a.status == "pending");
    // The same episode again (a second evaluation of the same news): no second row.
    const auto again = db::insert_message(tx, tenant, message("ship-1:will_miss_deadline:2026-12-24", "pat@example.com"), now);
    CHECK_FALSE(again.created);
    CHECK(again.id == a.id);
    // The same episode by SMS, and another episode: new rows.
    CHECK(db::insert_message(tx, tenant, message("ship-1:will_miss_deadline:2026-12-24", "+14155550123", "sms"), now).created);
    auto later = message("ship-1:delay_apology:2026-12-24", "pat@example.com");
    later.send_at = now + std::chrono::hours{10};  // quiet hours: not due yet
    CHECK(db::insert_message(tx, tenant, later, now).created);
    tx.commit();
    pqxx::work check(c1);
    CHECK(check.exec1("SELECT count(*) FROM messages")[0].as<int>() == 3);
  }

  // Two workers at once: the first holds its rows until it commits; the second skips them.
  pqxx::work w1(c1);
  const auto first = db::lease_due_messages(w1, "worker-1", now, minute, 1);
  REQUIRE(first.size() == 1);
  CHECK(first[0].attempt == 1);
  CHECK_FALSE(first[0].interrupted);
  {
    pqxx::work w2(c2);
    const auto second = db::lease_due_messages(w2, "worker-2", now, minute, 10);
    REQUIRE(second.size() == 1);  // the other due one; the quiet-hours one is not due
    CHECK(second[0].id != first[0].id);
    db::begin_attempts(w2, "worker-2", {{tenant, second[0].id, 1, "twilio", 1, false}}, now);
    w2.commit();
  }
  db::begin_attempts(w1, "worker-1", {{tenant, first[0].id, 1, "smtp", 2, false}}, now);
  w1.commit();

  // worker-1 dies mid-send. Before the lease runs out nobody takes it; after, worker-3 does,
  // told it was interrupted and which provider had it.
  {
    pqxx::work w(c2);
    CHECK(db::lease_due_messages(w, "worker-3", now + std::chrono::seconds{30}, minute, 10).empty());
    const auto taken = db::lease_due_messages(w, "worker-3", now + std::chrono::minutes{2}, minute, 10);
    REQUIRE(taken.size() == 2);
    for (const auto& m : taken) {
      CHECK(m.interrupted);
      CHECK(m.attempt == 2);
      REQUIRE(m.previous_priority);
    }
    db::begin_attempts(w, "worker-3", {{tenant, first[0].id, 2, "smtp", 2, true}}, now + std::chrono::minutes{2});
    // The outcome of the lost lease changes nothing but is logged.
    db::SendRecord late{tenant, first[0].id, 1, "smtp", 2, "accepted", 250, "ok", "<x@y>", "sent", now, 0};
    w.commit();
    pqxx::work w1b(c1);
    CHECK_FALSE(db::record_send_outcome(w1b, "worker-1", late, now + std::chrono::minutes{2}));
    w1b.commit();
  }
  {
    pqxx::work w(c2);
    db::SendRecord ok{tenant, first[0].id, 2, "smtp", 2, "accepted", 250, "250 OK", "<m1@shop.example>", "sent",
                      now, 0};
    CHECK(db::record_send_outcome(w, "worker-3", ok, now + std::chrono::minutes{3}));
    const auto m = db::get_message(w, tenant, first[0].id);
    REQUIRE(m);
    CHECK(m->status == "sent");
    CHECK(m->provider_message_id == "<m1@shop.example>");
    CHECK(m->provider_priority == 2);
    std::vector<std::string> outcomes;
    for (const auto& a : db::list_message_attempts(w, tenant, first[0].id)) outcomes.push_back(a.outcome);
    CHECK(outcomes == std::vector<std::string>{"sending", "interrupted", "accepted", "sending", "accepted"});
    // Status webhooks move it forward only.
    CHECK(db::apply_provider_status(w, tenant, "smtp", "<m1@shop.example>", "delivered", "", now).changed);
    CHECK_FALSE(db::apply_provider_status(w, tenant, "smtp", "<m1@shop.example>", "delivered", "", now).changed);
    CHECK_FALSE(db::apply_provider_status(w, tenant, "smtp", "<nope@shop.example>", "bounced", "", now).found);
    CHECK(db::apply_provider_status(w, tenant, "smtp", "<m1@shop.example>", "complained", "spam", now).status ==
          "complained");
    w.commit();
  }
}

TEST_CASE("messages API: providers with write-only secrets, list and filter, attempts, retry by hand, tenants apart") {
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Cookies");
  const auto other = fwtest::create_tenant(url, "Other shop");
  fwtest::Server server(url, {{"FOREWARN_DISPATCHER", "false"}});
  auto c = server.client();

  // Providers: an e-mail kind on sms is refused; secrets never come back.
  const json bad = {{"primary", {{"kind", "smtp"}, {"config", {{"url", "smtp://127.0.0.1:1"}, {"from", "a@b.example"}}}}}};
  auto r = c.Put("/v1/providers/sms", bearer(key), bad.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("/primary/kind") != std::string::npos);
  const json put = {{"primary", {{"kind", "sendgrid"}, {"config", {{"api_key", "SG.very-secret"}, {"from", "shop@cookies.example"}}}}},
                    {"secondary", {{"kind", "smtp"}, {"config", {{"url", "smtp://127.0.0.1:2525"}, {"password", "pw-secret"}, {"from", "shop@cookies.example"}}}}}};
  r = c.Put("/v1/providers/email", bearer(key), put.dump(), "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  CHECK(r->body.find("very-secret") == std::string::npos);
  CHECK(r->body.find("pw-secret") == std::string::npos);
  json got = json::parse(c.Get("/v1/providers/email", bearer(key))->body);
  CHECK(got["primary"]["config"]["api_key"] == "********");
  CHECK(got["secondary"]["config"]["password"] == "********");
  CHECK(got["secondary"]["config"]["url"] == "smtp://127.0.0.1:2525");
  const std::string hook = got["primary"]["status_webhook_url"];
  // PUT back what GET showed: the stored secrets stay.
  json again = {{"primary", {{"kind", "sendgrid"}, {"config", got["primary"]["config"]}}}};
  r = c.Put("/v1/providers/email", bearer(key), again.dump(), "application/json");
  REQUIRE(r->status == 200);
  CHECK(json::parse(r->body)["secondary"].is_null());
  CHECK(json::parse(r->body)["primary"]["status_webhook_url"] == hook);  // same kind: same webhook URL
  {
    pqxx::connection conn(url);
    pqxx::read_transaction tx(conn);
    CHECK(tx.exec1("SELECT config->>'api_key' FROM tenant_providers WHERE priority = 1")[0].as<std::string>() ==
          "SG.very-secret");
  }
  CHECK(json::parse(c.Get("/v1/providers/email", bearer(other))->body)["primary"].is_null());
  // A provider webhook with a wrong token changes nothing.
  std::string wrong = hook;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  CHECK(c.Post(wrong.c_str(), "[]", "application/json")->status == 401);

  // Messages: three, one failed.
  std::string tenant, failed_id;
  {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    tenant = tx.exec1("SELECT id::text FROM tenants WHERE name = 'Cookies'")[0].as<std::string>();
    const auto now = *forewarn::parse_iso8601("2026-12-18T15:00:00Z");
    for (int i = 0; i < 3; ++i)
      db::insert_message(tx, tenant, message("ep-" + std::to_string(i), "p" + std::to_string(i) + "@example.com"), now);
    failed_id = tx.exec1("SELECT id::text FROM messages WHERE episode_key = 'ep-1'")[0].as<std::string>();
    tx.exec0("UPDATE messages SET status = 'failed', last_error = '550 5.1.1 user unknown' WHERE episode_key = 'ep-1'");
    tx.commit();
  }
  json page = json::parse(c.Get("/v1/messages?limit=2", bearer(key))->body);
  REQUIRE(page["items"].size() == 2);
  REQUIRE(page["next_cursor"].is_string());
  json rest = json::parse(
      c.Get(("/v1/messages?limit=2&cursor=" + page["next_cursor"].get<std::string>()).c_str(), bearer(key))->body);
  CHECK(rest["items"].size() == 1);
  CHECK(rest["next_cursor"].is_null());
  json failed = json::parse(c.Get("/v1/messages?status=failed", bearer(key))->body);
  REQUIRE(failed["items"].size() == 1);
  CHECK(failed["items"][0]["last_error"] == "550 5.1.1 user unknown");
  CHECK(json::parse(c.Get("/v1/messages?recipient=p2@example.com", bearer(key))->body)["items"].size() == 1);
  CHECK(c.Get("/v1/messages?status=lost", bearer(key))->status == 422);
  CHECK(c.Get("/v1/messages?colour=red", bearer(key))->status == 422);
  CHECK(json::parse(c.Get("/v1/messages", bearer(other))->body)["items"].empty());
  CHECK(c.Get(("/v1/messages/" + failed_id).c_str(), bearer(other))->status == 404);
  CHECK(c.Post(("/v1/messages/" + failed_id + "/retry").c_str(), bearer(other), "", "")->status == 404);

  // Retry by hand: failed -> pending (202); a pending one cannot be retried (409).
  r = c.Post(("/v1/messages/" + failed_id + "/retry").c_str(), bearer(key), "", "");
  REQUIRE(r);
  CHECK(r->status == 202);
  CHECK(json::parse(r->body)["status"] == "pending");
  CHECK(c.Post(("/v1/messages/" + failed_id + "/retry").c_str(), bearer(key), "", "")->status == 409);
  json one = json::parse(c.Get(("/v1/messages/" + failed_id).c_str(), bearer(key))->body);
  REQUIRE(one["attempt_log"].size() == 1);
  CHECK(one["attempt_log"][0]["outcome"] == "retry");
}

namespace {

using fwtest::dispatch::enqueue;
using fwtest::dispatch::put_providers;
using fwtest::dispatch::settle;

fwtest::Env fast_retries() {
  return {{"FOREWARN_DISPATCH_BACKOFF_BASE_MS", "50"}, {"FOREWARN_DISPATCH_BACKOFF_CAP_MS", "200"},
          {"FOREWARN_DISPATCH_FAILOVER_AFTER", "2"},   {"FOREWARN_DISPATCH_IDLE_MS", "20"},
          {"FOREWARN_DISPATCH_PROVIDER_CACHE_MS", "0"}, {"FOREWARN_POLLER", "false"}};
}

}  // namespace

TEST_CASE("dispatch failover: the primary e-mail provider answers 5xx, every message goes out through the secondary") {
  fwtest::dispatch::SimProvider sim(json{{"providers", {{"sendgrid", {{"faults", {{"server_error", 1.0}}}}}}}});
  fwtest::dispatch::SmtpSink sink;
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Cookies");
  constexpr int kCount = 60;
  fwtest::Server server(url, fast_retries());
  auto c = server.client();
  put_providers(c, key, "email",
                {{"primary", {{"kind", "sendgrid"}, {"config", {{"base_url", sim.base_url()}, {"api_key", "SG.k"}, {"from", "shop@cookies.example"}}}}},
                 {"secondary", {{"kind", "smtp"}, {"config", {{"url", sink.url()}, {"from", "shop@cookies.example"}}}}}});
  enqueue(url, "email", kCount, "failover");
  REQUIRE_MESSAGE(settle(url, 120), server.logs());

  const auto s = fwtest::dispatch::statuses(url);
  CHECK(s.at("sent") == kCount);  // none lost, none failed
  CHECK(fwtest::dispatch::scalar(url, "SELECT count(*) FROM messages WHERE provider = 'smtp' AND provider_priority = 2") ==
        kCount);
  const auto received = sink.received();
  CHECK(received.size() == kCount);
  for (const auto& [id, n] : received) CHECK_MESSAGE(n == 1, id);
  // The attempt logs show the primary failing and the secondary taking over.
  CHECK(fwtest::dispatch::scalar(url, "SELECT count(*) FROM message_attempts WHERE provider = 'sendgrid' AND outcome = 'transient'") > 0);
  CHECK(fwtest::dispatch::scalar(url, "SELECT count(DISTINCT message_id) FROM message_attempts a WHERE outcome = 'accepted'"
                                      " AND provider = 'smtp' AND EXISTS (SELECT 1 FROM message_attempts b WHERE"
                                      " b.message_id = a.message_id AND b.provider = 'sendgrid' AND b.outcome = 'transient')") > 0);
  CHECK(sim.get("/_sim/stats")["answers"]["sendgrid"].value("server_error", 0) > 0);
  json page = json::parse(c.Get("/v1/messages?limit=1", bearer(key))->body);
  json detail = json::parse(c.Get(("/v1/messages/" + page["items"][0]["id"].get<std::string>()).c_str(), bearer(key))->body);
  CHECK(detail["status"] == "sent");
  CHECK(detail["provider"] == "smtp");
  CHECK(detail["attempt_log"].back()["outcome"] == "accepted");
}

TEST_CASE("dispatch permanent failure: an invalid address fails at once with the provider's reason, retry by hand works") {
  fwtest::dispatch::SmtpSink rejecting({"--reject", "perm-0@example.test"});
  fwtest::dispatch::SmtpSink accepting;
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Cookies");
  fwtest::Server server(url, fast_retries());
  auto c = server.client();
  put_providers(c, key, "email",
                {{"primary", {{"kind", "smtp"}, {"config", {{"url", rejecting.url()}, {"from", "shop@cookies.example"}}}}}});
  enqueue(url, "email", 3, "perm");
  REQUIRE_MESSAGE(settle(url, 60), server.logs());
  json failed = json::parse(c.Get("/v1/messages?status=failed", bearer(key))->body);
  REQUIRE(failed["items"].size() == 1);
  const json& m = failed["items"][0];
  CHECK(m["recipient"]["address"] == "perm-0@example.test");
  CHECK(m["attempts"] == 1);  // no retries after a permanent rejection
  CHECK(m["last_error"].get<std::string>().find("550") != std::string::npos);
  CHECK(fwtest::dispatch::statuses(url).at("sent") == 2);
  CHECK(server.logs().find("\"msg\":\"message failed\"") != std::string::npos);
  CHECK(server.logs().find("perm-0@example.test") == std::string::npos);  // logs mask addresses
  CHECK(c.Get("/metrics")->body.find("forewarn_messages_failed_total{channel=\"email\",reason=\"permanent\"} 1") !=
        std::string::npos);

  // The merchant moves to a relay that takes the address, and retries it by hand.
  put_providers(c, key, "email",
                {{"primary", {{"kind", "smtp"}, {"config", {{"url", accepting.url()}, {"from", "shop@cookies.example"}}}}}});
  const std::string id = m["id"];
  auto r = c.Post(("/v1/messages/" + id + "/retry").c_str(), bearer(key), "", "");
  REQUIRE(r);
  CHECK(r->status == 202);
  REQUIRE(settle(url, 60));
  json after = json::parse(c.Get(("/v1/messages/" + id).c_str(), bearer(key))->body);
  CHECK(after["status"] == "sent");
  CHECK(after["attempts"] == 2);
  std::vector<std::string> outcomes;
  for (const auto& a : after["attempt_log"]) outcomes.push_back(a["outcome"]);
  CHECK(outcomes == std::vector<std::string>{"sending", "permanent", "retry", "sending", "accepted"});
  CHECK(accepting.received().size() == 1);
}

namespace {

// A provider that accepts everything and remembers what it was given (the
// real providers have their own tests; this one is about when to send).
class RecordingProvider final : public forewarn::clients::MessageProvider {
 public:
  explicit RecordingProvider(std::vector<std::string>& sent, std::mutex& mu) : sent_(sent), mu_(mu) {}
  std::string name() const override { return "smtp"; }
  forewarn::clients::Channel channel() const override { return forewarn::clients::Channel::email; }
  forewarn::clients::SendOutcome send(const forewarn::clients::OutgoingMessage& m) override {
    std::lock_guard lock(mu_);
    sent_.push_back(m.subject);
    return {forewarn::clients::SendStatus::accepted, "<" + m.id + "@test>", "250 OK", 250, std::nullopt};
  }

 private:
  std::vector<std::string>& sent_;
  std::mutex& mu_;
};

// A tenant with an SMTP route, on a clock the test moves, and a dispatcher
// whose provider records the subjects it sends. `insert` queues a message to
// Pat in New York, as `edit` shapes it.
struct SendTimeRig {
  std::string url = fwtest::dispatch::fresh_database_with_tenant("Cookies");
  forewarn::ManualClock clock;
  std::string tenant;
  std::vector<std::string> sent;
  std::mutex mu;
  db::Pool pool{db::PoolOptions{url, 2}};
  std::unique_ptr<forewarn::dispatch::Dispatcher> dispatcher;

  explicit SendTimeRig(const char* now) : clock(*forewarn::parse_iso8601(now)) {
    pqxx::connection c(url);
    pqxx::work tx(c);
    tenant = tx.exec1("SELECT id::text FROM tenants")[0].as<std::string>();
    db::ProviderRow smtp;
    smtp.channel = "email";
    smtp.kind = "smtp";
    smtp.config = json::object();
    db::put_tenant_providers(tx, tenant, "email", {smtp}, clock.now());
    tx.commit();
    forewarn::dispatch::DispatcherOptions options;
    options.worker = "test:1";
    options.quiet_guard = std::chrono::minutes{1};
    dispatcher = std::make_unique<forewarn::dispatch::Dispatcher>(
        pool, clock, options,
        [this](const std::string&, const json&, std::string&) -> std::unique_ptr<forewarn::clients::MessageProvider> {
          return std::make_unique<RecordingProvider>(sent, mu);
        });
  }

  std::string insert(const std::string& subject, const std::function<void(db::NewMessage&)>& edit) {
    auto m = message("ship-" + subject, "pat@example.com");
    m.subject = subject;
    m.time_zone = "America/New_York";
    edit(m);
    pqxx::connection c(url);
    pqxx::work tx(c);
    const std::string id = db::insert_message(tx, tenant, m, m.send_at).id;
    tx.commit();
    return id;
  }

  std::vector<std::string> sorted_sent() {
    std::lock_guard lock(mu);
    auto out = sent;
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

TEST_CASE("dispatch at send time: a message a backlog carried into the addressee's quiet hours waits for their end") {
  using forewarn::parse_iso8601;
  // 22:00 in New York (03:00 UTC): the default quiet hours 21:00-08:00.
  SendTimeRig rig("2026-12-16T03:00:00Z");
  std::map<std::string, std::string> ids;
  auto planned = [&](const std::string& subject, int start, int end, std::optional<const char*> useful_until) {
    ids[subject] = rig.insert(subject, [&](db::NewMessage& m) {
      m.send_at = *parse_iso8601("2026-12-16T01:30:00Z");
      m.quiet_start = start;
      m.quiet_end = end;
      if (useful_until) m.useful_until = *parse_iso8601(*useful_until);
    });
  };
  planned("planned for 20:30, taken at 22:00", 21 * 60, 8 * 60, std::nullopt);
  // (a message carries useful_until only where the tenant allows the urgent exception)
  planned("useless after 06:00", 21 * 60, 8 * 60, "2026-12-16T11:00:00Z");
  planned("the recipient's own window, 23:00-07:00", 23 * 60, 7 * 60, std::nullopt);
  planned("no window (an older row)", -1, -1, std::nullopt);
  auto& dispatcher = *rig.dispatcher;
  CHECK(dispatcher.run_once() == 4);
  CHECK(dispatcher.stats().held == 1);
  CHECK(rig.sorted_sent() == std::vector<std::string>{"no window (an older row)",
                                                      "the recipient's own window, 23:00-07:00",
                                                      "useless after 06:00"});
  const std::string held = ids["planned for 20:30, taken at 22:00"];
  auto row = [&](const std::string& id) {
    pqxx::connection c(rig.url);
    pqxx::read_transaction tx(c);
    return tx.exec_params1("SELECT status, attempts, to_char(send_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'),"
                           " (SELECT count(*) FROM message_attempts a WHERE a.message_id = m.id)"
                           " FROM messages m WHERE id = $1::uuid",
                           id);
  };
  {
    const auto r = row(held);
    CHECK(r[0].as<std::string>() == "pending");
    CHECK(r[1].as<int>() == 0);  // the lease's attempt is undone: nothing was tried
    CHECK(r[2].as<std::string>() == "2026-12-16T13:00:00");  // 08:00 in New York
    CHECK(r[3].as<int>() == 0);
  }
  // Not before 08:00; at 08:00 it goes.
  rig.clock.set(*parse_iso8601("2026-12-16T12:59:00Z"));
  CHECK(dispatcher.run_once() == 0);
  rig.clock.set(*parse_iso8601("2026-12-16T13:00:00Z"));
  CHECK(dispatcher.run_once() == 1);
  CHECK(rig.sent.size() == 4);
  CHECK(rig.sent.back() == "planned for 20:30, taken at 22:00");
  CHECK(row(held)[0].as<std::string>() == "sent");
  CHECK(row(held)[1].as<int>() == 1);

  // A send about to start 30 s before 21:00 waits too: it would reach the
  // shopper inside the window (the guard is one minute).
  ids["edge"] = rig.insert("edge", [&](db::NewMessage& m) {
    m.send_at = *parse_iso8601("2026-12-17T01:59:30Z");
    m.quiet_start = 21 * 60;
    m.quiet_end = 8 * 60;
  });
  rig.clock.set(*parse_iso8601("2026-12-17T01:59:30Z"));
  CHECK(dispatcher.run_once() == 1);
  CHECK(rig.sent.size() == 4);
  CHECK(row(ids["edge"])[2].as<std::string>() == "2026-12-17T13:00:00");
}

TEST_CASE("dispatch at send time: a warning that would reach the shopper after its deadline is cancelled") {
  using forewarn::parse_iso8601;
  // 22:00 in New York (03:00 UTC on the 25th), Christmas Eve; the default quiet hours 21:00-08:00.
  SendTimeRig rig("2026-12-25T03:00:00Z");
  std::map<std::string, std::string> ids;
  auto planned = [&](const std::string& subject, const char* stale_at, int start, int end) {
    ids[subject] = rig.insert(subject, [&](db::NewMessage& m) {
      m.send_at = *parse_iso8601("2026-12-25T00:30:00Z");  // 19:30, before the quiet hours
      m.quiet_start = start;
      m.quiet_end = end;
      if (stale_at) m.stale_at = *parse_iso8601(stale_at);
    });
  };
  // Christmas Eve ends at 05:00 UTC in New York.
  planned("past its deadline (21:00 in New York)", "2026-12-25T02:00:00Z", -1, -1);
  planned("held past its deadline (midnight)", "2026-12-25T05:00:00Z", 21 * 60, 8 * 60);
  planned("held, but its deadline comes later", "2026-12-25T14:00:00Z", 21 * 60, 8 * 60);
  planned("not quiet for her (23:00-07:00), due by midnight", "2026-12-25T05:00:00Z", 23 * 60, 7 * 60);
  planned("no deadline (an older row, or another kind)", nullptr, -1, -1);
  auto& dispatcher = *rig.dispatcher;
  CHECK(dispatcher.run_once() == 5);
  CHECK(dispatcher.stats().expired == 2);
  CHECK(dispatcher.stats().held == 1);
  CHECK(rig.sorted_sent() == std::vector<std::string>{"no deadline (an older row, or another kind)",
                                                      "not quiet for her (23:00-07:00), due by midnight"});
  pqxx::connection c(rig.url);
  pqxx::read_transaction tx(c);
  const auto row = [&](const std::string& subject) {
    return tx.exec_params1("SELECT status, attempts, coalesce(last_error, ''), episode_key,"
                           " (SELECT count(*) FROM message_attempts a WHERE a.message_id = m.id)"
                           " FROM messages m WHERE id = $1::uuid",
                           ids.at(subject));
  };
  for (const char* subject : {"past its deadline (21:00 in New York)", "held past its deadline (midnight)"}) {
    INFO(subject);
    const auto r = row(subject);
    CHECK(r[0].as<std::string>() == "cancelled");
    CHECK(r[1].as<int>() == 0);  // the lease's attempt undone: nothing was tried
    CHECK(r[2].as<std::string>().rfind("expired", 0) == 0);
    CHECK(r[3].as<std::string>() == "ship-" + std::string(subject) + "/expired:" + ids.at(subject));
    CHECK(r[4].as<int>() == 0);
  }
  CHECK(row("held, but its deadline comes later")[0].as<std::string>() == "pending");
}
