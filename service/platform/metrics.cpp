#include "platform/metrics.hpp"

#include <cstdio>
#include <sstream>
#include <thread>

namespace forewarn::platform {

namespace {
std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}
std::string join_labels(const std::string& rendered, const std::string& extra) {
  if (rendered.empty()) return "{" + extra + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}
}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ",";
    out += labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
  }
  return out + "}";
}

Metrics::Metrics() = default;

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mu_);
  help_[name] = {type, help};
}

Metrics::Shard& Metrics::shard() {
  return shards_[std::hash<std::thread::id>{}(std::this_thread::get_id()) % kShards];
}

void Metrics::count(const std::string& name, const Labels& labels, double by) {
  const std::string key = render_labels(labels);
  Shard& sh = shard();
  std::lock_guard lock(sh.mu);
  sh.counters[name][key] += by;
}

void Metrics::observe(const std::string& name, const Labels& labels, double seconds) {
  const std::string key = render_labels(labels);
  Shard& sh = shard();
  std::lock_guard lock(sh.mu);
  Histogram& h = sh.histograms[name][key];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::gauge(const std::string& name, const std::string& help,
                    std::function<std::vector<std::pair<Labels, double>>()> read) {
  std::lock_guard lock(mu_);
  help_[name] = {"gauge", help};
  gauges_.emplace_back(name, std::move(read));
}

std::string Metrics::render() const {
  // Merge the shards first, one lock at a time.
  std::map<std::string, std::map<std::string, double>> counters;
  std::map<std::string, std::map<std::string, Histogram>> histograms;
  for (const auto& sh : shards_) {
    std::lock_guard shard_lock(sh.mu);
    for (const auto& [name, series] : sh.counters)
      for (const auto& [labels, v] : series) counters[name][labels] += v;
    for (const auto& [name, series] : sh.histograms)
      for (const auto& [labels, h] : series) {
        Histogram& m = histograms[name][labels];
        for (size_t i = 0; i < kBuckets.size(); ++i) m.buckets[i] += h.buckets[i];
        m.count += h.count;
        m.sum += h.sum;
      }
  }
  std::ostringstream out;
  std::lock_guard lock(mu_);
  auto header = [&](const std::string& name, const char* fallback_type) {
    auto it = help_.find(name);
    if (it != help_.end()) {
      out << "# HELP " << name << " " << it->second.second << "\n# TYPE " << name << " " << it->second.first << "\n";
    } else {
      out << "# TYPE " << name << " " << fallback_type << "\n";
    }
  };
  for (const auto& [name, series] : counters) {
    header(name, "counter");
    for (const auto& [labels, v] : series) out << name << labels << " " << fmt(v) << "\n";
  }
  for (const auto& [name, series] : histograms) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      for (size_t i = 0; i < kBuckets.size(); ++i)
        out << name << "_bucket" << join_labels(labels, "le=\"" + fmt(kBuckets[i]) + "\"") << " " << h.buckets[i] << "\n";
      out << name << "_bucket" << join_labels(labels, "le=\"+Inf\"") << " " << h.count << "\n";
      out << name << "_sum" << labels << " " << fmt(h.sum) << "\n";
      out << name << "_count" << labels << " " << h.count << "\n";
    }
  }
  for (const auto& [name, read] : gauges_) {
    header(name, "gauge");
    for (const auto& [labels, v] : read()) out << name << render_labels(labels) << " " << fmt(v) << "\n";
  }
  return out.str();
}

}  // namespace forewarn::platform
