// The one way to learn the time. Production uses the system clock (adapter
// side, platform/system_clock.*); tests use ManualClock; replays of a whole
// season use an accelerated clock. Core functions never take a Clock: they
// take `Instant now` as an argument.
#pragma once

#include <atomic>

#include "core/time.hpp"

namespace forewarn {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{Duration{now_.load()}}; }
  void set(Instant t) { now_.store(t.time_since_epoch().count()); }
  void advance(Duration d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<Duration::rep> now_;
};

}  // namespace forewarn
