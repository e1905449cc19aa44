// The learned transit models of all tenants (core/promise/transit_model.hpp),
// rebuilt in the background and swapped atomically, so the checkout never
// waits for a rebuild and never touches the database for them.
//
// - `forewarn serve` starts one thread: it rebuilds at once, then every
//   FOREWARN_MODEL_REBUILD_MS. A rebuild reads each tenant's delivered
//   shipments from the view transit_observations and its own services (one
//   read transaction per tenant) and builds the model with `now` from the
//   injected Clock.
// - All tenants' models live in one immutable map behind an
//   std::atomic<std::shared_ptr>: a request takes the current map and keeps
//   it; a rebuild publishes a new map. A tenant whose rebuild fails keeps its
//   previous model.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <pqxx/pqxx>

#include "core/clock.hpp"
#include "core/promise/non_arrival.hpp"
#include "core/promise/slip_model.hpp"
#include "core/promise/transit_model.hpp"
#include "db/pool.hpp"

namespace forewarn::http {

class TransitModels {
 public:
  TransitModels(db::Pool& pool, std::shared_ptr<const Clock> clock, core::promise::TransitModelConfig config = {},
                core::promise::SlipConfig slip_config = {});
  ~TransitModels();
  TransitModels(const TransitModels&) = delete;
  TransitModels& operator=(const TransitModels&) = delete;

  // The tenant's current model, or null (no deliveries yet: nominal only).
  std::shared_ptr<const core::promise::TransitModel> get(const std::string& tenant_id) const;

  // One rebuild of every tenant with observations; returns the tenants built.
  // Rebuilds the tenants' carrier slips and non-arrival rates too.
  std::size_t rebuild_all();

  // The carrier slip of every tenant with recent parcels, learned at the
  // clock's now (core/promise/slip_model.hpp) and written to service_slips,
  // where every replica's tenant snapshot reads it. Returns the tenants done.
  std::size_t rebuild_slips();

  // How often every tenant's recent parcels never arrived, per carrier
  // (core/promise/non_arrival.hpp), written to carrier_non_arrivals for the
  // tenant snapshots. Returns the tenants done.
  std::size_t rebuild_non_arrivals();

  // The background thread: rebuild now, then every `period_ms`; stop() ends it.
  void start(int period_ms);
  void stop();

 private:
  using Map = std::unordered_map<std::string, std::shared_ptr<const core::promise::TransitModel>>;
  std::shared_ptr<const core::promise::TransitModel> build(const std::string& tenant_id) const;
  // Lists the tenants (one read transaction), then runs `rebuild` for each in
  // a transaction of its own; a failure is logged and keeps what was there.
  std::size_t rebuild_per_tenant(const char* what,
                                 const std::function<std::vector<std::string>(pqxx::transaction_base&)>& tenants_of,
                                 const std::function<void(pqxx::work&, const std::string&)>& rebuild);

  db::Pool& pool_;
  std::shared_ptr<const Clock> clock_;
  core::promise::TransitModelConfig config_;
  core::promise::SlipConfig slip_config_;
  core::promise::NonArrivalConfig non_arrival_config_;
  std::atomic<std::shared_ptr<const Map>> models_;
  std::atomic<std::size_t> last_records_{static_cast<std::size_t>(-1)};

  std::mutex mu_;  // the thread's stop flag
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace forewarn::http
