#include "core/promise/non_arrival.hpp"

#include <algorithm>
#include <cctype>

namespace forewarn::core::promise {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

double smoothed(long failed, long parcels, double prior_rate, double prior_weight, double max_rate) {
  const double rate =
      (static_cast<double>(failed) + prior_rate * prior_weight) / (static_cast<double>(parcels) + prior_weight);
  return std::clamp(rate, 0.0, max_rate);
}

}  // namespace

std::map<std::string, NonArrival> non_arrival_rates(std::span<const NonArrivalCount> counts,
                                                    const NonArrivalConfig& config) {
  std::map<std::string, NonArrival> out;
  NonArrival all;
  std::map<std::string, NonArrival> by_carrier;
  for (const auto& c : counts) {
    if (c.parcels <= 0 || c.carrier.empty()) continue;
    const long failed = std::clamp(c.failed, 0L, c.parcels);
    NonArrival& n = by_carrier[lower(c.carrier)];
    n.parcels += c.parcels;
    n.failed += failed;
    all.parcels += c.parcels;
    all.failed += failed;
  }
  if (all.parcels == 0) return out;
  all.rate = smoothed(all.failed, all.parcels, config.prior_rate, config.prior_parcels, config.max_rate);
  for (auto& [carrier, n] : by_carrier) {
    n.rate = smoothed(n.failed, n.parcels, all.rate, config.carrier_smoothing, config.max_rate);
    out.emplace(carrier, n);
  }
  out.emplace(kAllCarriers, all);
  return out;
}

const NonArrival* non_arrival_of(const std::map<std::string, NonArrival>& rates, const std::string& carrier) {
  if (const auto it = rates.find(lower(carrier)); it != rates.end()) return &it->second;
  if (const auto it = rates.find(kAllCarriers); it != rates.end()) return &it->second;
  return nullptr;
}

}  // namespace forewarn::core::promise
