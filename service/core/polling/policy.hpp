// The polling scheduler's decisions, pure: when to poll a shipment next, how
// long to back off after a carrier failure, whether a carrier's circuit is
// open, and whether its per-second rate and daily quota allow one more call.
// The adapter (service/poller) leases shipments, calls the transports and
// stores results; every choice it makes is one of these functions, with
// `now` passed in, so a whole season can be replayed on a fake clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/rate_limit.hpp"
#include "core/time.hpp"
#include "core/tracking/status.hpp"

namespace forewarn::core::polling {

// ---------------------------------------------------------------------------
// Cadence: the next poll after a successful one.
// ---------------------------------------------------------------------------
struct CadenceConfig {
  Duration out_for_delivery = std::chrono::minutes{30};
  Duration at_risk = std::chrono::hours{1};          // at risk, an exception, or a deadline within a day
  Duration near_deadline = std::chrono::hours{2};    // a deadline within `near` (default 3 days)
  Duration in_transit = std::chrono::hours{6};
  Duration label_only = std::chrono::hours{12};      // info received, not yet scanned
  Duration far = std::chrono::hours{24};             // nothing due for a long while
  Duration near = std::chrono::hours{72};
  Duration far_threshold = std::chrono::hours{24 * 10};
  // No interval shorter than this (FOREWARN_POLL_MIN_INTERVAL_S; 0: none),
  // before the spread.
  Duration minimum{0};
  // Spread polls over +/- this fraction of the interval, so that shipments
  // registered together do not come due together (deterministic per shipment).
  double spread = 0.1;
};

struct ShipmentState {
  forewarn::tracking::Status status = forewarn::tracking::Status::info_received;
  bool at_risk = false;
  std::optional<Instant> deadline;  // the promised date's end, or the event's deadline (earliest)
};

// nullopt: never poll again (delivered or expired). `salt` spreads the
// interval deterministically (for example a hash of the shipment id).
std::optional<Instant> next_poll(const ShipmentState& s, Instant now, std::uint64_t salt,
                                 const CadenceConfig& c = {});

// ---------------------------------------------------------------------------
// Backoff after a failed poll: exponential with full jitter, capped, and
// never earlier than the carrier's Retry-After.
// ---------------------------------------------------------------------------
struct BackoffConfig {
  Duration base = std::chrono::seconds{30};
  Duration cap = std::chrono::hours{6};
};
// `failures` >= 1 (consecutive failures so far, this one included); `unit`
// a uniform number in [0, 1) (the caller's random source; tests pass fixed ones).
Instant backoff_until(int failures, Instant now, double unit, std::optional<Duration> retry_after,
                      const BackoffConfig& c = {});

// ---------------------------------------------------------------------------
// Circuit breaker per carrier: closed -> open after `threshold` consecutive
// failures (server errors, timeouts; not "not found") -> half-open after
// `open_for`: one trial call; its success closes, its failure reopens.
// Not thread-safe by itself: the adapter keeps one per carrier under a lock.
// ---------------------------------------------------------------------------
struct BreakerConfig {
  int threshold = 5;
  Duration open_for = std::chrono::seconds{30};
};

class CircuitBreaker {
 public:
  enum class State { closed, open, half_open };
  explicit CircuitBreaker(BreakerConfig c = {}) : c_(c) {}
  // May a call go out now? In half-open, only one trial at a time.
  bool allow(Instant now);
  void success();
  void failure(Instant now);
  State state() const { return state_; }
  // When an open breaker lets a trial through.
  Instant reopens_at() const { return opened_at_ + c_.open_for; }

 private:
  BreakerConfig c_;
  State state_ = State::closed;
  int consecutive_ = 0;
  Instant opened_at_{};
  bool trial_out_ = false;
};

// ---------------------------------------------------------------------------
// A carrier's budget: a token bucket (requests per second, burst) and a daily
// quota that resets at 00:00 UTC.
// ---------------------------------------------------------------------------
struct BudgetConfig {
  double rate_per_s = 50;
  double burst = 100;
  std::int64_t daily_quota = 0;  // 0: none
};

class CarrierBudget {
 public:
  CarrierBudget(BudgetConfig c, Instant now) : c_(c), bucket_(c.rate_per_s, c.burst, now) {}
  // Takes one call from the budget, or says when to try again.
  enum class Verdict { ok, rate_limited, quota_exhausted };
  Verdict take(Instant now, Instant& retry_at);
  std::int64_t used_today() const { return used_; }

 private:
  BudgetConfig c_;
  TokenBucket bucket_;
  std::int64_t day_ = -1;
  std::int64_t used_ = 0;
};

}  // namespace forewarn::core::polling
