// The polling scheduler's pure decisions: cadence, backoff, breaker, budget.
#include <doctest/doctest.h>

#include "core/polling/policy.hpp"

using namespace forewarn;
using namespace forewarn::core::polling;
using forewarn::tracking::Status;
using namespace std::chrono;

namespace {
const Instant kNow = *parse_iso8601("2026-12-10T12:00:00Z");
Duration after(const std::optional<Instant>& t) { return *t - kNow; }
}  // namespace

TEST_CASE("cadence: never again once delivered or expired") {
  CHECK_FALSE(next_poll({Status::delivered, false, std::nullopt}, kNow, 1));
  CHECK_FALSE(next_poll({Status::expired, true, kNow + hours{1}}, kNow, 1));
}

TEST_CASE("cadence: often when out for delivery, at risk or near a deadline; rarely when far") {
  CadenceConfig c;
  c.spread = 0;  // exact intervals
  CHECK(after(next_poll({Status::out_for_delivery, false, std::nullopt}, kNow, 7, c)) == minutes{30});
  CHECK(after(next_poll({Status::in_transit, false, std::nullopt}, kNow, 7, c)) == hours{6});
  CHECK(after(next_poll({Status::in_transit, true, std::nullopt}, kNow, 7, c)) == hours{1});
  CHECK(after(next_poll({Status::exception, false, std::nullopt}, kNow, 7, c)) == hours{1});
  CHECK(after(next_poll({Status::info_received, false, std::nullopt}, kNow, 7, c)) == hours{12});
  CHECK(after(next_poll({Status::in_transit, false, kNow + hours{48}}, kNow, 7, c)) == hours{2});
  CHECK(after(next_poll({Status::in_transit, false, kNow + hours{20}}, kNow, 7, c)) == hours{1});
  CHECK(after(next_poll({Status::info_received, false, kNow + hours{24 * 20}}, kNow, 7, c)) == hours{24});
  CHECK(after(next_poll({Status::in_transit, false, kNow + hours{24 * 20}}, kNow, 7, c)) == hours{24});
  // Out for delivery stays frequent even when the deadline is far.
  CHECK(after(next_poll({Status::out_for_delivery, false, kNow + hours{24 * 20}}, kNow, 7, c)) == minutes{30});
}

TEST_CASE("cadence: an operator's minimum interval holds back the close cadences, not the slow ones") {
  CadenceConfig c;
  c.spread = 0;
  c.minimum = hours{4};
  CHECK(after(next_poll({Status::out_for_delivery, false, std::nullopt}, kNow, 7, c)) == hours{4});
  CHECK(after(next_poll({Status::in_transit, true, kNow + hours{20}}, kNow, 7, c)) == hours{4});
  CHECK(after(next_poll({Status::in_transit, false, std::nullopt}, kNow, 7, c)) == hours{6});
  CHECK(after(next_poll({Status::in_transit, false, kNow + hours{24 * 20}}, kNow, 7, c)) == hours{24});
  CHECK_FALSE(next_poll({Status::delivered, false, std::nullopt}, kNow, 7, c));
}

TEST_CASE("cadence: the spread is deterministic per shipment and within +/-10%") {
  const ShipmentState s{Status::in_transit, false, std::nullopt};
  CHECK(next_poll(s, kNow, 42) == next_poll(s, kNow, 42));
  bool differs = false;
  for (std::uint64_t salt = 0; salt < 200; ++salt) {
    const auto d = after(next_poll(s, kNow, salt));
    CHECK(d >= minutes{324});  // 6 h - 10%
    CHECK(d <= minutes{396});  // 6 h + 10%
    differs |= d != after(next_poll(s, kNow, 0));
  }
  CHECK(differs);
}

TEST_CASE("backoff: exponential with full jitter, capped, and never before Retry-After") {
  BackoffConfig c;
  CHECK(backoff_until(1, kNow, 0.0, std::nullopt, c) - kNow == seconds{30});
  CHECK(backoff_until(1, kNow, 0.999, std::nullopt, c) - kNow == seconds{30});  // the ceiling is the base
  CHECK(backoff_until(3, kNow, 1.0, std::nullopt, c) - kNow == seconds{120});
  CHECK(backoff_until(3, kNow, 0.5, std::nullopt, c) - kNow == seconds{75});
  CHECK(backoff_until(40, kNow, 1.0, std::nullopt, c) - kNow == hours{6});
  CHECK(backoff_until(1, kNow, 0.0, seconds{600}, c) - kNow == seconds{600});
  CHECK(backoff_until(12, kNow, 1.0, seconds{5}, c) - kNow == hours{6});
}

TEST_CASE("circuit breaker: opens after consecutive failures, one trial when half-open") {
  CircuitBreaker b({3, seconds{30}});
  CHECK(b.allow(kNow));
  b.failure(kNow);
  b.failure(kNow);
  b.success();  // resets the count
  b.failure(kNow);
  b.failure(kNow);
  CHECK(b.state() == CircuitBreaker::State::closed);
  b.failure(kNow);
  CHECK(b.state() == CircuitBreaker::State::open);
  CHECK_FALSE(b.allow(kNow + seconds{29}));
  CHECK(b.allow(kNow + seconds{30}));        // the trial
  CHECK_FALSE(b.allow(kNow + seconds{31}));  // only one at a time
  b.failure(kNow + seconds{31});             // the trial failed: open again
  CHECK(b.state() == CircuitBreaker::State::open);
  CHECK_FALSE(b.allow(kNow + seconds{60}));
  CHECK(b.allow(kNow + seconds{61}));
  b.success();
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK(b.allow(kNow + seconds{61}));
}

TEST_CASE("carrier budget: per-second rate, then the daily quota, reset at midnight UTC") {
  CarrierBudget budget({2, 2, 5}, kNow);
  Instant retry{};
  CHECK(budget.take(kNow, retry) == CarrierBudget::Verdict::ok);
  CHECK(budget.take(kNow, retry) == CarrierBudget::Verdict::ok);
  CHECK(budget.take(kNow, retry) == CarrierBudget::Verdict::rate_limited);
  CHECK(retry > kNow);
  CHECK(retry <= kNow + milliseconds{501});
  CHECK(budget.take(kNow + seconds{1}, retry) == CarrierBudget::Verdict::ok);
  CHECK(budget.take(kNow + seconds{1}, retry) == CarrierBudget::Verdict::ok);
  CHECK(budget.take(kNow + seconds{2}, retry) == CarrierBudget::Verdict::ok);
  CHECK(budget.used_today() == 5);
  CHECK(budget.take(kNow + seconds{3}, retry) == CarrierBudget::Verdict::quota_exhausted);
  CHECK(retry == *parse_iso8601("2026-12-11T00:00:00Z"));
  CHECK(budget.take(*parse_iso8601("2026-12-11T00:00:01Z"), retry) == CarrierBudget::Verdict::ok);
  CHECK(budget.used_today() == 1);
}
