// The learned transit model of one tenant: from its delivered shipments
// (imported history and, later, shipments forewarn tracked to delivery), an
// empirical distribution of transit in the service's business days, per
// service and lane, for the checkout. Pure: built from values with `now`
// passed in; immutable once built (the adapters swap whole models).
//
// Transit of one delivery: the service's first pickup day on or after the
// hand-over (shipped) day, then the number of the service's delivery days d
// with pickup < d <= delivered day (calendar::business_days_between); 0 when
// delivered on the pickup day; capped at eta::kMaxDistributionDays.
//
// Statistics: a DelayModel (delay_model.hpp) on a one-day grid with the key
// path carrier -> service -> lane, where "carrier" pools the carrier's
// services with the same nominal band ("UPS 1-5": UPS Ground and a tenant's
// service based on it, not UPS Next Day Air). Each level is smoothed towards
// the one above with `smoothing` pseudo-observations; above the carrier
// level is the service's nominal distribution (eta::DayDistribution::nominal
// of its band). Deliveries weigh 2^(-age / half_life) by their delivery time.
//
// Fallback at query time: lane (when the lane has deliveries) -> service
// (when the service has any) -> nothing: the caller uses the nominal.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "core/calendar/carrier_services.hpp"
#include "core/calendar/civil.hpp"
#include "core/eta/distribution.hpp"
#include "core/time.hpp"

namespace forewarn::core::promise {

struct TransitModelConfig {
  double half_life_days = 90.0;  // recency weighting of deliveries
  double smoothing = 10.0;       // pseudo-observations borrowed from the level above
};

// One delivered shipment, as the model learns it.
struct TransitRecord {
  std::string service_id;
  std::string lane;         // lane_key(origin zone, destination zone), core/destination.hpp
  calendar::Day shipped;    // the hand-over day (local date at the origin)
  calendar::Day delivered;  // the delivery day (local date at the destination)
  Instant delivered_at{};   // for recency
};

// Transit in business days of `cal`, as above.
int transit_business_days(const calendar::ServiceCalendar& cal, calendar::Day shipped, calendar::Day delivered);

// What the checkout gets for a service with deliveries.
struct LearnedTransit {
  eta::TransitDistribution transit;
  const char* level = "service";       // "lane" or "service"
  std::size_t observations = 0;        // deliveries behind that level
  double effective_observations = 0;   // the same, recency-weighted at build time
};

class TransitModel {
 public:
  // The service definition of an id (the tenant's first, then built-in), or
  // nullopt: records of unknown services are skipped.
  using Resolve = std::function<std::optional<calendar::ServiceDefinition>(const std::string& service_id)>;

  TransitModel() = default;
  static TransitModel build(std::span<const TransitRecord> records, const Resolve& resolve,
                            const TransitModelConfig& config, Instant now);

  // The learned transit of the service on the lane (lane level when the lane
  // has deliveries, else service level), or nullptr when the service has
  // none: the nominal applies.
  const LearnedTransit* find(const std::string& service_id, const std::string& lane) const;

  std::size_t records_used() const { return used_; }
  std::size_t records_skipped() const { return skipped_; }
  Instant built_at() const { return built_at_; }

 private:
  std::unordered_map<std::string, LearnedTransit> by_key_;  // "service" and "service\x1flane"
  std::size_t used_ = 0;
  std::size_t skipped_ = 0;
  Instant built_at_{};
};

}  // namespace forewarn::core::promise
