// The only code that reads the machine's clock. Which clock the service uses
// is configuration (FOREWARN_CLOCK): the real one, a fixed instant, or an
// accelerated clock that starts at a given instant and runs N times faster.
#pragma once

#include <memory>
#include <string>

#include "core/clock.hpp"

namespace forewarn::platform {

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// Monotonic milliseconds, for measuring durations (latency, timeouts) only.
long long monotonic_ms();
double monotonic_seconds();

// Builds the clock named by FOREWARN_CLOCK (already validated by parse_config).
std::shared_ptr<Clock> make_clock(const std::string& spec);

}  // namespace forewarn::platform
