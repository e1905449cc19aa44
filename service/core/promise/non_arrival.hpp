// Parcels that never arrive: how often a tenant's parcels of a carrier are
// lost, returned, stuck in a carrier exception or never handed over at all.
// Pure: built from counts.
//
// Why: the transit model (transit_model.hpp) and the carrier slip
// (slip_model.hpp) learn only from parcels that arrive, or at least move; a
// parcel lost, sent back or whose label is never scanned is in neither, so a
// checkout built on them alone states "99.7% by Christmas" where one parcel in
// twenty never comes. The checkout multiplies each deadline's probability by
// the carrier's arrival rate, 1 - rate (eta::ServiceOption::arrival).
//
// One count is one carrier's parcels registered between window_days and
// label_age_days ago (old enough for a label to have been scanned and a loss
// to show); failed = not delivered and either never scanned or now in a
// carrier exception (adapter: db/sql.hpp kNonArrivalCounts).
//
// Statistics: the tenant's rate over all carriers is smoothed towards
// prior_rate with prior_parcels pseudo-parcels; each carrier's is smoothed
// towards the tenant's with carrier_smoothing pseudo-parcels (a carrier with
// a handful of parcels takes the tenant's rate, one with thousands its own).
// No counts: no rates, and the checkout applies none.
#pragma once

#include <map>
#include <span>
#include <string>

namespace forewarn::core::promise {

struct NonArrivalConfig {
  int label_age_days = 7;        // parcels registered at least this long ago are judged...
  int window_days = 42;          // ... and at most this long ago
  double prior_rate = 0.01;      // what a tenant without parcels is taken to lose
  double prior_parcels = 100.0;  // the prior's weight, in parcels
  double carrier_smoothing = 50.0;
  double max_rate = 0.5;         // never believed above this: a promise always has some chance
};

struct NonArrivalCount {
  std::string carrier;  // as shipments.carrier: "ups"
  long parcels = 0;
  long failed = 0;
};

struct NonArrival {
  double rate = 0.0;  // in [0, max_rate]
  long parcels = 0;
  long failed = 0;
};

// The tenant's rate under kAllCarriers, and one per carrier with parcels.
inline constexpr const char* kAllCarriers = "";
std::map<std::string, NonArrival> non_arrival_rates(std::span<const NonArrivalCount> counts,
                                                    const NonArrivalConfig& config = {});

// The carrier's entry in `rates`, else the tenant's, else nullptr (no rate).
const NonArrival* non_arrival_of(const std::map<std::string, NonArrival>& rates, const std::string& carrier);

}  // namespace forewarn::core::promise
