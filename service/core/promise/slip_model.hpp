// Carrier slip: how many of its own business days a carrier service has
// recently delivered later than its first estimate. Pure: built from values,
// with the day passed in.
//
// Why: in peak season a carrier's estimate at the first scan stays nominal
// while its network falls behind; it revises a parcel's estimate only the day
// before, too late for a warning that helps. The tenant's recent parcels show
// the slip days earlier, so forewarn applies it to the parcels whose estimate
// has not been revised yet and to the checkout's promises (risk/assess.hpp,
// core/checkout.hpp).
//
// One record is one parcel whose first estimate E is over at its destination
// (E < the destination's local today, which turns at 20:00, the end of the
// delivery window: slip_local_today) and at most window_days old. Its
// outcome is the delivery day when delivered, else the later of the current
// estimate and that local today (a parcel not delivered by its estimate is at
// least that late). A parcel whose estimated day is today, or still today
// somewhere in the Americas, is no record whatever it shows: of those only
// the early, the delivered and the rescheduled are known yet, and counting
// them alone is a biased sample (the rescheduled, counted alone on a thin
// morning, once made one carrier "two days late" and sent a burst of false
// delay apologies; the on-time ones, counted as on time before their day was
// over, once made Next Day Air "never late" two days before Christmas).
// Slip = the service's delivery days d with E < d <= outcome (0 when on time
// or early), capped at kMaxSlipDays. Records weigh 2^(-(today - E) / half_life_days); `prior`
// pseudo-observations of slip 0 keep a thin week honest. A service gets a
// slip once its records weigh min_weight or more; so does the carrier as a
// whole (key carrier_slip_key("UPS") = "carrier:ups", every service of it),
// which stands in for a service with too few parcels of its own: a peak
// season's backlog is the carrier network's, not one service's. For the same
// reason a service's slip is smoothed towards its carrier's: the carrier's
// distribution is its prior, worth service_smoothing parcels (a service's
// first few parcels, on time by luck, no longer outweigh the network's
// hundreds), and the carrier's trend is the service's.
//
// Trend: in the run-up to a peak the slip grows day by day, and the records
// (estimates already due) show it as it was, not as it will be for the
// parcels being promised and assessed now, whose estimates fall in the next
// days. So the slope of slip against the estimate's day is fitted for each
// carrier (weighted least squares on the same weights, shrunk towards 0 by a
// ridge and capped; the carrier's slope is its services' too), and every
// record's slip is moved along it to trend_horizon_days after today before
// the distribution is made: slip + slope * (horizon - (E - today)), split
// between the two whole days around it. A falling slip (after
// the peak) moves the other way, never below 0. ServiceSlip::trend_per_day
// reports the slope.
//
// Parcels that had a carrier exception are left out by the adapter (their
// lateness has its own cause, already in their own estimate).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/calendar/carrier_services.hpp"
#include "core/calendar/civil.hpp"
#include "core/eta/distribution.hpp"

namespace forewarn::core::promise {

inline constexpr int kMaxSlipDays = 30;

struct SlipConfig {
  int window_days = 7;          // records whose first estimate is at most this old
  double half_life_days = 2.0;  // recency weighting
  double prior = 2.0;           // pseudo-observations of slip 0
  double min_weight = 4.0;      // recency-weighted records a service needs
  // The trend (see "Trend" above): the horizon the slip is projected to, in
  // days after today; the ridge that shrinks the slope towards 0 (in weight x
  // days^2: a week of evenly spread records weighs a few hundred); and the
  // steepest slope believed, in slip days per day.
  double trend_horizon_days = 2.0;
  double trend_ridge = 20.0;
  double max_trend_per_day = 0.5;
  // A service's own parcels are weighed against its carrier's slip, worth
  // this many parcels (instead of `prior` on-time ones); 0: `prior` as for a
  // carrier.
  double service_smoothing = 4.0;
};

struct SlipRecord {
  std::string service_id;
  calendar::Day first_estimate;
  std::optional<calendar::Day> current_estimate;
  std::optional<calendar::Day> delivered;  // local day at the destination
  std::optional<calendar::Day> local_today;  // today at the destination; default: `today`
};

struct ServiceSlip {
  eta::DayDistribution slip;  // business days later than the first estimate
  int observations = 0;       // records behind it
  double weight = 0.0;        // the same, recency-weighted
  double trend_per_day = 0.0; // the fitted slope the slip was projected with
};

// The destination's "today" for a record (SlipRecord::local_today) at the
// local time `local_now`: its date, or the next day once the day's delivery
// window has ended (eta::kDeliveredByLocalTime, 20:00), when a parcel not
// delivered yet will not be delivered that day.
calendar::Day slip_local_today(date::local_seconds local_now);

// The slip of one record at `today`, or nullopt when its first estimate's day
// is not over yet at the destination (or older than the window).
std::optional<int> slip_days(const calendar::ServiceCalendar& cal, const SlipRecord& r, calendar::Day today,
                             const SlipConfig& config = {});

using ResolveService = std::function<std::optional<calendar::ServiceDefinition>(const std::string& service_id)>;

std::string carrier_slip_key(std::string_view carrier);

// Per service id and per carrier key; records of services `resolve` does not know are skipped.
std::map<std::string, ServiceSlip> build_slips(std::span<const SlipRecord> records, const ResolveService& resolve,
                                               calendar::Day today, const SlipConfig& config = {});

}  // namespace forewarn::core::promise
