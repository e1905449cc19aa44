// The learned delivery-time model: per key, a recency-weighted empirical
// distribution of a duration in days (approval -> delivery, or hand-over ->
// delivery), with hierarchical fallback and smoothing. Pure value type:
// copyable, updated one observation at a time, queried cheaply.
//
// Keys are paths from coarse to fine, e.g. {"olist"} -> {"olist", "SP"} ->
// {"olist", "SP", "short"}: carrier -> service -> lane. The distribution of a
// path mixes each level with the one above it, in proportion to the level's
// (decayed) count of observations against `smoothing` pseudo-observations:
//     F_level = (n * F_empirical + smoothing * F_parent) / (n + smoothing)
// The level above the coarsest is the configured nominal prior (log-normal
// with median `nominal_days`), so a key never seen answers with the nominal,
// a thin one leans on its parent, a rich one speaks for itself.
//
// Recency: an observation made at time t weighs 2^((t - now) / half_life)
// relative to one made `now` (weights are kept relative to a moving origin,
// so nothing has to be touched when time passes).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"

namespace forewarn::core::promise {

struct ModelConfig {
  double bin_days = 0.25;         // resolution of the empirical distributions
  double max_days = 150.0;        // longer durations count as max_days
  double half_life_days = 60.0;   // recency weighting
  double smoothing = 25.0;        // pseudo-observations borrowed from the parent level
  double nominal_days = 10.0;     // median of the prior when nothing is known
  double nominal_sigma = 0.7;     // log-normal spread of the prior
};

using KeyPath = std::vector<std::string>;

// A CDF on a fixed grid: built once per query point, then queried cheaply.
class Distribution {
 public:
  Distribution() = default;
  Distribution(std::vector<double> cdf_at_edges, double bin_days, double effective_count);

  // P(T <= days), linear between grid points; 0 below 0, saturates at the last edge.
  double cdf(double days) const;
  // Smallest t with cdf(t) >= q (linear within a bin); max_days when q is
  // beyond the mass on the grid, 0 for q <= 0.
  double quantile(double q) const;
  // P(T <= by | T > elapsed); 0 when the distribution leaves no mass above `elapsed`.
  double conditional_cdf(double by, double elapsed) const;
  // Decayed number of observations behind the finest level used.
  double effective_count() const { return n_; }
  double max_days() const { return bin_ * static_cast<double>(cdf_.size()); }

 private:
  std::vector<double> cdf_;  // cdf_[j] = P(T <= (j + 1) * bin)
  double bin_ = 1.0;
  double n_ = 0.0;
};

class DelayModel {
 public:
  explicit DelayModel(ModelConfig config = {});

  // Learns one observed duration, observed (known) at `observed_at`, under
  // every prefix of `key`. Negative durations count as 0.
  void add(const KeyPath& key, double days, Instant observed_at);

  // The smoothed distribution of `key` as seen at `now`.
  Distribution distribution(const KeyPath& key, Instant now) const;
  // The same with another prior above the coarsest level (instead of the
  // configured log-normal): prior_cdf[j] = P(T <= (j + 1) * bin_days), one
  // value per bin (bins() of them). Throws std::invalid_argument otherwise.
  Distribution distribution(const KeyPath& key, Instant now, std::span<const double> prior_cdf) const;
  std::size_t bins() const { return bins_; }
  double quantile(const KeyPath& key, double q, Instant now) const;
  double probability_by(const KeyPath& key, double days, Instant now) const;
  // Decayed observation count of exactly this key (0 if never seen).
  double effective_count(const KeyPath& key, Instant now) const;

  const ModelConfig& config() const { return config_; }
  std::size_t observations() const { return observations_; }

 private:
  struct Node {
    std::vector<double> weight;  // per bin, relative to origin_
    double total = 0.0;
  };
  double relative_weight(Instant t) const;  // 2^((t - origin) / half-life)
  void rebase(Instant t);
  std::size_t bin_of(double days) const;

  ModelConfig config_;
  std::size_t bins_ = 0;
  std::vector<double> prior_cdf_;
  std::unordered_map<std::string, Node> nodes_;
  Instant origin_{};
  bool has_origin_ = false;
  std::size_t observations_ = 0;
};

// The log-normal CDF with the given median and sigma (for priors and tests).
double lognormal_cdf(double x, double median, double sigma);

}  // namespace forewarn::core::promise
