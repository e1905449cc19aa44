// The learned transit model: business days counted on the service calendar,
// lane -> service -> nominal fallback, smoothing and recency weighting.
#include <doctest/doctest.h>

#include "core/calendar/carrier_services.hpp"
#include "core/promise/transit_model.hpp"

namespace promise = forewarn::core::promise;
namespace cal = forewarn::core::calendar;
using forewarn::Instant;

namespace {

std::optional<cal::ServiceDefinition> builtin(const std::string& id) {
  if (const auto* s = cal::find_carrier_service(id)) return cal::definition_of(*s);
  return std::nullopt;
}

Instant at(cal::Day d) { return Instant{std::chrono::duration_cast<forewarn::Duration>((d + std::chrono::hours{18}).time_since_epoch())}; }

// `weeks` Tuesdays from 15 Sep 2026, each delivered the next Tuesday: five
// UPS business days (no core-six holiday in between), `per_week` parcels each.
std::vector<promise::TransitRecord> five_day_history(const std::string& lane, int weeks, int per_week) {
  std::vector<promise::TransitRecord> out;
  for (int w = 0; w < weeks; ++w) {
    const cal::Day shipped = cal::make_day(2026, 9, 15) + date::days{7 * w};
    const cal::Day delivered = shipped + date::days{7};
    for (int i = 0; i < per_week; ++i) out.push_back({"ups-ground", lane, shipped, delivered, at(delivered)});
  }
  return out;
}

}  // namespace

TEST_CASE("transit model: business days between pickup and delivery on the service calendar") {
  const auto ground = cal::service_calendar(*cal::find_carrier_service("ups-ground"));
  CHECK(promise::transit_business_days(ground, cal::make_day(2026, 9, 15), cal::make_day(2026, 9, 22)) == 5);
  // Handed over on a Saturday: picked up on Monday.
  CHECK(promise::transit_business_days(ground, cal::make_day(2026, 9, 19), cal::make_day(2026, 9, 22)) == 1);
  CHECK(promise::transit_business_days(ground, cal::make_day(2026, 9, 15), cal::make_day(2026, 9, 15)) == 0);
  // Thanksgiving (26 Nov 2026) is no business day; the Friday after is.
  CHECK(promise::transit_business_days(ground, cal::make_day(2026, 11, 25), cal::make_day(2026, 11, 30)) == 2);
  // Delivered on a Saturday: counted as the Friday.
  CHECK(promise::transit_business_days(ground, cal::make_day(2026, 9, 15), cal::make_day(2026, 9, 19)) == 3);
}

TEST_CASE("transit model: a lane that always takes five days learns five; other lanes fall back to the service") {
  auto records = five_day_history("US-100>US-100", 10, 3);
  records.push_back({"gone-service", "US-100>US-100", cal::make_day(2026, 9, 15), cal::make_day(2026, 9, 16),
                     at(cal::make_day(2026, 9, 16))});
  const Instant now = at(cal::make_day(2026, 12, 1));
  const auto model = promise::TransitModel::build(records, builtin, {}, now);
  CHECK(model.records_used() == 30);
  CHECK(model.records_skipped() == 1);
  CHECK(model.built_at() == now);

  const auto* lane = model.find("ups-ground", "US-100>US-100");
  REQUIRE(lane);
  CHECK(std::string(lane->level) == "lane");
  CHECK(lane->observations == 30);
  CHECK(lane->effective_observations < 30.0);  // older deliveries weigh less
  CHECK(lane->effective_observations > 15.0);
  CHECK(lane->transit.cdf(4) < 0.1);
  CHECK(lane->transit.probability(5) > 0.9);

  const auto* other = model.find("ups-ground", "US-100>US-941");
  REQUIRE(other);
  CHECK(std::string(other->level) == "service");
  CHECK(other->observations == 30);
  CHECK(other->transit.cdf(4) < 0.2);
  CHECK(other->transit.cdf(4) > lane->transit.cdf(4));  // one level more of the nominal

  CHECK(model.find("ups-2nd-day-air", "US-100>US-100") == nullptr);  // no data: the caller's nominal
}

TEST_CASE("transit model: thin data leans on the nominal; old data counts less") {
  const auto thin = promise::TransitModel::build(five_day_history("L", 1, 1), builtin, {}, at(cal::make_day(2026, 9, 22)));
  const auto* t = thin.find("ups-ground", "L");
  REQUIRE(t);
  CHECK(t->observations == 1);
  CHECK(t->transit.cdf(2) > 0.35);  // the nominal 1-5 band's mode is day 2
  CHECK(t->transit.probability(5) > 0.2);  // and yet the one delivery shows

  promise::TransitModelConfig half_life;
  half_life.half_life_days = 30.0;
  const auto recent = promise::TransitModel::build(five_day_history("L", 1, 8), builtin, half_life,
                                                   at(cal::make_day(2026, 9, 22)));
  const auto old = promise::TransitModel::build(five_day_history("L", 1, 8), builtin, half_life,
                                                at(cal::make_day(2026, 11, 21)));  // 60 days later: 1/4
  CHECK(recent.find("ups-ground", "L")->effective_observations == doctest::Approx(8.0));
  CHECK(old.find("ups-ground", "L")->effective_observations == doctest::Approx(2.0));
  CHECK(old.find("ups-ground", "L")->transit.probability(5) < recent.find("ups-ground", "L")->transit.probability(5));
}
