// In-process metrics, rendered in the Prometheus text exposition format.
// Counters and histograms are keyed by name and a sorted label set; gauges
// are read from callbacks at scrape time (e.g. the database pool).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace forewarn::platform {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  Metrics();
  void count(const std::string& name, const Labels& labels, double by = 1);
  void observe(const std::string& name, const Labels& labels, double seconds);
  // Registers HELP/TYPE text for a metric name.
  void describe(const std::string& name, const std::string& type, const std::string& help);
  // A gauge whose samples are produced at scrape time.
  void gauge(const std::string& name, const std::string& help, std::function<std::vector<std::pair<Labels, double>>()> read);
  std::string render() const;

  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,    0.25,  0.5,    1,     2.5,  5,     10};

 private:
  struct Histogram {
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  // Samples are recorded into one of several shards, chosen by thread, so
  // that request threads do not queue on one lock; a scrape merges them.
  struct Shard {
    mutable std::mutex mu;
    std::map<std::string, std::map<std::string, double>> counters;  // name -> rendered labels -> value
    std::map<std::string, std::map<std::string, Histogram>> histograms;
  };
  static constexpr size_t kShards = 16;
  Shard& shard();
  Shard shards_[kShards];
  mutable std::mutex mu_;  // help_ and gauges_
  std::map<std::string, std::pair<std::string, std::string>> help_;  // name -> (type, help)
  std::vector<std::pair<std::string, std::function<std::vector<std::pair<Labels, double>>()>>> gauges_;
};

std::string render_labels(const Labels& labels);

}  // namespace forewarn::platform
