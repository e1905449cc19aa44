// Parcels that never arrive (core/promise/non_arrival.hpp): the tenant's rate
// smoothed towards the prior, each carrier's towards the tenant's.
#include <doctest/doctest.h>

#include <vector>

#include "core/promise/non_arrival.hpp"

using namespace forewarn::core::promise;

TEST_CASE("non-arrival: the tenant's rate is smoothed towards 1%, each carrier's towards the tenant's") {
  // UPS: 900 parcels, 45 failed (5%); DHL: 100 parcels, 0 failed.
  const std::vector<NonArrivalCount> counts = {{"UPS", 900, 45}, {"dhl", 100, 0}};
  const auto rates = non_arrival_rates(counts);
  REQUIRE(rates.size() == 3);
  // Tenant: (45 + 0.01 * 100) / (1000 + 100).
  const double tenant = 46.0 / 1100.0;
  CHECK(rates.at(kAllCarriers).rate == doctest::Approx(tenant));
  CHECK(rates.at(kAllCarriers).parcels == 1000);
  CHECK(rates.at(kAllCarriers).failed == 45);
  // UPS (the key lower-cased): (45 + 50 * tenant) / 950; DHL: (0 + 50 * tenant) / 150.
  CHECK(rates.at("ups").rate == doctest::Approx((45.0 + 50.0 * tenant) / 950.0));
  CHECK(rates.at("dhl").rate == doctest::Approx(50.0 * tenant / 150.0));
  CHECK(rates.at("dhl").rate > 0.0);
  CHECK(rates.at("dhl").rate < rates.at("ups").rate);

  REQUIRE(non_arrival_of(rates, "UPS") != nullptr);
  CHECK(non_arrival_of(rates, "UPS")->rate == rates.at("ups").rate);
  // A carrier without parcels takes the tenant's rate.
  REQUIRE(non_arrival_of(rates, "fedex") != nullptr);
  CHECK(non_arrival_of(rates, "fedex")->rate == doctest::Approx(tenant));
}

TEST_CASE("non-arrival: no parcels, no rate; nonsense counts are clamped; the rate is capped") {
  CHECK(non_arrival_rates({}).empty());
  CHECK(non_arrival_of({}, "ups") == nullptr);
  const std::vector<NonArrivalCount> empty = {{"ups", 0, 0}, {"", 10, 1}};
  CHECK(non_arrival_rates(empty).empty());

  // More failed than parcels counts as all failed; the rate stops at max_rate.
  const std::vector<NonArrivalCount> bad = {{"ups", 1000, 5000}};
  const auto rates = non_arrival_rates(bad);
  CHECK(rates.at("ups").failed == 1000);
  CHECK(rates.at("ups").rate == doctest::Approx(0.5));
  CHECK(rates.at(kAllCarriers).rate == doctest::Approx(0.5));

  // A young tenant: 10 parcels, none failed, stays near the prior.
  const std::vector<NonArrivalCount> young = {{"ups", 10, 0}};
  CHECK(non_arrival_rates(young).at(kAllCarriers).rate == doctest::Approx(1.0 / 110.0));
}
