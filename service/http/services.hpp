// What a handler can reach: configuration, the clock, the database pool, the
// metrics, the tenants' in-memory snapshots and learned transit models. Built once at start-up by `forewarn serve`.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/pool.hpp"
#include "db/store.hpp"
#include "http/auth.hpp"
#include "http/tenant_snapshot.hpp"
#include "http/transit_models.hpp"
#include "platform/metrics.hpp"

namespace forewarn::http {

struct Services {
  const Config& config;
  std::shared_ptr<const Clock> clock;
  db::Pool& pool;
  platform::Metrics& metrics;
  Authenticator& auth;
  RateLimiter& limiter;
  TenantSnapshots& snapshots;  // the checkout's in-memory tenant data
  TransitModels& models;       // the learned transit models, rebuilt in the background
  db::MessagingSettings messaging{};  // what the decisions of a webhook's news need (set once listening)
};

}  // namespace forewarn::http
