#include "db/store.hpp"

#include <stdexcept>

#include "db/sql.hpp"

namespace forewarn::db {

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::string pg_text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

namespace {
std::vector<std::string> read_array(const pqxx::field& f) {
  std::vector<std::string> out;
  auto parser = f.as_array();
  for (auto [kind, value] = parser.get_next(); kind != pqxx::array_parser::done; std::tie(kind, value) = parser.get_next())
    if (kind == pqxx::array_parser::string_value) out.push_back(value);
  return out;
}

Warehouse warehouse_from_row(const pqxx::row& r) {
  Warehouse w;
  w.id = r[0].as<std::string>();
  w.name = r[1].as<std::string>();
  w.time_zone = r[2].as<std::string>();
  w.country = r[3].as<std::string>();
  w.postal_code = r[4].as<std::string>();
  w.cutoff_local = r[5].as<std::string>();
  w.processing_days = read_array(r[6]);
  w.closures = read_array(r[7]);
  w.backlog_days = r[8].as<int>();
  w.created_at = r[9].as<std::string>();
  w.updated_at = r[10].as<std::string>();
  return w;
}
}  // namespace

std::string insert_tenant(pqxx::work& tx, const std::string& name, Instant now) {
  return tx.exec_params1(sql::kInsertTenant.sql, name, format_iso8601(now))[0].as<std::string>();
}

std::vector<TenantRow> list_tenants(pqxx::transaction_base& tx) {
  std::vector<TenantRow> out;
  for (const auto& r : tx.exec_params(sql::kListTenants.sql))
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<long long>()});
  return out;
}

std::optional<TenantRow> find_tenant(pqxx::transaction_base& tx, const std::string& id_or_name) {
  const auto rows = tx.exec_params(sql::kFindTenantByIdOrName.sql, id_or_name);
  if (rows.empty()) return std::nullopt;
  if (rows.size() > 1) throw std::runtime_error("several tenants are named \"" + id_or_name + "\": use the tenant id");
  return TenantRow{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(), "", 0};
}

void insert_api_key(pqxx::work& tx, const std::string& tenant_id, const std::string& prefix,
                    const std::string& secret_hash_hex, const std::string& label, Instant now) {
  tx.exec_params0(sql::kInsertApiKey.sql, tenant_id, prefix, secret_hash_hex, label, format_iso8601(now));
}

std::optional<KeyRecord> find_api_key(pqxx::transaction_base& tx, const std::string& prefix) {
  const auto rows = tx.exec_params(sql::kFindApiKey.sql, prefix);
  if (rows.empty()) return std::nullopt;
  return KeyRecord{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(), rows[0][3].as<std::string>(),
                   rows[0][2].as<bool>()};
}

bool revoke_api_key(pqxx::work& tx, const std::string& prefix, Instant now) {
  return !tx.exec_params(sql::kRevokeApiKey.sql, prefix, format_iso8601(now)).empty();
}

std::vector<KeyRow> list_api_keys(pqxx::transaction_base& tx, const std::string& tenant_id) {
  std::vector<KeyRow> out;
  for (const auto& r : tx.exec_params(sql::kListApiKeys.sql, tenant_id))
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                   r[3].is_null() ? "" : r[3].as<std::string>()});
  return out;
}

std::optional<Warehouse> insert_warehouse(pqxx::work& tx, const std::string& tenant_id, const Warehouse& w, Instant now) {
  const auto rows = tx.exec_params(sql::kInsertWarehouse.sql, tenant_id, w.name, w.time_zone, w.country, w.postal_code,
                                   w.cutoff_local, pg_text_array(w.processing_days), pg_text_array(w.closures),
                                   w.backlog_days, format_iso8601(now));
  if (rows.empty()) return std::nullopt;
  return warehouse_from_row(rows[0]);
}

std::optional<Warehouse> get_warehouse(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  const auto rows = tx.exec_params(sql::kGetWarehouse.sql, tenant_id, id);
  if (rows.empty()) return std::nullopt;
  return warehouse_from_row(rows[0]);
}

std::vector<Warehouse> list_warehouses(pqxx::transaction_base& tx, const std::string& tenant_id,
                                       const std::optional<std::pair<std::string, std::string>>& after, int limit) {
  const char* after_time = after ? after->first.c_str() : nullptr;
  const char* after_id = after ? after->second.c_str() : nullptr;
  std::vector<Warehouse> out;
  for (const auto& r : tx.exec_params(sql::kListWarehouses.sql, tenant_id, after_time, after_id, limit))
    out.push_back(warehouse_from_row(r));
  return out;
}

std::optional<Warehouse> update_warehouse(pqxx::work& tx, const std::string& tenant_id, const Warehouse& w, Instant now) {
  const auto rows = tx.exec_params(sql::kUpdateWarehouse.sql, tenant_id, w.id, w.name, w.time_zone, w.country,
                                   w.postal_code, w.cutoff_local, pg_text_array(w.processing_days),
                                   pg_text_array(w.closures), w.backlog_days, format_iso8601(now));
  if (rows.empty()) return std::nullopt;
  return warehouse_from_row(rows[0]);
}

bool delete_warehouse(pqxx::work& tx, const std::string& tenant_id, const std::string& id) {
  if (!is_uuid(id)) return false;
  return !tx.exec_params(sql::kDeleteWarehouse.sql, tenant_id, id).empty();
}

namespace {
EventRow event_from_row(const pqxx::row& r) {
  return EventRow{r[0].as<std::string>(), nlohmann::json::parse(r[1].as<std::string>()), r[2].as<std::string>()};
}
}  // namespace

std::optional<EventRow> insert_event(pqxx::work& tx, const std::string& tenant_id, const std::string& name,
                                     const nlohmann::json& definition, Instant now) {
  const auto rows = tx.exec_params(sql::kInsertEvent.sql, tenant_id, name, definition.dump(), format_iso8601(now));
  if (rows.empty()) return std::nullopt;
  return event_from_row(rows[0]);
}

std::vector<EventRow> list_events(pqxx::transaction_base& tx, const std::string& tenant_id) {
  std::vector<EventRow> out;
  for (const auto& r : tx.exec_params(sql::kListEvents.sql, tenant_id)) out.push_back(event_from_row(r));
  return out;
}

std::optional<EventRow> get_event(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  const auto rows = tx.exec_params(sql::kGetEvent.sql, tenant_id, id);
  if (rows.empty()) return std::nullopt;
  return event_from_row(rows[0]);
}

bool delete_event(pqxx::work& tx, const std::string& tenant_id, const std::string& id) {
  if (!is_uuid(id)) return false;
  return !tx.exec_params(sql::kDeleteEvent.sql, tenant_id, id).empty();
}

}  // namespace forewarn::db
