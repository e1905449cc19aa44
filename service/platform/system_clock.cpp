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

}  // namespace

std::shared_ptr<Clock> make_clock(const std::string& spec) {
  if (spec.rfind("fixed:", 0) == 0) return std::make_shared<ManualClock>(*parse_iso8601(spec.substr(6)));
  if (spec.rfind("accelerated:", 0) == 0) {
    const auto at = spec.find('@');
    double factor = 1;
    std::from_chars(spec.data() + at + 1, spec.data() + spec.size(), factor);
    return std::make_shared<AcceleratedClock>(*parse_iso8601(spec.substr(12, at - 12)), factor);
  }
  return std::make_shared<SystemClock>();
}

}  // namespace forewarn::platform
