// A token bucket: `rate` tokens per second up to `burst`. Pure: the caller
// passes `now`. Not thread-safe by itself; the HTTP layer shards buckets.
#pragma once

#include "core/time.hpp"

namespace forewarn {

class TokenBucket {
 public:
  TokenBucket(double rate_per_s, double burst, Instant now) : rate_(rate_per_s), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token if there is one. Otherwise returns false and sets
  // `retry_after_ms` to when the next token will be there.
  bool try_take(Instant now, long long& retry_after_ms) {
    refill(now);
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return true;
    }
    retry_after_ms = static_cast<long long>((1.0 - tokens_) / rate_ * 1000.0) + 1;
    return false;
  }

 private:
  void refill(Instant now) {
    if (now > last_) {
      tokens_ += std::chrono::duration<double>(now - last_).count() * rate_;
      if (tokens_ > burst_) tokens_ = burst_;
      last_ = now;
    }
  }
  double rate_, burst_, tokens_;
  Instant last_;
};

}  // namespace forewarn
