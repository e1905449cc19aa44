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

std::size_t TransitModels::rebuild_per_tenant(
    const char* what, const std::function<std::vector<std::string>(pqxx::transaction_base&)>& tenants_of,
    const std::function<void(pqxx::work&, const std::string&)>& rebuild) {
  std::vector<std::string> tenants;
  try {
    tenants = pool_.run([&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return tenants_of(tx);
    });
  } catch (const std::exception& e) {
    log::warn(std::string(what) + " rebuild skipped; keeping what was learned before", {{"error", e.what()}});
    return 0;
  }
  std::size_t done = 0;
  for (const auto& tenant : tenants) {
    try {
      pool_.run([&](pqxx::connection& c) {
        pqxx::work tx(c);
        rebuild(tx, tenant);
        tx.commit();
      });
      ++done;
    } catch (const std::exception& e) {  // one tenant's failure leaves the others' rebuilds alone
      log::warn(std::string(what) + " rebuild failed; keeping what the tenant learned before",
                {{"tenant", tenant}, {"error", e.what()}});
    }
  }
  return done;
}

std::size_t TransitModels::rebuild_slips() {
  const Instant now = clock_->now();
  const core::calendar::Day today = date::floor<date::days>(date::locate_zone("UTC")->to_local(now));
  const core::promise::SlipConfig& slip_config = slip_config_;
  const core::calendar::Day from = today - date::days{slip_config.window_days};
  return rebuild_per_tenant(
      "carrier slip", [&](pqxx::transaction_base& tx) { return db::slip_tenants(tx, from, today); },
      [&](pqxx::work& tx, const std::string& tenant) {
        TenantSnapshot services;  // only its services: how the checkout resolves ids
        services.services = snapshot_services(db::all_carrier_services(tx, tenant));
        const auto records = db::slip_observations(tx, tenant, from, today, now);
        const auto slips = core::promise::build_slips(
            records, [&](const std::string& id) { return resolve_service(services, id); }, today, slip_config);
        db::replace_service_slips(tx, tenant, slips, now);
      });
}

std::size_t TransitModels::rebuild_non_arrivals() {
  const Instant now = clock_->now();
  const core::promise::NonArrivalConfig& config = non_arrival_config_;
  const Instant from = now - std::chrono::hours{24 * config.window_days};
  const Instant to = now - std::chrono::hours{24 * config.label_age_days};
  return rebuild_per_tenant(
      "non-arrival rate", [&](pqxx::transaction_base& tx) { return db::non_arrival_tenants(tx, from, to); },
      [&](pqxx::work& tx, const std::string& tenant) {
        const auto counts = db::non_arrival_counts(tx, tenant, from, to);
        db::replace_non_arrivals(tx, tenant, core::promise::non_arrival_rates(counts, config), now);
      });
}

std::size_t TransitModels::rebuild_all() {
  rebuild_slips();
  rebuild_non_arrivals();
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
