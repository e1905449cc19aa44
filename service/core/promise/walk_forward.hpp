// The walk-forward evaluation of promises on historical orders
// (`forewarn eval-promises`). Pure: orders in, a report out.
//
// The replay is a single clock running over three kinds of events:
//   approval   -> predict: quantile dates and P(by 24 Dec) from the model as
//                 it stands at that moment;
//   warning    -> at deadline - 72 h, for an order not delivered yet, the risk
//                 rule decides to warn or not from what is known then;
//   delivery   -> the model learns the duration, and the predictions made
//                 for that order feed their outcomes to the recalibration.
// At equal times predictions come first: an order teaches the model only
// once its delivery is strictly before the moment of a prediction. An input
// is used only once known (hand-over to the carrier: from its time on).
// Orders approved in the first `train_days` only train; the rest are scored.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/promise/conformal.hpp"
#include "core/promise/delay_model.hpp"
#include "core/promise/orders.hpp"

namespace forewarn::core::promise {

struct EvalConfig {
  double train_days = 90.0;
  std::vector<double> levels{0.5, 0.8, 0.9, 0.95};
  // Adaptive conformal step: the level moves by about aci_gamma x (nominal -
  // observed coverage) per aci_window_days of outcomes (see AdaptiveLevel).
  // Misses are fed back when the predicted day ends (not at the late
  // delivery), so the loop hears of a surge at once and a gentle step keeps
  // it from overshooting: 0.15, chosen once for every file (0.5, right when
  // misses were only heard at delivery, now swings under nominal on the
  // smallest sample).
  double aci_gamma = 0.15;
  double aci_window_days = 14.0;
  double warning_lead_hours = 72.0;
  // The risk rule: warn when P(delivered by the deadline | all known at the
  // warning moment) is below this. See walk_forward.cpp for the choice.
  double warn_below = 0.0;  // 0 = the default chosen in code
  ModelConfig model{};
  ModelConfig transit{};           // hand-over -> delivery
  PitConfig pit{};
  bool keep_predictions = false;   // fill EvalReport::predictions (tests)
};

// One order's predictions, kept for tests and inspection.
struct OrderPrediction {
  std::size_t order = 0;                 // index into the input
  std::vector<double> quantile_days;     // per level, days after approval
  std::optional<double> p_by_christmas;  // for orders approved 1..24 December
  std::optional<double> p_on_time_at_warning;
  bool evaluated = false;
};

struct Coverage {
  double level = 0.0;
  double coverage = 0.0;
};

struct EvalReport {
  std::size_t orders = 0;              // evaluated delivered orders
  std::vector<Coverage> coverage;
  std::optional<double> median_days_p95;
  // baseline: the marketplace's promise on the same orders (when present)
  std::optional<double> baseline_coverage;
  std::optional<double> baseline_median_days;
  std::size_t christmas_orders = 0;
  std::optional<double> christmas_brier;
  std::optional<double> christmas_baseline_brier;
  double warning_lead_hours = 72.0;
  std::size_t warning_population = 0;  // undelivered at the warning moment
  std::size_t warning_late = 0;
  std::size_t warned = 0;
  std::optional<double> warning_precision;
  std::optional<double> warning_recall;
  std::optional<double> warning_baseline_precision;
  // bookkeeping
  std::size_t input_orders = 0;
  std::size_t training_orders = 0;     // approved during the training window
  std::size_t evaluated_undelivered = 0;  // evaluated but never delivered: not scored
  std::vector<OrderPrediction> predictions;
};

using ProgressFn = std::function<void(std::size_t events_done, std::size_t events_total)>;

EvalReport evaluate_walk_forward(const std::vector<Order>& orders, const OrderColumns& columns,
                                 const EvalConfig& config = {}, const ProgressFn& progress = {});

// The JSON object (numbers rounded to 4 decimals, null when not computable).
std::string to_json(const EvalReport& report);

}  // namespace forewarn::core::promise
