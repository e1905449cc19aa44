// `forewarn eval-promises --orders FILE`: replays a marketplace orders CSV
// walk-forward through the promise model and prints one JSON object with
// coverage, sharpness, the Christmas Brier score and the 72-hour warnings,
// each against the marketplace's own promise. Progress goes to stderr.
// The evaluation itself is pure (core/promise/walk_forward.hpp); this file
// only reads the file and prints.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/promise/orders.hpp"
#include "core/promise/walk_forward.hpp"

namespace forewarn::app {

namespace {

int usage() {
  std::cerr << "usage: forewarn eval-promises --orders FILE\n"
               "  FILE: an Olist orders CSV (official header or any subset of its columns)\n";
  return 2;
}

}  // namespace

int cmd_eval_promises(const std::vector<std::string>& args) {
  namespace promise = forewarn::core::promise;
  std::string path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--orders" && i + 1 < args.size() && path.empty()) {
      path = args[++i];
    } else if (args[i].rfind("--orders=", 0) == 0 && path.empty()) {
      path = args[i].substr(9);
    } else {
      std::cerr << "eval-promises: unexpected argument '" << args[i] << "'\n";
      return usage();
    }
  }
  if (path.empty()) return usage();

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "eval-promises: cannot open " << path << "\n";
    return 1;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    std::cerr << "eval-promises: cannot read " << path << "\n";
    return 1;
  }
  const std::string text = buffer.str();

  const promise::OrdersRead read = promise::read_orders(text);
  if (read.error) {
    std::cerr << "eval-promises: " << path << ": " << promise::to_string(*read.error) << "\n";
    return 1;
  }
  std::cerr << "eval-promises: " << read.rows << " rows, " << read.orders.size() << " with an approval time; skipped "
            << read.missing_approval << " without and " << read.invalid_approval
            << " with an unreadable approval time; " << read.invalid_dates << " unreadable other dates, "
            << read.delivered_before_approval << " deliveries before approval (dropped)\n";

  const promise::EvalReport report = promise::evaluate_walk_forward(
      read.orders, read.columns, promise::EvalConfig{}, [](std::size_t done, std::size_t total) {
        std::cerr << "eval-promises: " << done << "/" << total << " events\n";
      });
  std::cerr << "eval-promises: " << report.training_orders << " orders in the training window, " << report.orders
            << " evaluated delivered orders, " << report.evaluated_undelivered
            << " evaluated orders never delivered (not scored); warnings: " << report.warning_population
            << " undelivered at the warning moment, " << report.warning_late << " late, " << report.warned
            << " warned\n";
  std::cout << promise::to_json(report) << "\n";
  return 0;
}

}  // namespace forewarn::app
