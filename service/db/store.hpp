// Typed access to the database: each function runs named statements from
// db/sql.hpp inside the caller's transaction. Every function that touches
// tenant data takes the tenant id and filters by it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "core/promise/history.hpp"
#include "core/tenant_service.hpp"
#include "core/time.hpp"
#include "core/warehouse.hpp"

namespace forewarn::db {

// --- tenants and keys ---
struct TenantRow {
  std::string id, name, created_at;
  long long active_keys = 0;
};
std::string insert_tenant(pqxx::work& tx, const std::string& name, Instant now);
std::vector<TenantRow> list_tenants(pqxx::transaction_base& tx);
// By id or exact name; nullopt when there is none, throws when a name is ambiguous.
std::optional<TenantRow> find_tenant(pqxx::transaction_base& tx, const std::string& id_or_name);

struct KeyRecord {
  std::string tenant_id, secret_hash_hex, tenant_name;
  bool revoked = false;
};
void insert_api_key(pqxx::work& tx, const std::string& tenant_id, const std::string& prefix,
                    const std::string& secret_hash_hex, const std::string& label, Instant now);
std::optional<KeyRecord> find_api_key(pqxx::transaction_base& tx, const std::string& prefix);
bool revoke_api_key(pqxx::work& tx, const std::string& prefix, Instant now);
struct KeyRow {
  std::string prefix, label, created_at, revoked_at;
};
std::vector<KeyRow> list_api_keys(pqxx::transaction_base& tx, const std::string& tenant_id);

// --- warehouses ---
// nullopt: a warehouse of that name exists already.
std::optional<Warehouse> insert_warehouse(pqxx::work& tx, const std::string& tenant_id, const Warehouse& w, Instant now);
std::optional<Warehouse> get_warehouse(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id);
std::vector<Warehouse> list_warehouses(pqxx::transaction_base& tx, const std::string& tenant_id,
                                       const std::optional<std::pair<std::string, std::string>>& after, int limit);
std::optional<Warehouse> update_warehouse(pqxx::work& tx, const std::string& tenant_id, const Warehouse& w, Instant now);
bool delete_warehouse(pqxx::work& tx, const std::string& tenant_id, const std::string& id);

// --- events ---
struct EventRow {
  std::string id;
  nlohmann::json definition;  // the JSON form of core/event_json.hpp
  std::string created_at;
};
// nullopt: an event of that name exists already.
std::optional<EventRow> insert_event(pqxx::work& tx, const std::string& tenant_id, const std::string& name,
                                     const nlohmann::json& definition, Instant now);
std::vector<EventRow> list_events(pqxx::transaction_base& tx, const std::string& tenant_id);
std::optional<EventRow> get_event(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id);
bool delete_event(pqxx::work& tx, const std::string& tenant_id, const std::string& id);

// --- carrier services (a tenant's own) ---
// nullopt: the tenant has a service with that id already. An empty s.id is generated.
std::optional<TenantService> insert_carrier_service(pqxx::work& tx, const std::string& tenant_id,
                                                    const TenantService& s, Instant now);
std::optional<TenantService> get_carrier_service(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                 const std::string& id);
std::vector<TenantService> list_carrier_services(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                 const std::optional<std::pair<std::string, std::string>>& after,
                                                 int limit);
// Every service of the tenant (all pages).
std::vector<TenantService> all_carrier_services(pqxx::transaction_base& tx, const std::string& tenant_id);
// nullopt: there is no such service.
std::optional<TenantService> replace_carrier_service(pqxx::work& tx, const std::string& tenant_id,
                                                     const TenantService& s, Instant now);
bool delete_carrier_service(pqxx::work& tx, const std::string& tenant_id, const std::string& id);

// --- delivery history (forewarn import-history) and the model's observations ---
struct HistoryImport {
  std::size_t added = 0;    // new rows
  std::size_t present = 0;  // rows whose row key was imported before (or repeated in the file)
};
HistoryImport insert_delivery_history(pqxx::work& tx, const std::string& tenant_id,
                                      const std::vector<core::promise::HistoryRow>& rows, Instant now);
long long count_delivery_history(pqxx::transaction_base& tx, const std::string& tenant_id);
// Every warehouse of the tenant (all pages).
std::vector<Warehouse> all_warehouses(pqxx::transaction_base& tx, const std::string& tenant_id);

// One delivered shipment from the view transit_observations.
struct ObservationRow {
  std::string service_id;
  std::string origin_country, origin_postal_code, destination_country, destination_postal_code;
  std::string shipped_local_date, delivered_local_date;  // YYYY-MM-DD
  std::string delivered_at;                              // RFC 3339, UTC
};
std::vector<std::string> observation_tenants(pqxx::transaction_base& tx);
std::vector<ObservationRow> list_transit_observations(pqxx::transaction_base& tx, const std::string& tenant_id);

bool is_uuid(const std::string& s);
// PostgreSQL array literal of strings: {"a","b"}
std::string pg_text_array(const std::vector<std::string>& items);

}  // namespace forewarn::db
