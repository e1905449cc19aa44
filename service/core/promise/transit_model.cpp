#include "core/promise/transit_model.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "core/calendar/service_calendar.hpp"
#include "core/promise/delay_model.hpp"

namespace forewarn::core::promise {

namespace {

constexpr char kSep = '\x1f';
// Mass below this is dropped when a learned CDF becomes a day distribution
// (floating-point dust would otherwise stretch the support).
constexpr double kDust = 1e-12;

// The carrier level: the carrier's services with the same nominal band.
std::string band_key(const calendar::ServiceDefinition& d) {
  return d.carrier + " " + std::to_string(d.min_transit_days) + "-" + std::to_string(d.max_transit_days);
}

// On the model's one-day grid, P(T <= j) is the CDF at the edge j + 1 (an
// observation of j days falls in the bin [j, j + 1)).
eta::TransitDistribution to_transit(const Distribution& d) {
  std::vector<std::pair<int, double>> weights;
  double previous = 0.0;
  for (int j = 0; j <= eta::kMaxDistributionDays; ++j) {
    const double c = d.cdf(static_cast<double>(j) + 1.0);
    if (c - previous > kDust) weights.emplace_back(j, c - previous);
    previous = std::max(previous, c);
  }
  return eta::DayDistribution::from_weights(weights);
}

}  // namespace

int transit_business_days(const calendar::ServiceCalendar& cal, calendar::Day shipped, calendar::Day delivered) {
  const calendar::Day pickup = calendar::next_pickup_day(cal, shipped);
  if (delivered <= pickup) return 0;
  // Beyond the longest distribution there is nothing to count exactly.
  if (delivered - pickup > date::days{3 * eta::kMaxDistributionDays}) return eta::kMaxDistributionDays;
  return std::min(calendar::business_days_between(cal, pickup, delivered), eta::kMaxDistributionDays);
}

TransitModel TransitModel::build(std::span<const TransitRecord> records, const Resolve& resolve,
                                 const TransitModelConfig& config, Instant now) {
  TransitModel m;
  m.built_at_ = now;
  ModelConfig grid;
  grid.bin_days = 1.0;
  grid.max_days = static_cast<double>(eta::kMaxDistributionDays) + 1.0;
  grid.half_life_days = config.half_life_days;
  grid.smoothing = config.smoothing;
  DelayModel model(grid);

  struct Seen {
    calendar::ServiceDefinition definition;
    std::size_t count = 0;
    std::map<std::string, std::size_t> lanes;
  };
  std::map<std::string, Seen> seen;
  std::map<std::string, std::optional<calendar::ServiceDefinition>> definitions;  // resolve each id once
  for (const auto& r : records) {
    auto it = definitions.find(r.service_id);
    if (it == definitions.end()) it = definitions.emplace(r.service_id, resolve(r.service_id)).first;
    if (!it->second) {
      ++m.skipped_;
      continue;
    }
    const auto& def = *it->second;
    const int days = transit_business_days(def.calendar, r.shipped, r.delivered);
    model.add({band_key(def), r.service_id, r.lane}, static_cast<double>(days), r.delivered_at);
    Seen& s = seen[r.service_id];
    if (s.count == 0) s.definition = def;
    ++s.count;
    ++s.lanes[r.lane];
    ++m.used_;
  }

  std::vector<double> prior(model.bins());
  for (auto& [id, s] : seen) {
    const auto nominal = eta::DayDistribution::nominal(s.definition.min_transit_days, s.definition.max_transit_days);
    for (std::size_t j = 0; j < prior.size(); ++j) prior[j] = nominal.cdf(static_cast<int>(j));
    const std::string band = band_key(s.definition);
    const Distribution service = model.distribution({band, id}, now, prior);
    m.by_key_[id] = LearnedTransit{to_transit(service), "service", s.count, service.effective_count()};
    for (const auto& [lane, n] : s.lanes) {
      const Distribution on_lane = model.distribution({band, id, lane}, now, prior);
      m.by_key_[id + kSep + lane] = LearnedTransit{to_transit(on_lane), "lane", n, on_lane.effective_count()};
    }
  }
  return m;
}

const LearnedTransit* TransitModel::find(const std::string& service_id, const std::string& lane) const {
  std::string key = service_id;
  key += kSep;
  key += lane;
  if (auto it = by_key_.find(key); it != by_key_.end()) return &it->second;
  if (auto it = by_key_.find(service_id); it != by_key_.end()) return &it->second;
  return nullptr;
}

}  // namespace forewarn::core::promise
