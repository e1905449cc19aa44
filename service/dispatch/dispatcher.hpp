// The dispatcher (adapter): every `forewarn serve` process runs one, with a
// pool of sender threads. Each thread, round after round,
//   1. in one transaction: leases a batch of due messages
//      (db::lease_due_messages: FOR UPDATE SKIP LOCKED, so with several
//      replicas each message goes to one worker for the lease; a message
//      whose recipient opted out, or turned its channel off, after it was
//      queued is marked `suppressed` by the same statement and never sent;
//      one in the addressee's quiet hours now is given back until they end;
//      a warning about a deadline that is past, or that waiting would carry
//      past it, is cancelled, its episodes released and its shipments
//      assessed again: db::expire_messages),
//      chooses each
//      one's provider (core/dispatch: the tenant's primary, the secondary after
//      K consecutive failures of the primary or while its circuit is open, and
//      the SAME provider again for a send that was interrupted), and writes the
//      `sending` attempt rows: the attempt is on record before any call;
//   2. sends each message through its provider, with the message id as the
//      idempotency key (HTTP providers) and the left part of the Message-ID
//      (SMTP);
//   3. records the outcomes (provider message id, or the next attempt by
//      exponential backoff with jitter, or failed), each record one
//      autocommit statement (one round trip):
//      - a provider without an idempotency key (SMTP, SendGrid, Postmark,
//        Vonage): one message at a time, its outcome recorded at once, so
//        that the window in which a death can duplicate a message is one call
//        per sender thread;
//      - a provider that takes the key (Twilio): the round's messages for it
//        go out together (all in flight at once) and their outcomes are
//        recorded together; a death before that record re-sends them with the
//        same keys, which the provider answers without sending twice.
// A process that dies mid-send leaves its messages in `sending`; when the lease
// runs out another round takes them again, to the same provider with the same
// key. Time comes from the injected Clock; the sleep between empty rounds is
// the only real-time wait.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "clients/common/messaging.hpp"
#include "core/clock.hpp"
#include "core/dispatch/policy.hpp"
#include "core/polling/policy.hpp"
#include "db/pool.hpp"
#include "db/store.hpp"
#include "platform/metrics.hpp"

namespace forewarn::dispatch {

using ProviderFactory = std::function<std::unique_ptr<clients::MessageProvider>(
    const std::string& kind, const nlohmann::json& config, std::string& error)>;

struct DispatcherOptions {
  std::string worker;                 // this process's name in the lease (host:pid)
  int threads = 8;                    // sender threads
  int batch = 20;                     // messages one thread leases per round
  Duration lease_for = std::chrono::minutes{2};  // longer than any provider call
  int idle_sleep_ms = 200;            // between rounds that found nothing due (real time)
  int provider_cache_ms = 5000;       // how long a tenant's provider configuration is trusted
  // Quiet hours are checked again at send time (core/messages/quiet_hours.hpp
  // hold_until): a send that would start within this of the addressee's quiet
  // hours waits for their end. FOREWARN_DISPATCH_QUIET_GUARD_S.
  Duration quiet_guard = std::chrono::minutes{1};
  core::dispatch::RetryConfig retry{};
  core::polling::BreakerConfig breaker{};
};

struct DispatcherStats {
  std::uint64_t rounds = 0;
  std::uint64_t leased = 0;
  std::uint64_t sent = 0;           // accepted by a provider
  std::uint64_t retried = 0;        // transient failures, to be tried again
  std::uint64_t failed = 0;         // permanent rejections and exhausted attempts
  std::uint64_t interrupted = 0;    // leases that had run out mid-send (taken again)
  std::uint64_t lost_leases = 0;    // outcomes whose lease had run out
  std::uint64_t suppressed = 0;     // due, but the recipient had opted out since: not sent
  std::uint64_t held = 0;           // due, but in the addressee's quiet hours now: given back unsent
  std::uint64_t expired = 0;        // a warning its deadline had passed, or waiting would pass: cancelled
};

class Dispatcher {
 public:
  // `factory` makes a provider from a tenant_providers row (ProviderRegistry::make).
  Dispatcher(db::Pool& pool, const Clock& clock, DispatcherOptions options, ProviderFactory factory,
             platform::Metrics* metrics = nullptr);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void start();
  // Finishes the message each thread is sending, puts the rest of its batch back, joins.
  void stop();
  // One round on the caller's thread: returns the number of messages leased.
  std::size_t run_once();
  DispatcherStats stats() const;

 private:
  struct Route {
    db::ProviderRow row;
    std::shared_ptr<clients::MessageProvider> provider;  // null: unusable (error)
    std::string error;
    core::polling::CircuitBreaker breaker;
  };
  struct TenantRoutes {
    long long loaded_ms = 0;
    std::map<std::pair<std::string, int>, std::shared_ptr<Route>> routes;  // (channel, priority)
  };
  struct Job {
    db::LeasedMessage message;
    std::shared_ptr<Route> route;  // null: no provider for the channel
    int priority = 0;
  };

  // An outcome made ready for the database, and what it means for the message.
  struct Step {
    db::SendRecord record;
    core::dispatch::NextStep next;
  };

  std::vector<Job> lease_round(Instant now, DispatcherStats& d);
  void refresh_routes(pqxx::work& tx, const std::string& tenant_id);
  clients::OutgoingMessage outgoing(const Job& job) const;
  clients::SendOutcome send(const Job& job);
  // Jobs of one provider that takes the idempotency key, all at once.
  std::vector<clients::SendOutcome> send_together(const std::vector<const Job*>& jobs);
  Step prepare(const Job& job, const clients::SendOutcome& outcome, bool shutting_down);
  // One statement, autocommit; kept[i]: the lease was still ours.
  std::vector<bool> write(const std::vector<Step>& steps);
  void account(const Job& job, const Step& step, const clients::SendOutcome& outcome, bool kept, DispatcherStats& d);

  db::Pool& pool_;
  const Clock& clock_;
  DispatcherOptions options_;
  platform::Metrics* metrics_;
  ProviderFactory factory_;

  std::mutex routes_mu_;  // tenants_, breakers, rng_
  std::map<std::string, TenantRoutes> tenants_;
  std::mt19937_64 rng_;

  mutable std::mutex stats_mu_;
  DispatcherStats stats_;

  std::atomic<bool> running_{false};
  std::mutex wake_mu_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
};

}  // namespace forewarn::dispatch
