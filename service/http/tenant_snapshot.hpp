// The checkout's in-memory view of each tenant (core::TenantSnapshot: its
// warehouses as handling calendars, its events as rules, its own carrier
// services), so that answering
// POST /v1/promises needs no database round trip.
//
// - Loaded from the database on a tenant's first request (one read
//   transaction), then kept.
// - Writes through this process's API (warehouses, events, carrier services) call invalidate():
//   the next request of that tenant loads afresh, so this process reads its
//   own writes.
// - Other replicas' writes are picked up within FOREWARN_SNAPSHOT_TTL_MS: an
//   expired snapshot is reloaded by one request while concurrent requests keep
//   answering from the previous one (never blocked behind the reload); when
//   the reload fails (database away) the expired snapshot keeps answering.
// - Snapshots are immutable and swapped atomically (shared_ptr): a request
//   keeps the one it started with.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/checkout.hpp"
#include "db/pool.hpp"

namespace forewarn::http {

class TenantSnapshots {
 public:
  TenantSnapshots(db::Pool& pool, int ttl_ms) : pool_(pool), ttl_ms_(ttl_ms) {}
  // The tenant's current snapshot (loads it when missing or expired).
  std::shared_ptr<const TenantSnapshot> get(const std::string& tenant_id);
  // Drops the tenant's snapshot: the next get() loads it from the database.
  void invalidate(const std::string& tenant_id);

 private:
  struct Entry {
    std::shared_ptr<const TenantSnapshot> snapshot;
    long long loaded_ms = 0;
  };
  std::shared_ptr<const TenantSnapshot> load(const std::string& tenant_id);

  db::Pool& pool_;
  int ttl_ms_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::string, std::uint64_t> generation_;  // bumped by invalidate()
  std::mutex reload_mu_;  // one reload of an expired snapshot at a time
};

}  // namespace forewarn::http
