#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/eta/distribution.hpp"

using forewarn::core::eta::DayDistribution;
using forewarn::core::eta::NominalShape;
using Weights = std::vector<std::pair<int, double>>;

namespace {
double total(const DayDistribution& d) {
  double s = 0.0;
  for (double p : d.masses()) s += p;
  return s;
}
}  // namespace

TEST_CASE("default and exact distributions") {
  const DayDistribution none;
  CHECK(none.min_days() == 0);
  CHECK(none.max_days() == 0);
  CHECK(none.probability(0) == 1.0);
  const auto two = DayDistribution::exactly(2);
  CHECK(two.min_days() == 2);
  CHECK(two.max_days() == 2);
  CHECK(two.cdf(1) == 0.0);
  CHECK(two.cdf(2) == 1.0);
  CHECK_THROWS_AS(DayDistribution::exactly(-1), std::invalid_argument);
}

TEST_CASE("nominal band: mode in the lower middle, 4% late tail") {
  const auto ground = DayDistribution::nominal(1, 5);
  CHECK(ground.min_days() == 1);
  CHECK(ground.max_days() == 7);
  CHECK(total(ground) == doctest::Approx(1.0));
  // Weights 0.5, 1, 0.55, 0.3025, 0.166 over days 1..5, scaled to 96%.
  CHECK(ground.probability(1) == doctest::Approx(0.96 * 0.5 / 2.51888).epsilon(1e-4));
  CHECK(ground.probability(2) > ground.probability(1));
  CHECK(ground.probability(2) > ground.probability(3));
  CHECK(ground.probability(3) > ground.probability(4));
  CHECK(ground.probability(4) > ground.probability(5));
  CHECK(ground.cdf(5) == doctest::Approx(0.96));
  CHECK(ground.probability(6) == doctest::Approx(0.03));
  CHECK(ground.probability(7) == doctest::Approx(0.01));

  const auto second_day = DayDistribution::nominal(2, 2);
  CHECK(second_day.probability(2) == doctest::Approx(0.96));
  CHECK(second_day.probability(3) == doctest::Approx(0.03));
  CHECK(second_day.probability(4) == doctest::Approx(0.01));

  const auto on_time = DayDistribution::nominal(1, 1, NominalShape{0.0, 0.5});
  CHECK(on_time == DayDistribution::exactly(1));

  CHECK_THROWS_AS(DayDistribution::nominal(3, 2), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::nominal(-1, 2), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::nominal(1, 2, NominalShape{1.0, 0.5}), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::nominal(1, 2, NominalShape{0.0, 0.0}), std::invalid_argument);
}

TEST_CASE("empirical weights: normalized, merged, trimmed") {
  const auto d = DayDistribution::from_weights(Weights{{3, 2.0}, {5, 1.0}, {3, 1.0}, {9, 0.0}});
  CHECK(d.min_days() == 3);
  CHECK(d.max_days() == 5);
  CHECK(d.probability(3) == doctest::Approx(0.75));
  CHECK(d.probability(4) == 0.0);
  CHECK(d.probability(5) == doctest::Approx(0.25));
  CHECK(d.cdf(4) == doctest::Approx(0.75));
  CHECK(d.cdf(5) == 1.0);
  CHECK(d.masses().size() == 3);

  CHECK_THROWS_AS(DayDistribution::from_weights(Weights{}), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::from_weights(Weights{{1, 0.0}}), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::from_weights(Weights{{1, -1.0}}), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::from_weights(Weights{{-1, 1.0}}), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::from_weights(Weights{{121, 1.0}}), std::invalid_argument);
  CHECK_THROWS_AS(DayDistribution::from_weights(Weights{{1, std::numeric_limits<double>::quiet_NaN()}}),
                  std::invalid_argument);
}
