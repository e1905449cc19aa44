// Discrete distributions over whole days, the building block of the promise
// engine: the carrier's transit time in business days (the service's delivery
// days, see calendar/service_calendar.hpp) and the warehouse's extra handling
// delay in processing days. Pure value type; built once, read on the hot path.
#pragma once

#include <span>
#include <utility>
#include <vector>

namespace forewarn::core::eta {

// Longest duration a distribution may describe, in days. Longer empirical
// observations are an input error (the learned model caps its own outliers).
inline constexpr int kMaxDistributionDays = 120;

// Shape of the fallback distribution built from a nominal band min..max:
//
//   in-band mass (1 - late_share), over the n = max - min + 1 days of the band:
//     mode at offset m = (n - 1) / 3 (integer division: the lower third; for
//     1..5 days the mode is day 2, for 1..3 or 2..2 it is the first day);
//     weights rise linearly to the mode, (i + 1) / (m + 1) for offsets i <= m,
//     and fall geometrically after it, decay^(i - m);
//   late tail (late_share): 3/4 of it one day after max, 1/4 two days after.
//
// UPS Ground 1..5 thus gets about 19%, 38%, 21%, 12%, 6% on days 1..5 and
// 3% / 1% on days 6 / 7; a one-value band such as 2nd Day Air gets 96% on its
// day and 3% / 1% one / two days late. The late tail is an assumption (no
// carrier is on time every time), not a published figure; the learned model
// replaces the whole shape once deliveries have been observed.
struct NominalShape {
  double late_share = 0.04;
  double decay = 0.55;
};

class DayDistribution {
 public:
  // Everything on day 0 (e.g. no extra handling delay).
  DayDistribution();

  // All mass on `days` (0 .. kMaxDistributionDays).
  static DayDistribution exactly(int days);

  // The fallback shape above. Throws std::invalid_argument unless
  // 0 <= min_days <= max_days and max_days + 2 <= kMaxDistributionDays,
  // late_share in [0, 1) and decay in (0, 1].
  static DayDistribution nominal(int min_days, int max_days, const NominalShape& shape = {});

  // An empirical distribution from (days, weight) pairs, e.g. a learned
  // histogram; weights are normalized, repeated days add up. Throws
  // std::invalid_argument for days outside 0..kMaxDistributionDays, a
  // negative or non-finite weight, or no positive weight at all.
  static DayDistribution from_weights(std::span<const std::pair<int, double>> weights);

  // P(T = days); 0 outside the support.
  double probability(int days) const;
  // P(T <= days).
  double cdf(int days) const;
  // Smallest and largest day with positive probability.
  int min_days() const { return first_; }
  int max_days() const { return first_ + static_cast<int>(p_.size()) - 1; }
  // Probabilities of min_days() .. max_days(), in order.
  std::span<const double> masses() const { return p_; }

  friend bool operator==(const DayDistribution&, const DayDistribution&) = default;

 private:
  DayDistribution(int first, std::vector<double> p);
  int first_ = 0;
  std::vector<double> p_;  // p_[i] = P(T = first_ + i), sums to 1, ends non-zero
};

// The distribution of A + B for independent A ~ a and B ~ b (e.g. transit
// plus a carrier's slip); mass beyond kMaxDistributionDays lands on it.
DayDistribution sum_of(const DayDistribution& a, const DayDistribution& b);

// Transit time in the carrier service's business days after the pickup day.
using TransitDistribution = DayDistribution;
// Extra warehouse delay in processing days after the calendar's hand-over day
// (backlog and cutoff are already in the calendar; this is the unplanned rest).
using HandlingDelay = DayDistribution;

}  // namespace forewarn::core::eta
