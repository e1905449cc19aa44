// Online recalibration of the delay model, so that the coverage it promises
// keeps tracking the nominal level when conditions drift (a strike, a
// December surge). Pure value types, fed with outcomes as they become known.
//
// AdaptiveLevel: adaptive conformal inference (Gibbs & Candes, "Adaptive
//   Conformal Inference Under Distribution Shift", NeurIPS 2021). For a
//   nominal level q it keeps the level actually asked of the model, a_t, and
//   after each known outcome sets a_{t+1} = a_t + gamma * (q - covered_t):
//   every miss raises it, every hit lowers it a little, and the long-run
//   fraction covered is q within (1 + gamma) / (gamma * T) whatever the drift.
//
// PitCalibrator: a recency-weighted distribution of probability integral
//   transforms u = F_t(observed) of past predictions. If the model were
//   calibrated, u would be uniform; the map p -> P(u <= p) corrects a model
//   that is systematically too fast or too slow, for every level at once
//   (Kuleshov, Fenner & Ermon, ICML 2018, done online). It is what turns the
//   model's CDF into probabilities (Christmas, risk of lateness).
#pragma once

#include <cstddef>
#include <vector>

#include "core/time.hpp"

namespace forewarn::core::promise {

class AdaptiveLevel {
 public:
  AdaptiveLevel() = default;
  // gamma: the step per outcome. With `outcomes_per_step_days` > 0 the step
  // is instead gamma / (outcomes known in about that many recent days): the
  // level then moves by about gamma per that many days of full misses,
  // whatever the volume. That keeps the loop stable when outcomes arrive
  // long after their predictions (deliveries take weeks): with a fixed step,
  // hundreds of predictions are made before the first of them is corrected
  // and the level swings between 0 and "infinitely wide".
  AdaptiveLevel(double nominal, double gamma, double outcomes_per_step_days = 0.0)
      : nominal_(nominal), gamma_(gamma), window_days_(outcomes_per_step_days), level_(nominal) {}

  double nominal() const { return nominal_; }
  // The level to ask of the model now. May leave [0, 1]: above 1 means "no
  // finite quantile of the model is wide enough" (answer with its maximum).
  double level() const { return level_; }
  // Feeds back one outcome (covered or not) of an earlier prediction, known at `known_at`.
  void update(bool covered, Instant known_at = Instant{});
  std::size_t updates() const { return updates_; }

 private:
  double nominal_ = 0.9;
  double gamma_ = 0.005;
  double window_days_ = 0.0;
  double level_ = 0.9;
  std::size_t updates_ = 0;
  double recent_ = 0.0;  // decayed count of outcomes, as of last_
  Instant last_{};
};

struct PitConfig {
  std::size_t bins = 200;         // resolution on [0, 1]
  double half_life_days = 30.0;   // recency weighting of past outcomes
  double prior_strength = 50.0;   // pseudo-observations of "already calibrated"
};

class PitCalibrator {
 public:
  explicit PitCalibrator(PitConfig config = {});

  // One outcome: the model's CDF at the observed value, known at `known_at`.
  void add(double u, Instant known_at);
  // The calibrated probability for a model probability p, as seen at `now`:
  // the (smoothed) share of past outcomes with u <= p. Monotone in p.
  double calibrate(double p, Instant now) const;
  // The model level to ask for a calibrated probability q (inverse of calibrate).
  double inverse(double q, Instant now) const;
  double effective_count(Instant now) const;

 private:
  double relative_weight(Instant t) const;
  PitConfig config_;
  std::vector<double> weight_;
  double total_ = 0.0;
  Instant origin_{};
  bool has_origin_ = false;
};

}  // namespace forewarn::core::promise
