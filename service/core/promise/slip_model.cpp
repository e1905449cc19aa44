#include "core/promise/slip_model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>
#include <vector>

#include "core/calendar/service_calendar.hpp"

namespace forewarn::core::promise {

std::optional<int> slip_days(const calendar::ServiceCalendar& cal, const SlipRecord& r, calendar::Day today,
                             const SlipConfig& config) {
  const calendar::Day first = r.first_estimate;
  if (first > today || today - first > date::days{config.window_days}) return std::nullopt;
  calendar::Day outcome = first;
  if (r.delivered) {
    outcome = *r.delivered;
  } else {
    outcome = std::max(r.current_estimate.value_or(first), first);
    if (today > outcome) outcome = today;  // not delivered by its estimate: at least this late
  }
  if (outcome <= first) return 0;
  if (outcome - first > date::days{3 * kMaxSlipDays}) return kMaxSlipDays;
  return std::clamp(calendar::business_days_between(cal, first, outcome), 0, kMaxSlipDays);
}

std::string carrier_slip_key(std::string_view carrier) {
  std::string key = "carrier:";
  for (char c : carrier) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

std::map<std::string, ServiceSlip> build_slips(std::span<const SlipRecord> records, const ResolveService& resolve,
                                               calendar::Day today, const SlipConfig& config) {
  struct Acc {
    std::vector<std::pair<int, double>> weights;
    int observations = 0;
    double weight = 0.0;
  };
  std::map<std::string, std::optional<calendar::ServiceDefinition>> services;
  std::map<std::string, Acc> acc;
  for (const auto& r : records) {
    auto [it, fresh] = services.try_emplace(r.service_id);
    if (fresh) it->second = resolve(r.service_id);
    if (!it->second) continue;
    const auto slip = slip_days(it->second->calendar, r, today, config);
    if (!slip) continue;
    const double age = static_cast<double>((today - r.first_estimate).count());
    const double w = std::exp2(-age / std::max(config.half_life_days, 1e-3));
    for (const std::string& key : {r.service_id, carrier_slip_key(it->second->carrier)}) {
      Acc& a = acc[key];
      a.weights.emplace_back(*slip, w);
      ++a.observations;
      a.weight += w;
    }
  }
  std::map<std::string, ServiceSlip> out;
  for (auto& [id, a] : acc) {
    if (a.weight < config.min_weight) continue;
    if (config.prior > 0) a.weights.emplace_back(0, config.prior);
    out.emplace(id, ServiceSlip{eta::DayDistribution::from_weights(a.weights), a.observations, a.weight});
  }
  return out;
}

}  // namespace forewarn::core::promise
