#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "core/promise/conformal.hpp"
#include "core/promise/delay_model.hpp"
#include "core/promise/walk_forward.hpp"

namespace promise = forewarn::core::promise;
using forewarn::Instant;

namespace {
Instant day(int n) { return Instant{std::chrono::hours{24 * (17000 + n)}}; }
}  // namespace

TEST_CASE("model: quantiles of a known sample") {
  promise::ModelConfig c;
  c.bin_days = 0.1;
  c.smoothing = 1e-6;  // no prior: the empirical distribution alone
  promise::DelayModel m(c);
  const promise::KeyPath key{"carrier", "service", "lane"};
  for (int i = 1; i <= 10; ++i) m.add(key, i, day(0));  // 1..10 days, equal weights
  const auto d = m.distribution(key, day(0));
  // Each value sits in a 0.1-day bin; the CDF is linear within a bin.
  CHECK(d.cdf(5.2) == doctest::Approx(0.5).epsilon(0.001));
  CHECK(d.cdf(4.5) == doctest::Approx(0.4).epsilon(0.001));
  CHECK(d.quantile(0.45) == doctest::Approx(5.0).epsilon(0.03));
  CHECK(d.quantile(0.85) == doctest::Approx(9.0).epsilon(0.03));
  CHECK(d.quantile(1.0) <= 10.2);
  CHECK(m.probability_by(key, 0.0, day(0)) == 0.0);
  CHECK(m.probability_by(key, 100.0, day(0)) == doctest::Approx(1.0));
  // P(T <= 8 | T > 5) = 3/5
  CHECK(d.conditional_cdf(8.2, 5.2) == doctest::Approx(0.6).epsilon(0.001));
}

TEST_CASE("model: a thin lane falls back to its service, an unknown key to the nominal") {
  promise::ModelConfig c;
  c.smoothing = 20.0;
  c.nominal_days = 30.0;
  promise::DelayModel m(c);
  for (int i = 0; i < 2000; ++i) m.add({"c", "s", "busy"}, 2.0 + (i % 3), day(0));  // 2..4 days
  for (int i = 0; i < 2; ++i) m.add({"c", "s", "thin"}, 20.0, day(0));
  const double busy = m.quantile({"c", "s", "busy"}, 0.5, day(0));
  const double thin = m.quantile({"c", "s", "thin"}, 0.5, day(0));
  const double unknown_lane = m.quantile({"c", "s", "nowhere"}, 0.5, day(0));
  const double unknown_carrier = m.quantile({"other"}, 0.5, day(0));
  CHECK(busy == doctest::Approx(3.0).epsilon(0.1));
  CHECK(thin < 5.0);  // 2 observations of 20 days do not outvote 2000 of the service
  CHECK(unknown_lane == doctest::Approx(busy).epsilon(0.05));
  CHECK(unknown_carrier == doctest::Approx(30.0).epsilon(0.05));  // the configured nominal
  // With many observations the lane speaks for itself.
  for (int i = 0; i < 2000; ++i) m.add({"c", "s", "thin"}, 20.0, day(0));
  CHECK(m.quantile({"c", "s", "thin"}, 0.5, day(0)) == doctest::Approx(20.0).epsilon(0.05));
}

TEST_CASE("model: recent deliveries weigh more") {
  promise::ModelConfig c;
  c.half_life_days = 10.0;
  c.smoothing = 1e-6;
  promise::DelayModel m(c);
  for (int i = 0; i < 100; ++i) m.add({"k"}, 10.0, day(0));   // old and slow
  for (int i = 0; i < 100; ++i) m.add({"k"}, 2.0, day(30));   // recent and fast: 8x the weight
  CHECK(m.probability_by({"k"}, 5.0, day(30)) == doctest::Approx(8.0 / 9.0).epsilon(0.01));
  CHECK(m.effective_count({"k"}, day(30)) == doctest::Approx(100.0 + 100.0 / 8.0).epsilon(0.01));
  CHECK(m.effective_count({"k"}, day(40)) == doctest::Approx((100.0 + 100.0 / 8.0) / 2.0).epsilon(0.01));
  // Weights survive a re-base far in the future.
  m.add({"k"}, 2.0, day(30 + 2000));
  CHECK(m.effective_count({"k"}, day(30 + 2000)) == doctest::Approx(1.0).epsilon(0.01));
}

TEST_CASE("conformal: adaptive levels bring coverage back to nominal on a drifting stream") {
  // The model believes durations are ~ lognormal(median 5); from day 100 a
  // strike makes them twice as long. Outcomes are known only at delivery.
  std::mt19937 rng(7);
  std::lognormal_distribution<double> base(std::log(5.0), 0.4);
  const double q = 0.9;
  auto run = [&](bool adaptive) {
    promise::AdaptiveLevel aci(q, 0.5, 14.0);
    struct Pending {
      double known_at;
      bool covered;
    };
    std::vector<Pending> pending;
    int covered = 0, n = 0;
    for (int i = 0; i < 20000; ++i) {
      const double t = i * 0.01;  // 100 orders a day, 200 days
      // Feed back what is known by now.
      for (auto it = pending.begin(); it != pending.end();) {
        if (it->known_at < t) {
          if (adaptive) aci.update(it->covered, day(0) + std::chrono::minutes{static_cast<int>(it->known_at * 1440)});
          it = pending.erase(it);
        } else {
          ++it;
        }
      }
      const double level = adaptive ? aci.level() : q;
      const double predicted = level >= 1.0 ? 1e9 : (level <= 0.0 ? 0.0 : 5.0 * std::exp(0.4 * std::sqrt(2.0) *
                                                                   [](double p) {  // inverse erf by bisection
                                                                     double lo = -6, hi = 6;
                                                                     for (int k = 0; k < 60; ++k) {
                                                                       const double m = 0.5 * (lo + hi);
                                                                       (0.5 * std::erfc(-m / std::sqrt(2.0)) < p ? lo : hi) = m;
                                                                     }
                                                                     return hi / std::sqrt(2.0);
                                                                   }(level)));
      const double actual = base(rng) * (t >= 100.0 ? 2.0 : 1.0);
      pending.push_back({t + actual, actual <= predicted});
      if (t >= 100.0) {
        ++n;
        covered += actual <= predicted;
      }
    }
    return static_cast<double>(covered) / n;
  };
  const double fixed = run(false);
  const double adaptive = run(true);
  CHECK(fixed < 0.6);                            // the drift breaks a fixed model
  CHECK(std::abs(adaptive - q) < 0.05);          // adaptive conformal tracks the nominal level
  CHECK(std::abs(adaptive - q) < std::abs(fixed - q));
}

TEST_CASE("conformal: the PIT calibrator corrects a model that is too fast") {
  promise::PitCalibrator pit;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  // True outcomes always land in the top half of the model's CDF.
  for (int i = 0; i < 5000; ++i) pit.add(0.5 + 0.5 * u(rng), day(0));
  CHECK(pit.calibrate(0.5, day(0)) < 0.05);
  CHECK(pit.calibrate(0.75, day(0)) == doctest::Approx(0.5).epsilon(0.1));
  CHECK(pit.inverse(0.5, day(0)) == doctest::Approx(0.75).epsilon(0.05));
  CHECK(pit.calibrate(1.0, day(0)) == doctest::Approx(1.0));
}

TEST_CASE("walk-forward: no peeking, an outcome is used only after its delivery") {
  // Order 0 approved on day 0 and delivered on day 50 (or day 5). Order 1 is
  // approved on day 20: its prediction must be the same in both worlds,
  // because on day 20 order 0's delivery is still in the future (day 50),
  // and must differ once the delivery happened before (day 5).
  auto make = [](int delivered_day) {
    std::vector<promise::Order> orders(3);
    orders[0].approved = day(0);
    orders[0].delivered = day(delivered_day);
    orders[1].approved = day(20);
    orders[1].delivered = day(25);
    orders[2].approved = day(100);
    return orders;
  };
  promise::EvalConfig c;
  c.train_days = 10.0;
  c.keep_predictions = true;
  const promise::OrderColumns cols{};
  auto late_world = promise::evaluate_walk_forward(make(50), cols, c);
  auto other_late_world = promise::evaluate_walk_forward(make(80), cols, c);
  auto early_world = promise::evaluate_walk_forward(make(5), cols, c);
  CHECK(late_world.predictions[1].quantile_days == other_late_world.predictions[1].quantile_days);
  CHECK(late_world.predictions[1].quantile_days != early_world.predictions[1].quantile_days);
  // At equal times the prediction comes first: a delivery at the very moment
  // of approval is not yet known.
  auto same_moment = make(20);
  auto same = promise::evaluate_walk_forward(same_moment, cols, c);
  CHECK(same.predictions[1].quantile_days == late_world.predictions[1].quantile_days);
}

TEST_CASE("walk-forward: report and JSON shape") {
  std::vector<promise::Order> orders;
  for (int i = 0; i < 400; ++i) {
    promise::Order o;
    o.approved = day(i / 2);
    o.delivered = day(i / 2 + 3 + i % 5);
    o.promised = day(i / 2 + 8);
    orders.push_back(o);
  }
  promise::OrderColumns cols;
  cols.promised = cols.delivered = true;
  const auto r = promise::evaluate_walk_forward(orders, cols);
  CHECK(r.orders > 0);
  CHECK(r.baseline_coverage.has_value());
  const std::string json = promise::to_json(r);
  CHECK(json.find("{\"orders\":") == 0);
  CHECK(json.find("\"coverage\":{\"0.5\":") != std::string::npos);
  CHECK(json.find("\"warnings\":{\"lead_hours\":72") != std::string::npos);
  CHECK_NOTHROW(promise::to_json(promise::evaluate_walk_forward({}, cols)));
}
