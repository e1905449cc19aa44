#include "core/polling/policy.hpp"

#include <algorithm>
#include <cmath>

namespace forewarn::core::polling {

namespace {
using std::chrono::duration_cast;

Duration scale(Duration d, double f) {
  return duration_cast<Duration>(std::chrono::duration<double, Duration::period>(static_cast<double>(d.count()) * f));
}

// A deterministic number in [0, 1) from a salt (splitmix64).
double unit_of(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  x ^= x >> 31;
  return static_cast<double>(x >> 11) / static_cast<double>(1ull << 53);
}
}  // namespace

std::optional<Instant> next_poll(const ShipmentState& s, Instant now, std::uint64_t salt, const CadenceConfig& c) {
  using forewarn::tracking::Status;
  if (s.status == Status::delivered || s.status == Status::expired) return std::nullopt;

  const std::optional<Duration> to_deadline = s.deadline ? std::optional<Duration>(*s.deadline - now) : std::nullopt;
  Duration interval = c.in_transit;
  switch (s.status) {
    case Status::out_for_delivery: interval = c.out_for_delivery; break;
    case Status::exception:
    case Status::attempt_failed:
    case Status::available_for_pickup: interval = c.at_risk; break;
    case Status::info_received:
    case Status::unknown: interval = c.label_only; break;
    default: interval = c.in_transit;
  }
  if (s.at_risk) interval = std::min(interval, c.at_risk);
  if (to_deadline) {
    if (*to_deadline <= std::chrono::hours{24}) interval = std::min(interval, c.at_risk);
    else if (*to_deadline <= c.near) interval = std::min(interval, c.near_deadline);
    else if (*to_deadline >= c.far_threshold && !s.at_risk && s.status != Status::out_for_delivery)
      interval = std::max(interval, c.far);
  }
  interval = std::max(interval, c.minimum);
  // Spread: interval x (1 - spread .. 1 + spread), fixed per shipment.
  const double f = 1.0 + c.spread * (2.0 * unit_of(salt) - 1.0);
  return now + scale(interval, f);
}

Instant backoff_until(int failures, Instant now, double unit, std::optional<Duration> retry_after,
                      const BackoffConfig& c) {
  // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
  // uniform in [base, min(cap, base * 2^(failures-1))].
  const int exp = std::clamp(failures - 1, 0, 30);
  const double ceiling = std::min(static_cast<double>(c.cap.count()), static_cast<double>(c.base.count()) * std::ldexp(1.0, exp));
  const double lo = static_cast<double>(c.base.count());
  const double wait = lo + std::clamp(unit, 0.0, 1.0) * std::max(0.0, ceiling - lo);
  Instant at = now + Duration{static_cast<Duration::rep>(wait)};
  if (retry_after) at = std::max(at, now + *retry_after);
  return at;
}

bool CircuitBreaker::allow(Instant now) {
  switch (state_) {
    case State::closed: return true;
    case State::open:
      if (now < opened_at_ + c_.open_for) return false;
      state_ = State::half_open;
      trial_out_ = true;
      return true;
    case State::half_open:
      if (trial_out_) return false;
      trial_out_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::success() {
  state_ = State::closed;
  consecutive_ = 0;
  trial_out_ = false;
}

void CircuitBreaker::failure(Instant now) {
  ++consecutive_;
  if (state_ == State::half_open || consecutive_ >= c_.threshold) {
    state_ = State::open;
    opened_at_ = now;
    trial_out_ = false;
  }
}

CarrierBudget::Verdict CarrierBudget::take(Instant now, Instant& retry_at) {
  const auto day = std::chrono::floor<date::days>(now).time_since_epoch().count();
  if (day != day_) {
    day_ = day;
    used_ = 0;
  }
  if (c_.daily_quota > 0 && used_ >= c_.daily_quota) {
    retry_at = Instant{std::chrono::duration_cast<Duration>(date::days{day + 1})};
    return Verdict::quota_exhausted;
  }
  long long wait_ms = 0;
  if (!bucket_.try_take(now, wait_ms)) {
    retry_at = now + std::chrono::milliseconds{wait_ms};
    return Verdict::rate_limited;
  }
  ++used_;
  return Verdict::ok;
}

}  // namespace forewarn::core::polling
