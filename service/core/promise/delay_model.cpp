#include "core/promise/delay_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace forewarn::core::promise {

namespace {

constexpr char kSep = '\x1f';

double days_between(Instant from, Instant to) {
  return std::chrono::duration<double, std::ratio<86400>>(to - from).count();
}

}  // namespace

double lognormal_cdf(double x, double median, double sigma) {
  if (x <= 0.0) return 0.0;
  return 0.5 * std::erfc(-(std::log(x / median)) / (sigma * std::sqrt(2.0)));
}

// ---------------------------------------------------------------- Distribution

Distribution::Distribution(std::vector<double> cdf_at_edges, double bin_days, double effective_count)
    : cdf_(std::move(cdf_at_edges)), bin_(bin_days), n_(effective_count) {}

double Distribution::cdf(double days) const {
  if (cdf_.empty() || !(days > 0.0)) return 0.0;
  const double pos = days / bin_;
  if (pos >= static_cast<double>(cdf_.size())) return cdf_.back();
  const auto j = static_cast<std::size_t>(pos);
  const double lo = j == 0 ? 0.0 : cdf_[j - 1];
  return lo + (cdf_[j] - lo) * (pos - static_cast<double>(j));
}

double Distribution::quantile(double q) const {
  if (cdf_.empty()) return 0.0;
  if (q <= 0.0) return 0.0;
  if (q > cdf_.back()) return max_days();
  const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), q);
  const auto j = static_cast<std::size_t>(it - cdf_.begin());
  const double lo = j == 0 ? 0.0 : cdf_[j - 1];
  const double width = cdf_[j] - lo;
  const double frac = width > 0.0 ? (q - lo) / width : 1.0;
  return bin_ * (static_cast<double>(j) + std::clamp(frac, 0.0, 1.0));
}

double Distribution::conditional_cdf(double by, double elapsed) const {
  const double f_elapsed = cdf(elapsed);
  const double rest = 1.0 - f_elapsed;
  if (rest <= 1e-12) return 0.0;
  if (by <= elapsed) return 0.0;
  return std::clamp((cdf(by) - f_elapsed) / rest, 0.0, 1.0);
}

// ---------------------------------------------------------------- DelayModel

DelayModel::DelayModel(ModelConfig config) : config_(config) {
  config_.bin_days = std::max(config_.bin_days, 1e-3);
  config_.max_days = std::max(config_.max_days, config_.bin_days);
  config_.half_life_days = std::max(config_.half_life_days, 1e-3);
  config_.smoothing = std::max(config_.smoothing, 1e-9);
  config_.nominal_days = std::max(config_.nominal_days, 1e-3);
  config_.nominal_sigma = std::max(config_.nominal_sigma, 1e-3);
  bins_ = static_cast<std::size_t>(std::ceil(config_.max_days / config_.bin_days));
  prior_cdf_.resize(bins_);
  for (std::size_t j = 0; j < bins_; ++j)
    prior_cdf_[j] =
        lognormal_cdf(config_.bin_days * static_cast<double>(j + 1), config_.nominal_days, config_.nominal_sigma);
}

double DelayModel::relative_weight(Instant t) const {
  if (!has_origin_) return 1.0;
  return std::exp2(days_between(origin_, t) / config_.half_life_days);
}

void DelayModel::rebase(Instant t) {
  // Keeps weights in a comfortable floating-point range: moves the origin to t.
  const double factor = relative_weight(t);
  for (auto& [key, node] : nodes_) {
    for (double& w : node.weight) w /= factor;
    node.total /= factor;
  }
  origin_ = t;
}

std::size_t DelayModel::bin_of(double days) const {
  if (!(days > 0.0)) return 0;
  const double pos = days / config_.bin_days;
  if (pos >= static_cast<double>(bins_)) return bins_ - 1;
  return static_cast<std::size_t>(pos);
}

void DelayModel::add(const KeyPath& key, double days, Instant observed_at) {
  if (!has_origin_) {
    origin_ = observed_at;
    has_origin_ = true;
  }
  if (days_between(origin_, observed_at) > 40.0 * config_.half_life_days) rebase(observed_at);
  const double w = relative_weight(observed_at);
  const std::size_t b = bin_of(days);
  std::string prefix;
  for (std::size_t level = 0; level < key.size(); ++level) {
    if (level > 0) prefix.push_back(kSep);
    prefix += key[level];
    Node& node = nodes_[prefix];
    if (node.weight.empty()) node.weight.assign(bins_, 0.0);
    node.weight[b] += w;
    node.total += w;
  }
  ++observations_;
}

double DelayModel::effective_count(const KeyPath& key, Instant now) const {
  std::string prefix;
  for (std::size_t level = 0; level < key.size(); ++level) {
    if (level > 0) prefix.push_back(kSep);
    prefix += key[level];
  }
  const auto it = nodes_.find(prefix);
  if (it == nodes_.end() || key.empty()) return 0.0;
  return it->second.total / relative_weight(now);
}

Distribution DelayModel::distribution(const KeyPath& key, Instant now) const {
  return distribution(key, now, prior_cdf_);
}

Distribution DelayModel::distribution(const KeyPath& key, Instant now, std::span<const double> prior_cdf) const {
  if (prior_cdf.size() != bins_) throw std::invalid_argument("DelayModel: the prior has the wrong number of bins");
  std::vector<double> cdf(prior_cdf.begin(), prior_cdf.end());
  const double scale = relative_weight(now);
  double n_used = 0.0;
  std::string prefix;
  for (std::size_t level = 0; level < key.size(); ++level) {
    if (level > 0) prefix.push_back(kSep);
    prefix += key[level];
    const auto it = nodes_.find(prefix);
    if (it == nodes_.end()) break;  // finer levels cannot exist either
    const Node& node = it->second;
    const double n = node.total / scale;
    if (!(node.total > 0.0)) break;
    const double a = n / (n + config_.smoothing);
    double cum = 0.0;
    for (std::size_t j = 0; j < bins_; ++j) {
      cum += node.weight[j];
      cdf[j] = a * (cum / node.total) + (1.0 - a) * cdf[j];
    }
    n_used = n;
  }
  return Distribution{std::move(cdf), config_.bin_days, n_used};
}

double DelayModel::quantile(const KeyPath& key, double q, Instant now) const {
  return distribution(key, now).quantile(q);
}

double DelayModel::probability_by(const KeyPath& key, double days, Instant now) const {
  return distribution(key, now).cdf(days);
}

}  // namespace forewarn::core::promise
