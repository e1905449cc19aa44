// Delivery exactly once under SIGKILL: 5,000 messages, 2,500 e-mails through
// SMTP to the local aiosmtpd sink and 2,500 SMS through the Twilio kind of
// `forewarn sim-provider` (which honours I-Twilio-Idempotency-Token), while
// `forewarn serve` is killed with SIGKILL at random moments at least 10 times
// and restarted. At the end every message has arrived; duplicates are counted
// (by Message-ID at the sink, by forewarn message id at the sim) and printed.
//
// The window that matters is between a provider accepting a message and
// forewarn recording it: both fakes hold their answer after taking the message
// (sim-provider `accept_delay_ms`, smtp-sink `--accept-delay-ms`), so that the
// kills really land in it. Assertions:
//   - Twilio: idempotent replays > 0 (a message accepted before the kill was
//     sent again after it, and the I-Twilio-Idempotency-Token absorbed it: the
//     key is proven, not assumed) and 0 duplicates;
//   - SMTP (no key): duplicates are counted and printed; each needs a send that
//     was interrupted (a `sending` attempt whose lease ran out: recorded as
//     `interrupted`; the rest of a killed thread's leased batch is interrupted
//     too, unsent) after the relay's 250: duplicates <= interrupted e-mail
//     sends, and duplicates <= kills x sender threads (SMTP goes one message
//     at a time per thread, so each thread has at most one in that window).
#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <thread>

#include "dispatch_support.hpp"
#include "harness.hpp"

using nlohmann::json;

TEST_CASE("dispatch under SIGKILL: 5000 messages over SMTP and Twilio all arrive, duplicates counted") {
  // 2,500 per channel (5,000 in all); FOREWARN_TEST_DISPATCH_PER_CHANNEL overrides it (a slow machine).
  const char* per_channel = std::getenv("FOREWARN_TEST_DISPATCH_PER_CHANNEL");
  const int kPerChannel = per_channel ? std::atoi(per_channel) : 2500;
  constexpr int kKills = 12;
  constexpr int kThreads = 4;
  fwtest::dispatch::SmtpSink sink({"--accept-delay-ms", "20"});
  fwtest::dispatch::SimProvider sim(json{{"credentials", {{"twilio", {{"account_sid", "ACkill"}, {"auth_token", "tok"}}}}},
                                         {"faults", {{"accept_delay_ms", 30}}}});
  const auto url = fwtest::fresh_database();
  const auto key = fwtest::create_tenant(url, "Cookies");
  const fwtest::Env env = {{"FOREWARN_DISPATCH_LEASE_S", "10"},        {"FOREWARN_DISPATCH_THREADS", std::to_string(kThreads)},
                           {"FOREWARN_DISPATCH_BATCH", "10"},          {"FOREWARN_DISPATCH_IDLE_MS", "20"},
                           {"FOREWARN_DISPATCH_BACKOFF_BASE_MS", "100"}, {"FOREWARN_DISPATCH_BACKOFF_CAP_MS", "1000"},
                           {"FOREWARN_POLLER", "false"}};  // info: the harness waits for "listening"
  {
    fwtest::Server setup(url, {{"FOREWARN_DISPATCHER", "false"}});
    auto c = setup.client();
    fwtest::dispatch::put_providers(
        c, key, "email", {{"primary", {{"kind", "smtp"}, {"config", {{"url", sink.url()}, {"from", "shop@cookies.example"}}}}}});
    fwtest::dispatch::put_providers(
        c, key, "sms",
        {{"primary", {{"kind", "twilio"},
                      {"config", {{"base_url", sim.base_url()}, {"account_sid", "ACkill"}, {"auth_token", "tok"}, {"from", "+15005550006"}}}}}});
  }
  // In alternating chunks: the dispatcher takes the oldest first, so that both
  // channels are being sent while the kills land.
  constexpr int kChunk = 100;
  for (int first = 0; first < kPerChannel; first += kChunk) {
    const int n = std::min(kChunk, kPerChannel - first);
    fwtest::dispatch::enqueue(url, "email", n, "kill", "example.test", first);
    fwtest::dispatch::enqueue(url, "sms", n, "kill", "example.test", first);
  }

  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> uptime_ms(200, 1500);
  int kills = 0;
  long long sent_at_kill = 0;
  while (kills < kKills) {
    fwtest::Server server(url, env);
    std::this_thread::sleep_for(std::chrono::milliseconds{uptime_ms(rng)});
    REQUIRE(kill(server.pid(), SIGKILL) == 0);
    ++kills;
    sent_at_kill = fwtest::dispatch::scalar(url, "SELECT count(*) FROM messages WHERE status = 'sent'");
    MESSAGE("kill " << kills << ": " << sent_at_kill << " of " << 2 * kPerChannel << " sent");
  }
  CHECK(sent_at_kill < 2 * kPerChannel);  // the kills fell while there was work (else the test proves little)

  fwtest::Server last(url, env);
  REQUIRE_MESSAGE(fwtest::dispatch::settle(url, 240), last.logs());
  const auto s = fwtest::dispatch::statuses(url);
  CHECK(s.at("sent") == 2 * kPerChannel);

  // SMTP: every message arrived, under the Message-ID forewarn recorded.
  const auto received = sink.received();
  long long smtp_duplicates = 0;
  for (const auto& [id, n] : received) smtp_duplicates += n - 1;
  CHECK(received.size() == kPerChannel);
  CHECK(fwtest::dispatch::scalar(url, "SELECT count(*) FROM messages WHERE channel = 'email' AND provider_message_id"
                                      " LIKE '<' || id::text || '@%>'") == kPerChannel);
  // Twilio: every message arrived once, repeats answered from the idempotency key.
  const json sms = sim.get("/_sim/messages?summary=1");
  auto interrupted = [&](const char* channel) {
    return fwtest::dispatch::scalar(url, std::string("SELECT count(*) FROM message_attempts a JOIN messages m ON m.id = "
                                                     "a.message_id WHERE a.outcome = 'interrupted' AND m.channel = '") +
                                             channel + "'");
  };
  const long long interrupted_email = interrupted("email"), interrupted_sms = interrupted("sms");
  const long long replays = sms["idempotent_replays"].get<long long>();
  std::printf(
      "dispatch SIGKILL test (seed %u): %d kills; interrupted sends taken again: %lld e-mail, %lld SMS; SMTP: %zu "
      "unique, %lld duplicates (allowed: <= %lld interrupted e-mail sends, <= %d = kills x threads); Twilio: %lld "
      "unique, %lld duplicates, %lld idempotent replays absorbed by the key\n",
      seed, kills, interrupted_email, interrupted_sms, received.size(), smtp_duplicates, interrupted_email,
      kills * kThreads, sms["unique"].get<long long>(), sms["duplicates"].get<long long>(), replays);
  std::fflush(stdout);
  CHECK(sms["unique"] == kPerChannel);
  CHECK(sms["duplicates"] == 0);
  CHECK(replays > 0);                 // the kills landed in the window and the key absorbed the re-sends
  CHECK(replays <= interrupted_sms);  // a replay is an interrupted send going out again, nothing else
  // SMTP has no key: a duplicate is an interrupted send that the relay had already taken, and each sender
  // thread has one SMTP message in flight when a kill lands.
  CHECK(smtp_duplicates <= interrupted_email);
  CHECK(smtp_duplicates <= kills * kThreads);
}
