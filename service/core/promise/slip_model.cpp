#include "core/promise/slip_model.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <utility>
#include <vector>

#include "core/calendar/service_calendar.hpp"
#include "core/eta/promise.hpp"

namespace forewarn::core::promise {

calendar::Day slip_local_today(date::local_seconds local_now) {
  return date::floor<date::days>(local_now + (std::chrono::hours{24} - eta::kDeliveredByLocalTime));
}

std::optional<int> slip_days(const calendar::ServiceCalendar& cal, const SlipRecord& r, calendar::Day today,
                             const SlipConfig& config) {
  const calendar::Day first = r.first_estimate;
  const calendar::Day local_today = r.local_today.value_or(today);
  // Its day not over at the destination: whatever it shows, no record (see the header).
  if (first >= local_today || today - first > date::days{config.window_days}) return std::nullopt;
  calendar::Day outcome = first;
  if (r.delivered) {
    outcome = *r.delivered;
  } else {
    // Not delivered by its estimate: at least as late as today, there.
    outcome = std::max({r.current_estimate.value_or(first), first, local_today});
  }
  if (outcome <= first) return 0;
  if (outcome - first > date::days{3 * kMaxSlipDays}) return kMaxSlipDays;
  return std::clamp(calendar::business_days_between(cal, first, outcome), 0, kMaxSlipDays);
}

namespace {

// One record for the fit: its estimate's day relative to today (<= 0), its slip, its weight.
struct Point {
  double day = 0, slip = 0, weight = 0;
};

// Weighted least squares slope of slip against day, ridge-shrunk towards 0 and capped.
double fitted_trend(const std::vector<Point>& points, const SlipConfig& config) {
  double sw = 0, sx = 0, sy = 0;
  for (const Point& p : points) {
    sw += p.weight;
    sx += p.weight * p.day;
    sy += p.weight * p.slip;
  }
  if (sw <= 0) return 0.0;
  const double mx = sx / sw, my = sy / sw;
  double sxx = 0, sxy = 0;
  for (const Point& p : points) {
    sxx += p.weight * (p.day - mx) * (p.day - mx);
    sxy += p.weight * (p.day - mx) * (p.slip - my);
  }
  const double slope = sxy / (sxx + std::max(config.trend_ridge, 1e-9));
  return std::clamp(slope, -config.max_trend_per_day, config.max_trend_per_day);
}

// The records' slips moved along the slope to the horizon, each split
// between the two whole days around it, as weights of a distribution.
std::vector<std::pair<int, double>> projected(const std::vector<Point>& points, double slope, const SlipConfig& config) {
  std::vector<std::pair<int, double>> weights;
  for (const Point& p : points) {
    const double at = std::clamp(p.slip + slope * (config.trend_horizon_days - p.day), 0.0,
                                 static_cast<double>(kMaxSlipDays));
    const double lower = std::floor(at);
    const double upper_share = at - lower;
    weights.emplace_back(static_cast<int>(lower), p.weight * (1.0 - upper_share));
    if (upper_share > 0) weights.emplace_back(static_cast<int>(lower) + 1, p.weight * upper_share);
  }
  return weights;
}

}  // namespace

std::string carrier_slip_key(std::string_view carrier) {
  std::string key = "carrier:";
  for (char c : carrier) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

std::map<std::string, ServiceSlip> build_slips(std::span<const SlipRecord> records, const ResolveService& resolve,
                                               calendar::Day today, const SlipConfig& config) {
  struct Acc {
    std::string carrier;  // the carrier's key; the carrier's own entry has id == carrier
    std::vector<Point> points;
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
    const std::string carrier = carrier_slip_key(it->second->carrier);
    for (const std::string& key : {r.service_id, carrier}) {
      Acc& a = acc[key];
      a.carrier = carrier;
      a.points.push_back({-age, static_cast<double>(*slip), w});
      ++a.observations;
      a.weight += w;
    }
  }
  // The carriers first: their slope is every one of their services' slope,
  // and their distribution the prior a service's own parcels are weighed
  // against (see the header).
  std::map<std::string, ServiceSlip> out;
  for (const bool carriers : {true, false}) {
    for (const auto& [id, a] : acc) {
      if ((id == a.carrier) != carriers || a.weight < config.min_weight) continue;
      const auto carrier_it = carriers ? out.end() : out.find(a.carrier);
      const ServiceSlip* carrier = carrier_it == out.end() ? nullptr : &carrier_it->second;
      const double slope = carriers ? fitted_trend(a.points, config) : carrier ? carrier->trend_per_day : 0.0;
      auto weights = projected(a.points, slope, config);
      if (carrier && config.service_smoothing > 0) {
        for (int d = carrier->slip.min_days(); d <= carrier->slip.max_days(); ++d)
          if (const double p = carrier->slip.probability(d); p > 0) weights.emplace_back(d, p * config.service_smoothing);
      } else if (config.prior > 0) {
        weights.emplace_back(0, config.prior);
      }
      out.emplace(id, ServiceSlip{eta::DayDistribution::from_weights(weights), a.observations, a.weight, slope});
    }
  }
  return out;
}

}  // namespace forewarn::core::promise
