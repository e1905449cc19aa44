#include "core/promise/conformal.hpp"

#include <algorithm>
#include <cmath>

namespace forewarn::core::promise {

namespace {
double days_between(Instant from, Instant to) {
  return std::chrono::duration<double, std::ratio<86400>>(to - from).count();
}
}  // namespace

void AdaptiveLevel::update(bool covered, Instant known_at) {
  double step = gamma_;
  if (window_days_ > 0.0) {
    // Exponentially decayed count of outcomes, mean age window_days_.
    if (updates_ == 0) {
      recent_ = 0.0;
      last_ = known_at;
    } else if (known_at > last_) {
      recent_ *= std::exp(-days_between(last_, known_at) / window_days_);
      last_ = known_at;
    }
    recent_ += 1.0;
    // While outcomes are still few, no single one moves the level by more than kMaxStep.
    constexpr double kMaxStep = 0.01;
    step = std::min(kMaxStep, gamma_ / recent_);
  }
  level_ += step * (nominal_ - (covered ? 1.0 : 0.0));
  ++updates_;
}

PitCalibrator::PitCalibrator(PitConfig config) : config_(config) {
  config_.bins = std::max<std::size_t>(config_.bins, 2);
  config_.half_life_days = std::max(config_.half_life_days, 1e-3);
  config_.prior_strength = std::max(config_.prior_strength, 1e-9);
  weight_.assign(config_.bins, 0.0);
}

double PitCalibrator::relative_weight(Instant t) const {
  if (!has_origin_) return 1.0;
  return std::exp2(days_between(origin_, t) / config_.half_life_days);
}

void PitCalibrator::add(double u, Instant known_at) {
  if (!std::isfinite(u)) return;
  if (!has_origin_) {
    origin_ = known_at;
    has_origin_ = true;
  }
  if (days_between(origin_, known_at) > 40.0 * config_.half_life_days) {
    const double f = relative_weight(known_at);
    for (double& w : weight_) w /= f;
    total_ /= f;
    origin_ = known_at;
  }
  const double w = relative_weight(known_at);
  const double pos = std::clamp(u, 0.0, 1.0) * static_cast<double>(config_.bins);
  const auto b = std::min(static_cast<std::size_t>(pos), config_.bins - 1);
  weight_[b] += w;
  total_ += w;
}

double PitCalibrator::effective_count(Instant now) const { return total_ / relative_weight(now); }

double PitCalibrator::calibrate(double p, Instant now) const {
  p = std::clamp(p, 0.0, 1.0);
  const double n = effective_count(now);
  if (!(total_ > 0.0) || !std::isfinite(n)) return p;
  // Share of outcomes with u <= p, linear within the bin that holds p.
  const double pos = p * static_cast<double>(config_.bins);
  const auto b = std::min(static_cast<std::size_t>(pos), config_.bins - 1);
  double below = 0.0;
  for (std::size_t j = 0; j < b; ++j) below += weight_[j];
  below += weight_[b] * std::clamp(pos - static_cast<double>(b), 0.0, 1.0);
  const double empirical = below / total_;
  const double a = n / (n + config_.prior_strength);
  return a * empirical + (1.0 - a) * p;
}

double PitCalibrator::inverse(double q, Instant now) const {
  if (q <= 0.0) return 0.0;
  if (q >= 1.0) return 1.0;
  double lo = 0.0, hi = 1.0;
  for (int it = 0; it < 40; ++it) {
    const double mid = 0.5 * (lo + hi);
    (calibrate(mid, now) < q ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace forewarn::core::promise
