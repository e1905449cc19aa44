#include "http/transit_models.hpp"

#include <chrono>
#include <vector>

#include "core/checkout.hpp"
#include "core/destination.hpp"
#include "db/store.hpp"
#include "platform/log.hpp"

namespace forewarn::http {

namespace {

std::optional<core::promise::TransitRecord> record_of(const db::ObservationRow& row) {
  const auto shipped = core::calendar::parse_day(row.shipped_local_date);
  const auto delivered = core::calendar::parse_day(row.delivered_local_date);
  const auto delivered_at = parse_iso8601(row.delivered_at);
  if (!shipped || !delivered || !delivered_at) return std::nullopt;
  return core::promise::TransitRecord{
      row.service_id,
      lane_key(postal_zone(row.origin_country, row.origin_postal_code),
               postal_zone(row.destination_country, row.destination_postal_code)),
      *shipped, *delivered, *delivered_at};
}

}  // namespace

TransitModels::TransitModels(db::Pool& pool, std::shared_ptr<const Clock> clock, core::promise::TransitModelConfig config,
                             core::promise::SlipConfig slip_config)
    : pool_(pool),
      clock_(std::move(clock)),
      config_(config),
      slip_config_(slip_config),
      models_(std::make_shared<const Map>()) {}

TransitModels::~TransitModels() { stop(); }

std::shared_ptr<const core::promise::TransitModel> TransitModels::get(const std::string& tenant_id) const {
  const std::shared_ptr<const Map> models = models_.load();
  const auto it = models->find(tenant_id);
  return it == models->end() ? nullptr : it->second;
}

std::shared_ptr<const core::promise::TransitModel> TransitModels::build(const std::string& tenant_id) const {
  TenantSnapshot services;  // only its services: how the checkout resolves ids
  std::vector<core::promise::TransitRecord> records;
  pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    services.services = snapshot_services(db::all_carrier_services(tx, tenant_id));
    records.clear();
    for (const auto& row : db::list_transit_observations(tx, tenant_id))
      if (auto r = record_of(row)) records.push_back(std::move(*r));
  });
  auto model = core::promise::TransitModel::build(
      records, [&](const std::string& id) { return resolve_service(services, id); }, config_, clock_->now());
  return std::make_shared<const core::promise::TransitModel>(std::move(model));
}

std::size_t TransitModels::rebuild_slips() {
  const Instant now = clock_->now();
  const core::calendar::Day today = date::floor<date::days>(date::locate_zone("UTC")->to_local(now));
  const core::promise::SlipConfig& slip_config = slip_config_;
  const core::calendar::Day from = today - date::days{slip_config.window_days};
  std::vector<std::string> tenants;
  try {
    tenants = pool_.run([&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return db::slip_tenants(tx, from, today);
    });
  } catch (const std::exception& e) {
    log::warn("carrier slip rebuild skipped; keeping the slips learned before", {{"error", e.what()}});
    return 0;
  }
  std::size_t done = 0;
  for (const auto& tenant : tenants) {
    try {
      pool_.run([&](pqxx::connection& c) {
        pqxx::work tx(c);
        TenantSnapshot services;  // only its services: how the checkout resolves ids
        services.services = snapshot_services(db::all_carrier_services(tx, tenant));
        const auto records = db::slip_observations(tx, tenant, from, today);
        const auto slips = core::promise::build_slips(
            records, [&](const std::string& id) { return resolve_service(services, id); }, today, slip_config);
        db::replace_service_slips(tx, tenant, slips, now);
        tx.commit();
      });
      ++done;
    } catch (const std::exception& e) {  // one tenant's failure leaves the others' rebuilds alone
      log::warn("carrier slip rebuild failed; keeping the tenant's slips learned before",
                {{"tenant", tenant}, {"error", e.what()}});
    }
  }
  return done;
}

std::size_t TransitModels::rebuild_all() {
  rebuild_slips();
  const auto previous = models_.load();
  auto next = std::make_shared<Map>();
  std::vector<std::string> tenants;
  try {
    tenants = pool_.run([](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return db::observation_tenants(tx);
    });
  } catch (const std::exception& e) {
    log::warn("transit model rebuild skipped; keeping the current models", {{"error", e.what()}});
    return 0;
  }
  std::size_t built = 0;
  std::size_t records = 0;
  for (const auto& tenant : tenants) {
    try {
      auto model = build(tenant);
      records += model->records_used();
      (*next)[tenant] = std::move(model);
      ++built;
    } catch (const std::exception& e) {
      log::warn("transit model rebuild failed; keeping the tenant's current model",
                {{"tenant", tenant}, {"error", e.what()}});
      if (auto it = previous->find(tenant); it != previous->end()) (*next)[tenant] = it->second;
    }
  }
  models_.store(std::shared_ptr<const Map>(std::move(next)));
  // Info when what the models learned from changed, debug otherwise (every period).
  const nlohmann::json fields = {{"tenants", built}, {"records", records}};
  if (records != last_records_.exchange(records)) log::info("transit models rebuilt", fields);
  else log::debug("transit models rebuilt", fields);
  return built;
}

void TransitModels::start(int period_ms) {
  stop();
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, period_ms] {
    for (;;) {
      rebuild_all();
      std::unique_lock lock(mu_);
      if (wake_.wait_for(lock, std::chrono::milliseconds(period_ms), [this] { return stopping_; })) return;
    }
  });
}

void TransitModels::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace forewarn::http
