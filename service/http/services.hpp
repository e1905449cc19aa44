// What a handler can reach: configuration, the clock, the database pool and
// the metrics. Built once at start-up by `forewarn serve`.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/pool.hpp"
#include "http/auth.hpp"
#include "platform/metrics.hpp"

namespace forewarn::http {

struct Services {
  const Config& config;
  std::shared_ptr<const Clock> clock;
  db::Pool& pool;
  platform::Metrics& metrics;
  Authenticator& auth;
  RateLimiter& limiter;
};

}  // namespace forewarn::http
