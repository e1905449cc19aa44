// The polling scheduler (adapter): every active shipment has a next poll
// time; each `forewarn serve` process runs one Poller that, round after round,
//   1. leases a batch of due shipments (SELECT ... FOR UPDATE SKIP LOCKED in
//      db::lease_due_shipments: with several replicas each shipment goes to
//      one worker for the lease; a crashed worker's lease simply runs out),
//   2. asks each carrier's budget (rate, daily quota) and circuit breaker
//      (core/polling) whether a call may go out; a shipment that may not is
//      put back with its next poll at the moment it may,
//   3. polls the rest at once through the carrier transports (libcurl multi:
//      a slow carrier fills only its own lane),
//   4. stores every answer in one transaction per batch: new events
//      (de-duplicated) through db::record_tracking_result, then the next poll
//      by the adaptive cadence (core/polling::next_poll), or, after a failure,
//      by exponential backoff with jitter that honours Retry-After; a body we
//      could not parse is kept as a carrier fault for an operator.
// Time comes from the injected Clock; the sleep between empty rounds is the
// only real-time wait.
//
// The lease must outlast the round: a round that ends after its lease ran out
// may have polled a shipment another worker (or replica) leased meanwhile.
// Such a round is counted (forewarn_poll_rounds_over_lease_total) and warned
// about once. With a Metrics, every carrier call is counted by carrier and
// outcome (forewarn_polls_total): each process shows what it polled.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "clients/common/transport.hpp"
#include "core/clock.hpp"
#include "core/polling/policy.hpp"
#include "db/pool.hpp"
#include "db/store.hpp"
#include "platform/metrics.hpp"

namespace forewarn::poller {

struct PollerOptions {
  std::string worker;              // this process's name in the lease (host:pid)
  int batch = 200;                 // shipments leased per round
  int workers = 2;                 // rounds run concurrently (each leases its own batch)
  Duration lease_for = std::chrono::minutes{2};  // FOREWARN_POLL_LEASE_S
  int idle_sleep_ms = 500;         // between rounds that found nothing due (real time)
  core::polling::CadenceConfig cadence{};
  core::polling::BackoffConfig backoff{};
  core::polling::BreakerConfig breaker{};
  core::polling::BudgetConfig budget{};  // per carrier
  db::MessagingSettings messaging{};     // for the decisions of each round
};

struct PollerStats {
  std::uint64_t rounds = 0;
  std::uint64_t polled = 0;       // carrier calls made
  std::uint64_t updated = 0;      // successful polls stored
  std::uint64_t new_events = 0;
  std::uint64_t failures = 0;     // carrier errors (backed off)
  std::uint64_t deferred = 0;     // held back by a budget or an open breaker
  std::uint64_t lost_leases = 0;  // answers whose lease had run out (another worker took it)
  std::uint64_t over_lease = 0;   // rounds that took longer than the lease
};

class Poller {
 public:
  // `metrics` (optional, outliving the poller) receives the counters above.
  Poller(db::Pool& pool, const Clock& clock, clients::CarrierTransports& transports, PollerOptions options,
         platform::Metrics* metrics = nullptr);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  // Runs rounds on `workers` background threads until stop().
  void start();
  void stop();
  // One round, on the caller's thread: returns the number of shipments leased.
  std::size_t run_once();
  PollerStats stats() const;

 private:
  struct CarrierGate {
    core::polling::CarrierBudget budget;
    core::polling::CircuitBreaker breaker;
  };
  CarrierGate& gate(tracking::Carrier c, Instant now);

  db::Pool& pool_;
  const Clock& clock_;
  clients::CarrierTransports& transports_;
  PollerOptions options_;
  platform::Metrics* metrics_;
  std::atomic<bool> warned_over_lease_{false};

  std::mutex gates_mu_;
  std::map<tracking::Carrier, CarrierGate> gates_;
  std::mt19937_64 rng_;  // jitter; guarded by gates_mu_

  mutable std::mutex stats_mu_;
  PollerStats stats_;

  std::atomic<bool> running_{false};
  std::mutex wake_mu_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
};

}  // namespace forewarn::poller
