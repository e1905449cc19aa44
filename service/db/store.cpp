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

// One page of a list ordered by (created_at, id): the rows after `after`
// ($2, $3; NULL for the first page), at most `limit` ($4).
template <typename Row>
std::vector<Row> list_page(pqxx::transaction_base& tx, const sql::Statement& statement, const std::string& tenant_id,
                           const std::optional<std::pair<std::string, std::string>>& after, int limit,
                           Row (*from_row)(const pqxx::row&)) {
  const char* after_time = after ? after->first.c_str() : nullptr;
  const char* after_id = after ? after->second.c_str() : nullptr;
  std::vector<Row> out;
  for (const auto& r : tx.exec_params(statement.sql, tenant_id, after_time, after_id, limit)) out.push_back(from_row(r));
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
  return list_page(tx, sql::kListWarehouses, tenant_id, after, limit, warehouse_from_row);
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

namespace {
// Cursor pagination over (created_at, id) until a short page: every row.
template <typename Row, typename ListPage>
std::vector<Row> all_pages(ListPage list_page) {
  constexpr int kPage = 1000;
  std::vector<Row> out;
  std::optional<std::pair<std::string, std::string>> after;
  for (;;) {
    auto page = list_page(after, kPage);
    out.insert(out.end(), page.begin(), page.end());
    if (page.size() < static_cast<size_t>(kPage)) return out;
    after = std::make_pair(page.back().created_at, page.back().id);
  }
}

TenantService service_from_row(const pqxx::row& r) {
  TenantService s;
  s.id = r[0].as<std::string>();
  s.carrier = r[1].as<std::string>();
  s.name = r[2].as<std::string>();
  if (!r[3].is_null()) s.based_on = r[3].as<std::string>();
  if (!r[4].is_null()) s.pickup_days = read_array(r[4]);
  if (!r[5].is_null()) s.delivery_days = read_array(r[5]);
  if (!r[6].is_null()) s.holidays = r[6].as<std::string>();
  if (!r[7].is_null()) s.min_transit_days = r[7].as<int>();
  if (!r[8].is_null()) s.max_transit_days = r[8].as<int>();
  s.enabled = r[9].as<bool>();
  s.created_at = r[10].as<std::string>();
  s.updated_at = r[11].as<std::string>();
  return s;
}

// The bound parameters of a service's columns; null pointers are SQL NULL.
struct ServiceParams {
  explicit ServiceParams(const TenantService& s)
      : pickup(pg_text_array(s.pickup_days)),
        delivery(pg_text_array(s.delivery_days)),
        min_days(s.min_transit_days ? std::to_string(*s.min_transit_days) : ""),
        max_days(s.max_transit_days ? std::to_string(*s.max_transit_days) : ""),
        based_on(s.based_on ? s.based_on->c_str() : nullptr),
        pickup_days(s.based_on ? nullptr : pickup.c_str()),
        delivery_days(s.based_on ? nullptr : delivery.c_str()),
        holidays(s.holidays ? s.holidays->c_str() : nullptr),
        min_transit_days(s.min_transit_days ? min_days.c_str() : nullptr),
        max_transit_days(s.max_transit_days ? max_days.c_str() : nullptr) {}
  std::string pickup, delivery, min_days, max_days;
  const char* based_on;
  const char* pickup_days;
  const char* delivery_days;
  const char* holidays;
  const char* min_transit_days;
  const char* max_transit_days;
};
}  // namespace

std::optional<TenantService> insert_carrier_service(pqxx::work& tx, const std::string& tenant_id,
                                                    const TenantService& s, Instant now) {
  const ServiceParams p(s);
  const auto rows = tx.exec_params(sql::kInsertCarrierService.sql, tenant_id, s.id.empty() ? nullptr : s.id.c_str(),
                                   s.carrier, s.name, p.based_on, p.pickup_days, p.delivery_days, p.holidays,
                                   p.min_transit_days, p.max_transit_days, s.enabled, format_iso8601(now));
  if (rows.empty()) return std::nullopt;
  return service_from_row(rows[0]);
}

std::optional<TenantService> get_carrier_service(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                 const std::string& id) {
  if (!is_service_id(id)) return std::nullopt;
  const auto rows = tx.exec_params(sql::kGetCarrierService.sql, tenant_id, id);
  if (rows.empty()) return std::nullopt;
  return service_from_row(rows[0]);
}

std::vector<TenantService> list_carrier_services(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                 const std::optional<std::pair<std::string, std::string>>& after,
                                                 int limit) {
  return list_page(tx, sql::kListCarrierServices, tenant_id, after, limit, service_from_row);
}

std::vector<TenantService> all_carrier_services(pqxx::transaction_base& tx, const std::string& tenant_id) {
  return all_pages<TenantService>([&](const auto& after, int limit) { return list_carrier_services(tx, tenant_id, after, limit); });
}

std::vector<Warehouse> all_warehouses(pqxx::transaction_base& tx, const std::string& tenant_id) {
  return all_pages<Warehouse>([&](const auto& after, int limit) { return list_warehouses(tx, tenant_id, after, limit); });
}

std::optional<TenantService> replace_carrier_service(pqxx::work& tx, const std::string& tenant_id,
                                                     const TenantService& s, Instant now) {
  if (!is_service_id(s.id)) return std::nullopt;
  const ServiceParams p(s);
  const auto rows = tx.exec_params(sql::kReplaceCarrierService.sql, tenant_id, s.id, s.carrier, s.name, p.based_on,
                                   p.pickup_days, p.delivery_days, p.holidays, p.min_transit_days, p.max_transit_days,
                                   s.enabled, format_iso8601(now));
  if (rows.empty()) return std::nullopt;
  return service_from_row(rows[0]);
}

bool delete_carrier_service(pqxx::work& tx, const std::string& tenant_id, const std::string& id) {
  if (!is_service_id(id)) return false;
  return !tx.exec_params(sql::kDeleteCarrierService.sql, tenant_id, id).empty();
}

HistoryImport insert_delivery_history(pqxx::work& tx, const std::string& tenant_id,
                                      const std::vector<core::promise::HistoryRow>& rows, Instant now) {
  HistoryImport out;
  const std::string imported_at = format_iso8601(now);
  for (const auto& r : rows) {
    const auto added = tx.exec_params(
        sql::kInsertDeliveryHistory.sql, tenant_id, r.row_key, r.service_id, r.carrier, r.tracking_number,
        r.origin_warehouse_id.empty() ? nullptr : r.origin_warehouse_id.c_str(), r.origin_country,
        r.origin_postal_code, r.destination_country, r.destination_postal_code, format_iso8601(r.shipped_at),
        core::calendar::format_day(r.shipped_local), format_iso8601(r.delivered_at),
        core::calendar::format_day(r.delivered_local), imported_at);
    if (added.empty()) ++out.present;
    else ++out.added;
  }
  return out;
}

long long count_delivery_history(pqxx::transaction_base& tx, const std::string& tenant_id) {
  return tx.exec_params1(sql::kCountDeliveryHistory.sql, tenant_id)[0].as<long long>();
}

std::vector<std::string> observation_tenants(pqxx::transaction_base& tx) {
  std::vector<std::string> out;
  for (const auto& r : tx.exec_params(sql::kObservationTenants.sql)) out.push_back(r[0].as<std::string>());
  return out;
}

std::vector<ObservationRow> list_transit_observations(pqxx::transaction_base& tx, const std::string& tenant_id) {
  std::vector<ObservationRow> out;
  for (const auto& r : tx.exec_params(sql::kListTransitObservations.sql, tenant_id))
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                   r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<std::string>(), r[7].as<std::string>()});
  return out;
}

}  // namespace forewarn::db
