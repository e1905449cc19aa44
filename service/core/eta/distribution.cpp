#include "core/eta/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace forewarn::core::eta {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("DayDistribution: ") + what);
}

}  // namespace

DayDistribution::DayDistribution() : DayDistribution(0, {1.0}) {}

DayDistribution::DayDistribution(int first, std::vector<double> p) : first_(first), p_(std::move(p)) {
  // Normalize, then trim zero mass at both ends so min/max_days are the support.
  double total = 0.0;
  for (double x : p_) total += x;
  for (double& x : p_) x /= total;
  std::size_t lo = 0;
  while (p_[lo] <= 0.0) ++lo;
  std::size_t hi = p_.size();
  while (p_[hi - 1] <= 0.0) --hi;
  p_ = std::vector<double>(p_.begin() + static_cast<std::ptrdiff_t>(lo), p_.begin() + static_cast<std::ptrdiff_t>(hi));
  first_ += static_cast<int>(lo);
}

DayDistribution DayDistribution::exactly(int days) {
  require(days >= 0 && days <= kMaxDistributionDays, "days out of range");
  return DayDistribution(days, {1.0});
}

DayDistribution DayDistribution::nominal(int min_days, int max_days, const NominalShape& shape) {
  require(min_days >= 0 && min_days <= max_days && max_days + 2 <= kMaxDistributionDays, "bad nominal band");
  require(shape.late_share >= 0.0 && shape.late_share < 1.0, "late_share must be in [0, 1)");
  require(shape.decay > 0.0 && shape.decay <= 1.0, "decay must be in (0, 1]");
  const int n = max_days - min_days + 1;
  const int mode = (n - 1) / 3;
  std::vector<double> w(static_cast<std::size_t>(n) + 2, 0.0);
  double band = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = i <= mode ? static_cast<double>(i + 1) / static_cast<double>(mode + 1)
                               : std::pow(shape.decay, static_cast<double>(i - mode));
    w[static_cast<std::size_t>(i)] = x;
    band += x;
  }
  for (int i = 0; i < n; ++i) w[static_cast<std::size_t>(i)] *= (1.0 - shape.late_share) / band;
  w[static_cast<std::size_t>(n)] = 0.75 * shape.late_share;
  w[static_cast<std::size_t>(n) + 1] = 0.25 * shape.late_share;
  return DayDistribution(min_days, std::move(w));
}

DayDistribution DayDistribution::from_weights(std::span<const std::pair<int, double>> weights) {
  std::vector<double> w(static_cast<std::size_t>(kMaxDistributionDays) + 1, 0.0);
  bool any = false;
  for (const auto& [days, weight] : weights) {
    require(days >= 0 && days <= kMaxDistributionDays, "days out of range");
    require(std::isfinite(weight) && weight >= 0.0, "weights must be finite and non-negative");
    w[static_cast<std::size_t>(days)] += weight;
    any = any || weight > 0.0;
  }
  require(any, "no positive weight");
  return DayDistribution(0, std::move(w));
}

double DayDistribution::probability(int days) const {
  if (days < min_days() || days > max_days()) return 0.0;
  return p_[static_cast<std::size_t>(days - first_)];
}

double DayDistribution::cdf(int days) const {
  if (days < min_days()) return 0.0;
  if (days >= max_days()) return 1.0;
  double sum = 0.0;
  for (int d = first_; d <= days; ++d) sum += p_[static_cast<std::size_t>(d - first_)];
  return sum;
}

DayDistribution sum_of(const DayDistribution& a, const DayDistribution& b) {
  std::vector<std::pair<int, double>> weights;
  const auto pa = a.masses();
  const auto pb = b.masses();
  for (std::size_t i = 0; i < pa.size(); ++i)
    for (std::size_t j = 0; j < pb.size(); ++j) {
      const int days = std::min(a.min_days() + b.min_days() + static_cast<int>(i + j), kMaxDistributionDays);
      weights.emplace_back(days, pa[i] * pb[j]);
    }
  return DayDistribution::from_weights(weights);
}

}  // namespace forewarn::core::eta
