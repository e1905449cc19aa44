#include "core/eta/promise.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/eta/day_cache.hpp"

namespace forewarn::core::eta {
namespace {

namespace cal = calendar;
using cal::Day;
constexpr date::days kOneDay{1};
constexpr int kMaxScan = 3700;  // guard for day scans; see day_cache.cpp

void scan_guard(int& scanned) {
  if (++scanned > kMaxScan) throw std::invalid_argument("calendar has no usable day within ten years");
}

// The latest recipient-local day whose delivery-by time (20:00) is <= deadline.
Day last_delivery_day(Instant deadline, const date::time_zone* zone) {
  Day day = date::floor<date::days>(zone->to_local(deadline));
  if (zone->to_sys(day + kDeliveredByLocalTime, date::choose::earliest) > deadline) day -= kOneDay;
  return day;
}

double cumulative_at(const std::vector<DayProbability>& delivery, Day day) {
  double p = 0.0;
  for (const auto& d : delivery) {
    if (d.day > day) break;
    p = d.cumulative;
  }
  return p;
}

// Evaluates one input. Calendar answers for days on or after the order's
// hand-over day are memoized in small flag vectors (one for the warehouse,
// one for the current service), so the inner loops are array lookups.
class Engine {
 public:
  Engine(const PromiseInput& in, HolidayCache& cache, Day handover)
      : in_(in), cache_(cache), base_(handover) {
    warehouse_flags_.reserve(64);
    service_flags_.reserve(64);
  }

  ServicePromise run(const ServiceOption& s) {
    service_ = &s;
    service_flags_.clear();
    ServicePromise out;
    out.id = s.id;
    out.name = s.name;
    out.handover = base_;
    out.pickup = next_pickup(base_);
    out.confidence = in_.confidence;
    out.zone = in_.destination_zone;
    out.delivery.reserve(in_.handling.masses().size() * s.transit.masses().size());
    delivery_pmf(base_, out.delivery);
    out.earliest = out.delivery.front().day;
    out.latest = out.delivery.back().day;
    out.p50 = delivery_quantile(out.delivery, 0.50);
    out.p80 = delivery_quantile(out.delivery, 0.80);
    out.p95 = delivery_quantile(out.delivery, 0.95);
    out.deadlines.reserve(in_.deadlines.size());
    for (const auto& d : in_.deadlines) out.deadlines.push_back(outcome(d, out));
    return out;
  }

 private:
  static constexpr std::uint8_t kKnown = 1, kProcessing = 2, kPickup = 4, kDelivery = 8;
  static constexpr std::size_t kMaxMemo = 1024;  // days; beyond that, ask the cache directly

  DeadlineOutcome outcome(const Deadline& d, const ServicePromise& sp) {
    DeadlineOutcome o;
    o.name = d.name;
    o.deadline = d.at;
    o.last_delivery_day = last_delivery_day(d.at, in_.destination_zone);
    o.probability = service_->arrival * cumulative_at(sp.delivery, o.last_delivery_day);
    o.meets = o.probability >= in_.confidence;
    if (!o.meets) {
      o.order_by_passed = true;
      return o;
    }
    // Walk hand-over days back from the last one that could still deliver in
    // time; P(hand-over day) is non-increasing in the day and P(sp.handover)
    // meets, so the walk ends at sp.handover at the latest.
    Day h = o.last_delivery_day;
    int scanned = 0;
    while (!processing(h)) {
      h -= kOneDay;
      scan_guard(scanned);
    }
    for (;;) {
      if (h <= sp.handover) {
        h = sp.handover;
        break;
      }
      delivery_pmf(h, scratch_);
      if (service_->arrival * cumulative_at(scratch_, o.last_delivery_day) >= in_.confidence) break;
      do {
        h -= kOneDay;
        scan_guard(scanned);
      } while (!processing(h));
    }
    o.order_by_handover = h;
    o.order_by = latest_order_instant(in_.warehouse, h, cache_);
    return o;
  }

  // The delivery-day distribution for hand-over on `handover`, into `out`.
  void delivery_pmf(Day handover, std::vector<DayProbability>& out) {
    out.clear();
    const auto q = in_.handling.masses();
    const auto p = service_->transit.masses();
    const int k0 = service_->transit.min_days();
    const int kmax = service_->transit.max_days();
    Day ship = next_processing(handover, in_.handling.min_days());
    for (std::size_t i = 0; i < q.size(); ++i) {
      if (i > 0) ship = next_processing(ship, 1);
      if (q[i] <= 0.0) continue;
      const Day pickup = next_pickup(ship);
      Day cur = pickup;
      for (int k = 0; k <= kmax; ++k) {
        Day day;
        if (k == 0) {
          if (k0 > 0) continue;
          day = delivery(pickup) ? pickup : next_delivery_after(pickup);
        } else {
          cur = next_delivery_after(cur);
          day = cur;
        }
        if (k < k0) continue;
        const double m = q[i] * p[static_cast<std::size_t>(k - k0)];
        if (m > 0.0) out.push_back({day, m, 0.0});
      }
    }
    // Insertion sort (a handful of entries, no allocation), merge equal days.
    for (std::size_t i = 1; i < out.size(); ++i) {
      for (std::size_t j = i; j > 0 && out[j].day < out[j - 1].day; --j) std::swap(out[j], out[j - 1]);
    }
    std::size_t n = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (n > 0 && out[n - 1].day == out[i].day) {
        out[n - 1].probability += out[i].probability;
      } else {
        out[n++] = out[i];
      }
    }
    out.resize(n);
    double cum = 0.0;
    for (auto& d : out) {
      cum += d.probability;
      d.cumulative = cum < 1.0 ? cum : 1.0;
    }
    if (!out.empty()) out.back().cumulative = 1.0;
  }

  // Memoized calendar answers for `day` (0 when day is outside the memo).
  std::uint8_t memo(std::vector<std::uint8_t>& flags, Day day, bool warehouse) {
    if (day < base_) return 0;
    const auto i = static_cast<std::size_t>((day - base_).count());
    if (i >= kMaxMemo) return 0;
    while (flags.size() <= i) {
      const Day d = base_ + date::days{static_cast<int>(flags.size())};
      std::uint8_t f = kKnown;
      if (warehouse) {
        if (is_processing_day(in_.warehouse, d, cache_)) f |= kProcessing;
      } else {
        if (is_pickup_day(service_->calendar, d, cache_)) f |= kPickup;
        if (is_delivery_day(service_->calendar, d, cache_)) f |= kDelivery;
      }
      flags.push_back(f);
    }
    return flags[i];
  }
  bool processing(Day d) {
    const std::uint8_t f = memo(warehouse_flags_, d, true);
    return f ? (f & kProcessing) != 0 : is_processing_day(in_.warehouse, d, cache_);
  }
  bool pickup(Day d) {
    const std::uint8_t f = memo(service_flags_, d, false);
    return f ? (f & kPickup) != 0 : is_pickup_day(service_->calendar, d, cache_);
  }
  bool delivery(Day d) {
    const std::uint8_t f = memo(service_flags_, d, false);
    return f ? (f & kDelivery) != 0 : is_delivery_day(service_->calendar, d, cache_);
  }

  // `n` processing days after `day` (n >= 0; n = 0 is `day` itself).
  Day next_processing(Day day, int n) {
    int scanned = 0;
    for (int left = n; left > 0;) {
      day += kOneDay;
      scan_guard(scanned);
      if (processing(day)) --left;
    }
    return day;
  }

  Day next_pickup(Day day) {
    int scanned = 0;
    while (!pickup(day)) {
      day += kOneDay;
      scan_guard(scanned);
    }
    return day;
  }

  Day next_delivery_after(Day day) {
    int scanned = 0;
    do {
      day += kOneDay;
      scan_guard(scanned);
    } while (!delivery(day));
    return day;
  }

  const PromiseInput& in_;
  HolidayCache& cache_;
  const Day base_;  // the order's hand-over day: no day before it is ever evaluated
  const ServiceOption* service_ = nullptr;
  std::vector<std::uint8_t> warehouse_flags_;
  std::vector<std::uint8_t> service_flags_;
  std::vector<DayProbability> scratch_;
};

void validate_input(const PromiseInput& in) {
  if (in.destination_zone == nullptr) throw std::invalid_argument("PromiseInput: no destination time zone");
  if (!(in.confidence > 0.0 && in.confidence <= 1.0)) {
    throw std::invalid_argument("PromiseInput: confidence must be in (0, 1]");
  }
  if (auto problem = cal::validate(in.warehouse)) throw std::invalid_argument("PromiseInput: " + *problem);
  for (const auto& s : in.services) {
    if (s.calendar.pickup_days.empty() || s.calendar.delivery_days.empty()) {
      throw std::invalid_argument("PromiseInput: service '" + s.id + "' has no pickup or delivery weekday");
    }
    if (!(s.arrival > 0.0 && s.arrival <= 1.0)) {
      throw std::invalid_argument("PromiseInput: service '" + s.id + "' has an arrival probability outside (0, 1]");
    }
  }
}

}  // namespace

ServiceOption nominal_option(const cal::CarrierService& service, const NominalShape& shape) {
  return learned_option(service, DayDistribution::nominal(service.min_transit_days, service.max_transit_days, shape));
}

ServiceOption learned_option(const cal::CarrierService& service, TransitDistribution transit) {
  return ServiceOption{std::string(service.id), std::string(service.name), cal::service_calendar(service),
                       std::move(transit)};
}

ServiceOption nominal_option(const cal::ServiceDefinition& service, const NominalShape& shape) {
  return learned_option(service, DayDistribution::nominal(service.min_transit_days, service.max_transit_days, shape));
}

ServiceOption learned_option(const cal::ServiceDefinition& service, TransitDistribution transit) {
  return ServiceOption{service.id, service.name, service.calendar, std::move(transit)};
}

Day delivery_quantile(const std::vector<DayProbability>& delivery, double q) {
  if (delivery.empty()) throw std::invalid_argument("delivery_quantile: empty distribution");
  for (const auto& d : delivery) {
    if (d.cumulative >= q) return d.day;
  }
  return delivery.back().day;
}

Promise compute_promise(const PromiseInput& input) {
  validate_input(input);
  HolidayCache& cache = thread_holiday_cache();
  Promise out;
  out.order_instant = input.order_instant;
  if (input.services.empty()) return out;
  const Day handover = handover_day(input.warehouse, input.order_instant, cache);
  Engine engine(input, cache, handover);
  out.services.reserve(input.services.size());
  for (const auto& s : input.services) out.services.push_back(engine.run(s));
  return out;
}

}  // namespace forewarn::core::eta
