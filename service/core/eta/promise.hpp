// The promise (ETA) engine: warehouse handling and carrier transit combined on
// their calendars into a distribution of the delivery date in the recipient's
// time zone, its quantiles, P(delivered by each deadline), and the latest
// order instant that still makes each deadline with the configured confidence.
// Pure: the order instant is an argument, time zones come from date/tz.
//
// The model, step by step:
// 1. Hand-over: calendar::handover_day(warehouse, order_instant) (cutoff,
//    processing days, closures, holidays, backlog), then `handling` extra
//    processing days (a distribution; default none).
// 2. Pickup: the service's first pickup day on or after the hand-over day
//    (civil dates: the hand-over day is the warehouse's local date and the
//    carrier picks up at the warehouse).
// 3. Transit: delivered on business day k after pickup, k ~ the service's
//    TransitDistribution, counted with calendar::add_business_days (the
//    service's delivery weekdays; its holidays and closures are skipped). The
//    resulting civil date is read as the recipient's local date: carriers
//    quote transit in local calendar days at each end of the lane.
// 4. Deadlines: a parcel is taken to arrive by 20:00 recipient-local time on
//    its delivery day (carriers' residential delivery windows end around
//    then). It counts as delivered by a deadline when that 20:00 instant is
//    <= the deadline instant; e.g. the end of 24 Dec (23:59:59) counts 24 Dec,
//    a deadline of 24 Dec 12:00 only counts days up to 23 Dec.
// 5. Quantiles: the first delivery day whose CDF is >= q.
// 6. Order-by: the last instant at which an order still gets P(by deadline)
//    >= confidence. P only falls as the hand-over day moves later, so the
//    engine walks hand-over (processing) days backwards from the last day
//    that could still deliver in time and takes the first one that makes it;
//    the answer is the last order instant handed over on or before that day
//    (one millisecond before a cutoff). Ordering then gives P >= confidence;
//    one millisecond later gives P < confidence. When ordering right now
//    already fails, there is no such instant in the future: order_by is
//    nullopt and order_by_passed is true.
//
// Probabilities are computed in double and compared with `>=` without any
// tolerance, so "meets" is never true for a probability below confidence.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/calendar/carrier_services.hpp"
#include "core/calendar/civil.hpp"
#include "core/calendar/service_calendar.hpp"
#include "core/calendar/warehouse.hpp"
#include "core/eta/distribution.hpp"
#include "core/time.hpp"

namespace forewarn::core::eta {

// Local time of day by which a parcel is assumed delivered on its day.
inline constexpr std::chrono::hours kDeliveredByLocalTime{20};

// One way to ship: its calendar and its transit-time distribution.
struct ServiceOption {
  std::string id;    // e.g. "ups-ground"
  std::string name;  // shown to shoppers, e.g. "UPS Ground"
  calendar::ServiceCalendar calendar;
  TransitDistribution transit;  // of a parcel that arrives
  // The probability that the parcel arrives at all (not lost, returned or
  // never handed to the carrier; promise/non_arrival.hpp), in (0, 1]. The
  // delivery distribution and its quantiles are of a parcel that arrives; a
  // deadline's probability, `meets` and order-by are multiplied by it.
  double arrival = 1.0;
};

// A carrier-table service with the nominal fallback distribution of its band
// (see NominalShape), or with a learned distribution.
ServiceOption nominal_option(const calendar::CarrierService& service, const NominalShape& shape = {});
ServiceOption learned_option(const calendar::CarrierService& service, TransitDistribution transit);
// The same for any service definition (built-in or a tenant's own).
ServiceOption nominal_option(const calendar::ServiceDefinition& service, const NominalShape& shape = {});
ServiceOption learned_option(const calendar::ServiceDefinition& service, TransitDistribution transit);

struct Deadline {
  std::string name;  // "Christmas", "Mother's Day", "Anna's birthday"
  Instant at;        // e.g. from calendar::next_occurrence
};

struct PromiseInput {
  Instant order_instant{};
  calendar::WarehouseCalendar warehouse;
  HandlingDelay handling;  // extra processing days; default: none
  std::vector<ServiceOption> services;
  const date::time_zone* destination_zone = nullptr;  // the recipient's zone
  std::vector<Deadline> deadlines;
  double confidence = 0.9;  // in (0, 1]
};

struct DayProbability {
  calendar::Day day;  // recipient-local date
  double probability = 0.0;
  double cumulative = 0.0;  // P(delivered on or before `day`); 1 exactly on the last day
};

struct DeadlineOutcome {
  std::string name;
  Instant deadline{};
  calendar::Day last_delivery_day;  // the latest local day whose 20:00 is <= deadline
  double probability = 0.0;         // P(delivered on or before last_delivery_day), arrival included
  bool meets = false;               // probability >= confidence
  // The latest order instant that still gives P >= confidence, or nullopt
  // when ordering at order_instant already does not (order_by_passed).
  std::optional<Instant> order_by;
  bool order_by_passed = false;
  // The hand-over day that order_by reaches (when order_by is set).
  std::optional<calendar::Day> order_by_handover;
};

struct ServicePromise {
  std::string id;
  std::string name;
  calendar::Day handover;  // the warehouse calendar's day (before extra handling delay)
  calendar::Day pickup;    // first pickup day on or after `handover`
  std::vector<DayProbability> delivery;  // by day, probability > 0, recipient-local
  calendar::Day earliest;  // first day with probability > 0
  calendar::Day p50;
  calendar::Day p80;
  calendar::Day p95;
  calendar::Day latest;    // last day with probability > 0
  std::vector<DeadlineOutcome> deadlines;  // in the input's order
  double confidence = 0.9;
  const date::time_zone* zone = nullptr;   // the recipient's zone
};

struct Promise {
  Instant order_instant{};
  std::vector<ServicePromise> services;  // in the input's order
};

// Throws std::invalid_argument for a null destination zone, a confidence
// outside (0, 1], an invalid warehouse calendar (calendar::validate) or a
// service without pickup or delivery weekdays.
Promise compute_promise(const PromiseInput& input);

// The first day of `delivery` whose cumulative probability is >= q (q in
// (0, 1]); the last day for q beyond the mass. `delivery` must not be empty.
calendar::Day delivery_quantile(const std::vector<DayProbability>& delivery, double q);

}  // namespace forewarn::core::eta
