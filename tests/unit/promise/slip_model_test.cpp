// The carrier slip: business days after the carrier's first estimate, the
// window, overdue parcels, recency weighting, the prior and the minimum weight.
#include <chrono>
#include <cmath>

#include <doctest/doctest.h>

#include "core/calendar/carrier_services.hpp"
#include "core/promise/slip_model.hpp"

namespace promise = forewarn::core::promise;
namespace cal = forewarn::core::calendar;
namespace eta = forewarn::core::eta;

namespace {

std::optional<cal::ServiceDefinition> builtin(const std::string& id) {
  if (const auto* s = cal::find_carrier_service(id)) return cal::definition_of(*s);
  return std::nullopt;
}

cal::Day d(unsigned month, unsigned day) { return cal::make_day(2026, month, day); }

promise::SlipRecord rec(cal::Day first, std::optional<cal::Day> current, std::optional<cal::Day> delivered,
                        std::string service = "ups-2nd-day-air") {
  return {std::move(service), first, current, delivered, std::nullopt};
}

// A parcel due on `due` that the carrier rescheduled `slip` delivery days
// later, delivered then when that day is past.
promise::SlipRecord rescheduled(const cal::ServiceCalendar& c, cal::Day due, int slip, cal::Day today) {
  const cal::Day day = cal::add_business_days(c, due, slip);
  return rec(due, day, day <= today ? std::optional<cal::Day>{day} : std::nullopt);
}

// `per_day` parcels due on each delivery day first_age..last_age days before today, each
// rescheduled by slip_at(age) delivery days.
template <typename SlipAt>
void add_days(std::vector<promise::SlipRecord>& out, const cal::ServiceCalendar& c, cal::Day today, int first_age,
              int last_age, int per_day, SlipAt slip_at) {
  for (int age = first_age; age <= last_age; ++age) {
    const cal::Day due = today - date::days{age};
    if (!cal::is_delivery_day(c, due)) continue;
    for (int i = 0; i < per_day; ++i) out.push_back(rescheduled(c, due, slip_at(age), today));
  }
}

double mean(const eta::DayDistribution& x) {
  double m = 0;
  for (int k = x.min_days(); k <= x.max_days(); ++k) m += k * x.probability(k);
  return m;
}

}  // namespace

TEST_CASE("slip: business days after the first estimate, overdue parcels at least until today") {
  const auto ups = cal::service_calendar(*cal::find_carrier_service("ups-2nd-day-air"));
  const cal::Day today = d(12, 10);  // Thursday
  // Delivered two delivery days after its estimate.
  CHECK(promise::slip_days(ups, rec(d(12, 8), d(12, 8), d(12, 10)), today) == 2);
  // On time, and early: no slip.
  CHECK(promise::slip_days(ups, rec(d(12, 9), d(12, 9), d(12, 9)), today) == 0);
  CHECK(promise::slip_days(ups, rec(d(12, 9), d(12, 9), d(12, 8)), today) == 0);
  // Not delivered on its estimated day (yesterday): at least one day late.
  CHECK(promise::slip_days(ups, rec(d(12, 9), d(12, 9), std::nullopt), today) == 1);
  // Due today: no record, whether not delivered yet (it used to count as on
  // time, and a service's first parcels showed no slip at all), delivered or
  // rescheduled already (counted alone, the rescheduled made a thin morning
  // look days late).
  CHECK_FALSE(promise::slip_days(ups, rec(d(12, 10), d(12, 10), std::nullopt), today));
  CHECK_FALSE(promise::slip_days(ups, rec(d(12, 10), d(12, 10), d(12, 10)), today));
  CHECK_FALSE(promise::slip_days(ups, rec(d(12, 10), d(12, 11), std::nullopt), today));
  // Due yesterday, still yesterday at the destination (UTC's today is the
  // evening before in Los Angeles): no record either; a day later, one day late.
  promise::SlipRecord west = rec(d(12, 9), d(12, 9), std::nullopt);
  west.local_today = d(12, 9);
  CHECK_FALSE(promise::slip_days(ups, west, today));
  west.local_today = d(12, 10);
  CHECK(promise::slip_days(ups, west, today) == 1);
  // The destination's day turns at 20:00, when its deliveries are over.
  const auto at = [](cal::Day day, int hour, int minute) {
    return date::local_seconds{day} + std::chrono::hours{hour} + std::chrono::minutes{minute};
  };
  CHECK(promise::slip_local_today(date::local_seconds{d(12, 9)}) == d(12, 9));
  CHECK(promise::slip_local_today(at(d(12, 9), 19, 59)) == d(12, 9));
  CHECK(promise::slip_local_today(at(d(12, 9), 20, 0)) == d(12, 10));
  CHECK(promise::slip_local_today(at(d(12, 9), 23, 59)) == d(12, 10));
  // Revised by the carrier from Wednesday to Monday: the weekend does not count.
  CHECK(promise::slip_days(ups, rec(d(12, 9), d(12, 14), std::nullopt), today) == 3);
  // Revised, no estimate any more, not delivered: until today.
  CHECK(promise::slip_days(ups, rec(d(12, 8), std::nullopt, std::nullopt), today) == 2);
  // Not due yet, or older than the window: no record.
  CHECK_FALSE(promise::slip_days(ups, rec(d(12, 11), d(12, 11), std::nullopt), today));
  CHECK_FALSE(promise::slip_days(ups, rec(d(12, 2), d(12, 2), d(12, 4)), today));
  CHECK(promise::slip_days(ups, rec(d(12, 3), d(12, 3), d(12, 4)), today) == 1);  // exactly 7 days old
}

TEST_CASE("slip: per service, recency-weighted, with a prior of on-time parcels and a minimum weight") {
  const cal::Day today = d(12, 22);  // Tuesday
  std::vector<promise::SlipRecord> records;
  // Eight parcels due yesterday, two days late so far by their revised
  // estimates: they weigh 2^-0.5 each.
  for (int i = 0; i < 8; ++i) records.push_back(rec(d(12, 21), d(12, 23), std::nullopt));
  // Eight due a week ago, on time: they weigh 2^-3.5 each.
  for (int i = 0; i < 8; ++i) records.push_back(rec(d(12, 15), d(12, 15), d(12, 15)));
  // Two FedEx parcels: not enough weight for a slip of their own.
  for (int i = 0; i < 2; ++i) records.push_back(rec(d(12, 21), d(12, 22), std::nullopt, "fedex-2day"));
  // A service nobody knows is skipped.
  records.push_back(rec(d(12, 21), d(12, 28), std::nullopt, "owl-post"));

  // Without the trend (its own case below): these records would make a steep one.
  promise::SlipConfig flat;
  flat.max_trend_per_day = 0.0;
  flat.service_smoothing = 0.0;  // the carrier as a service's prior: its own case below
  const auto slips = promise::build_slips(records, builtin, today, flat);
  CHECK(slips.size() == 2);  // the service and UPS as a whole
  REQUIRE(slips.count("carrier:ups") == 1);
  CHECK(slips.at("carrier:ups").observations == 16);
  REQUIRE(slips.count("ups-2nd-day-air") == 1);
  const auto& s = slips.at("ups-2nd-day-air");
  CHECK(s.observations == 16);
  const double late = 8.0 * std::exp2(-0.5);
  const double old = 8.0 * std::exp2(-7.0 / 2.0);
  CHECK(s.weight == doctest::Approx(late + old));
  const double total = late + old + 2.0;  // the prior: two on-time parcels
  CHECK(s.slip.probability(2) == doctest::Approx(late / total));
  CHECK(s.slip.probability(0) == doctest::Approx((old + 2.0) / total));
  CHECK(s.slip.probability(1) == 0.0);

  // Without the prior and with a lower bar, FedEx gets its slip too.
  promise::SlipConfig loose = flat;
  loose.prior = 0.0;
  loose.min_weight = 1.0;
  const auto all = promise::build_slips(records, builtin, today, loose);
  REQUIRE(all.count("fedex-2day") == 1);
  CHECK(all.at("fedex-2day").slip.probability(1) == doctest::Approx(1.0));
}

TEST_CASE("slip: a growing slip is projected to the estimates of the next days, a steady one is not") {
  const cal::Day today = d(12, 22);  // Tuesday
  const auto ups = cal::service_calendar(*cal::find_carrier_service("ups-2nd-day-air"));
  // A peak building up: parcels due a week ago were on time, those due
  // yesterday are three delivery days late, in between the slip grew day by day.
  std::vector<promise::SlipRecord> growing;
  add_days(growing, ups, today, 1, 7, 6, [](int age) { return age <= 1 ? 3 : age <= 4 ? 2 : age <= 6 ? 1 : 0; });
  promise::SlipConfig flat;
  flat.max_trend_per_day = 0.0;
  const auto before = promise::build_slips(growing, builtin, today, flat).at("ups-2nd-day-air");
  const auto after = promise::build_slips(growing, builtin, today).at("ups-2nd-day-air");
  CHECK(before.trend_per_day == 0.0);
  CHECK(after.trend_per_day > 0.2);
  CHECK(after.trend_per_day <= 0.5);
  // Without the trend the slip is this week's average (2.0 days), well below
  // yesterday's 3; projected two days ahead it is about yesterday's (the
  // prior's two on-time parcels still pull it down a little).
  CHECK(mean(before.slip) < 2.1);
  CHECK(mean(after.slip) > 2.8);
  CHECK(after.slip.probability(0) < before.slip.probability(0));
  CHECK(after.slip.max_days() <= 5);

  // The same slip every day: no trend, the same distribution either way.
  std::vector<promise::SlipRecord> steady;
  add_days(steady, ups, today, 1, 7, 6, [](int) { return 2; });
  const auto level = promise::build_slips(steady, builtin, today).at("ups-2nd-day-air");
  CHECK(level.trend_per_day == doctest::Approx(0.0));
  CHECK(mean(level.slip) == doctest::Approx(mean(promise::build_slips(steady, builtin, today, flat).at("ups-2nd-day-air").slip)));

  // A slip falling after the peak moves the other way, and never below 0.
  std::vector<promise::SlipRecord> falling;
  add_days(falling, ups, today, 1, 7, 6, [](int age) { return age <= 2 ? 0 : 3; });
  const auto easing = promise::build_slips(falling, builtin, today).at("ups-2nd-day-air");
  CHECK(easing.trend_per_day < 0.0);
  CHECK(easing.slip.min_days() == 0);
  CHECK(mean(easing.slip) < mean(promise::build_slips(falling, builtin, today, flat).at("ups-2nd-day-air").slip));
}

TEST_CASE("slip: a service's first parcels are weighed against its carrier's slip, and take its trend") {
  const cal::Day today = d(12, 22);  // Tuesday
  const auto ups = cal::service_calendar(*cal::find_carrier_service("ups-ground"));
  std::vector<promise::SlipRecord> records;
  // The carrier's network runs two to three days late (UPS Ground, 100 parcels)...
  add_days(records, ups, today, 1, 6, 25, [](int age) { return age <= 2 ? 3 : 2; });
  // ...while Next Day Air's first eight parcels, due yesterday, came on time
  // (weighing 5.7 at a day old).
  for (int i = 0; i < 8; ++i) records.push_back(rec(d(12, 21), d(12, 21), d(12, 21), "ups-next-day-air"));

  const auto slips = promise::build_slips(records, builtin, today);
  const auto& carrier = slips.at("carrier:ups");
  const auto& nda = slips.at("ups-next-day-air");
  CHECK(mean(carrier.slip) > 1.5);
  CHECK(nda.trend_per_day == carrier.trend_per_day);
  // Their 5.7 against the carrier's prior worth four: about two thirds of the
  // mass at 0, not all of it, and a mean of about 40% of the carrier's.
  CHECK(nda.slip.probability(0) < 0.75);
  CHECK(mean(nda.slip) > 0.3 * mean(carrier.slip));
  CHECK(mean(nda.slip) < 0.7 * mean(carrier.slip));

  // Without the smoothing, two on-time pseudo-parcels were the prior: almost
  // "no slip" (only the carrier's trend moves a little of it).
  promise::SlipConfig unsmoothed;
  unsmoothed.service_smoothing = 0.0;
  const auto before = promise::build_slips(records, builtin, today, unsmoothed).at("ups-next-day-air");
  CHECK(before.slip.probability(0) > 0.85);
  CHECK(mean(before.slip) < 0.5 * mean(nda.slip));
}

TEST_CASE("slip: the sum of transit and slip") {
  const auto transit = eta::DayDistribution::nominal(2, 2);  // 96% / 3% / 1% on days 2 / 3 / 4
  const std::pair<int, double> w[] = {{0, 0.5}, {1, 0.5}};
  const auto slip = eta::DayDistribution::from_weights(w);
  const auto sum = eta::sum_of(transit, slip);
  CHECK(sum.min_days() == 2);
  CHECK(sum.max_days() == 5);
  CHECK(sum.probability(2) == doctest::Approx(0.48));
  CHECK(sum.probability(3) == doctest::Approx(0.48 + 0.015));
  CHECK(sum.cdf(5) == doctest::Approx(1.0));
  // Nothing beyond the longest distribution.
  const auto far = eta::sum_of(eta::DayDistribution::exactly(eta::kMaxDistributionDays), eta::DayDistribution::exactly(3));
  CHECK(far.min_days() == eta::kMaxDistributionDays);
}
