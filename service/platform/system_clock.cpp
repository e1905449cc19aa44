#include "platform/system_clock.hpp"

#include <charconv>

namespace forewarn::platform {

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

long long monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double monotonic_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

namespace {

class AcceleratedClock final : public Clock {
 public:
  AcceleratedClock(Instant start, double factor) : start_(start), factor_(factor), origin_ms_(monotonic_ms()) {}
  Instant now() const override {
    const auto elapsed = static_cast<long long>(static_cast<double>(monotonic_ms() - origin_ms_) * factor_);
    return start_ + Duration{elapsed};
  }

 private:
  Instant start_;
  double factor_;
  long long origin_ms_;
};

// Anchored on a real instant: every process given the same spec reads the
// same simulated time, whenever it started (the demo's processes).
class AnchoredAcceleratedClock final : public Clock {
 public:
  AnchoredAcceleratedClock(Instant start, double factor, Instant anchor) : start_(start), factor_(factor), anchor_(anchor) {}
  Instant now() const override {
    const auto real = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
    const auto elapsed = static_cast<long long>(static_cast<double>((real - anchor_).count()) * factor_);
    return start_ + Duration{elapsed};
  }

 private:
  Instant start_;
  double factor_;
  Instant anchor_;
};

}  // namespace

std::shared_ptr<Clock> make_clock(const std::string& spec) {
  if (spec.rfind("fixed:", 0) == 0) return std::make_shared<ManualClock>(*parse_iso8601(spec.substr(6)));
  if (spec.rfind("accelerated:", 0) == 0) {
    const auto at = spec.find('@');
    const auto anchor = spec.find('@', at + 1);
    const std::size_t factor_end = anchor == std::string::npos ? spec.size() : anchor;
    double factor = 1;
    std::from_chars(spec.data() + at + 1, spec.data() + factor_end, factor);
    const Instant start = *parse_iso8601(spec.substr(12, at - 12));
    if (anchor != std::string::npos)
      return std::make_shared<AnchoredAcceleratedClock>(start, factor, *parse_iso8601(spec.substr(anchor + 1)));
    return std::make_shared<AcceleratedClock>(start, factor);
  }
  return std::make_shared<SystemClock>();
}

}  // namespace forewarn::platform
