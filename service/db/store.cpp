#include "db/store.hpp"

#include <cstdio>
#include <stdexcept>

#include "core/encoding.hpp"
#include "core/tracking/codec_support.hpp"
#include "db/sql.hpp"
#include "platform/crypto.hpp"

namespace forewarn::db {

bool is_uuid(const std::string& s) { return forewarn::is_uuid(s); }

namespace {
void append_quoted(std::string& out, const std::string& item) {
  out += '"';
  for (char c : item) {
    if (c == '\0') continue;  // PostgreSQL text cannot hold NUL
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}
}  // namespace

std::string pg_text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_quoted(out, items[i]);
  }
  return out + "}";
}

std::string pg_text_array(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    if (items[i]) append_quoted(out, *items[i]);
    else out += "NULL";
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

// --- shipments -----------------------------------------------------------------

namespace {

namespace sh = forewarn::shipment;
namespace tr = forewarn::tracking;

const char* opt(const std::optional<std::string>& v) { return v ? v->c_str() : nullptr; }

std::optional<std::string> text_or_null(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

std::optional<Instant> instant_or_null(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return Instant{Duration{f.as<long long>()}};
}

std::optional<std::string> iso_or_null(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return format_iso8601(*t);
}

std::optional<std::string> money(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", *v);
  return std::string(buf);
}

std::optional<std::string> number_text(const std::optional<long long>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

sh::Contact contact_from_json(const nlohmann::json& j) {
  sh::Contact c;
  c.name = j.value("name", "");
  for (auto [key, field] : {std::pair{"email", &c.email}, std::pair{"phone", &c.phone},
                            std::pair{"locale", &c.locale}, std::pair{"time_zone", &c.time_zone}})
    if (j.contains(key) && j[key].is_string()) *field = j[key].get<std::string>();
  return c;
}

sh::Shipment shipment_from_row(const pqxx::row& r) {
  sh::Shipment s;
  s.id = r[0].as<std::string>();
  s.order_id = r[1].as<std::string>();
  s.carrier = r[2].as<std::string>();
  s.service = text_or_null(r[3]);
  s.tracking_number = r[4].as<std::string>();
  s.warehouse_id = text_or_null(r[5]);
  s.destination_postal_code = r[6].as<std::string>();
  s.destination_country = r[7].as<std::string>();
  s.destination_time_zone = text_or_null(r[8]);
  s.promised_date = text_or_null(r[9]);
  s.event_id = text_or_null(r[10]);
  if (!r[11].is_null()) s.customer.lifetime_value = std::stod(r[11].as<std::string>());
  s.customer.currency = text_or_null(r[12]);
  if (!r[13].is_null()) s.customer.order_count = r[13].as<long long>();
  s.customer.tier = text_or_null(r[14]);
  s.status = r[15].as<std::string>();
  s.substatus = r[16].as<std::string>();
  s.exception_reason = text_or_null(r[17]);
  s.risk = text_or_null(r[18]);
  s.carrier_estimated_delivery = text_or_null(r[19]);
  s.delivered_at = text_or_null(r[20]);
  s.last_event_at = text_or_null(r[21]);
  s.active = r[22].as<bool>();
  s.stopped_at = text_or_null(r[23]);
  s.next_poll_at = text_or_null(r[24]);
  s.created_at = r[25].as<std::string>();
  s.updated_at = r[26].as<std::string>();
  for (const auto& c : nlohmann::json::parse(r[27].as<std::string>())) {
    if (c.value("role", "") == "purchaser") s.purchaser = contact_from_json(c);
    else s.recipients.push_back(contact_from_json(c));
  }
  return s;
}

void insert_contacts(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                     const sh::Shipment& s) {
  const auto insert = [&](const char* role, int position, const sh::Contact& c) {
    tx.exec_params0(sql::kInsertContact.sql, tenant_id, shipment_id, role, position, c.name, opt(c.email),
                    opt(c.phone), opt(c.locale), opt(c.time_zone));
  };
  if (s.purchaser) insert("purchaser", 0, *s.purchaser);
  for (size_t i = 0; i < s.recipients.size(); ++i) insert("recipient", static_cast<int>(i), s.recipients[i]);
}

std::optional<std::chrono::year_month_day> date_or_null(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return tr::codec::parse_date(f.as<std::string>());
}

std::optional<std::string> date_text(const std::optional<std::chrono::year_month_day>& d) {
  if (!d) return std::nullopt;
  return tr::codec::format_date(*d);
}

}  // namespace

std::optional<sh::Shipment> insert_shipment(pqxx::work& tx, const std::string& tenant_id, const sh::Shipment& s,
                                            Instant now) {
  const auto ltv = money(s.customer.lifetime_value);
  const auto orders = number_text(s.customer.order_count);
  const auto rows = tx.exec_params(sql::kInsertShipment.sql, tenant_id, s.order_id, s.carrier, opt(s.service),
                                   s.tracking_number, opt(s.warehouse_id), s.destination_postal_code,
                                   s.destination_country, opt(s.destination_time_zone), opt(s.promised_date),
                                   opt(s.event_id), opt(ltv), opt(s.customer.currency), opt(orders),
                                   opt(s.customer.tier), format_iso8601(now));
  if (rows.empty()) return std::nullopt;
  const std::string id = rows[0][0].as<std::string>();
  insert_contacts(tx, tenant_id, id, s);
  return get_shipment(tx, tenant_id, id);
}

std::optional<sh::Shipment> get_shipment(pqxx::transaction_base& tx, const std::string& tenant_id,
                                         const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  const auto rows = tx.exec_params(sql::kGetShipment.sql, tenant_id, id);
  if (rows.empty()) return std::nullopt;
  return shipment_from_row(rows[0]);
}

std::optional<sh::Shipment> find_shipment_by_tracking(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                      const std::string& carrier, const std::string& tracking_number) {
  const auto rows = tx.exec_params(sql::kFindShipmentByTracking.sql, tenant_id, carrier, tracking_number);
  if (rows.empty()) return std::nullopt;
  return shipment_from_row(rows[0]);
}

std::vector<sh::Shipment> list_shipments(pqxx::transaction_base& tx, const std::string& tenant_id,
                                         const ShipmentFilter& f,
                                         const std::optional<std::pair<std::string, std::string>>& after, int limit) {
  const std::optional<std::string> active =
      f.active ? std::optional<std::string>(*f.active ? "true" : "false") : std::nullopt;
  const char* after_time = after ? after->first.c_str() : nullptr;
  const char* after_id = after ? after->second.c_str() : nullptr;
  std::vector<sh::Shipment> out;
  for (const auto& r : tx.exec_params(sql::kListShipments.sql, tenant_id, opt(f.status), opt(f.risk), opt(f.event_id),
                                      opt(f.updated_since), opt(active), opt(f.order_id), after_time, after_id, limit))
    out.push_back(shipment_from_row(r));
  return out;
}

std::optional<sh::Shipment> update_shipment(pqxx::work& tx, const std::string& tenant_id, const sh::Shipment& s,
                                            Instant now) {
  const auto ltv = money(s.customer.lifetime_value);
  const auto orders = number_text(s.customer.order_count);
  const auto rows = tx.exec_params(sql::kUpdateShipmentPromise.sql, tenant_id, s.id, opt(s.promised_date),
                                   opt(s.event_id), opt(ltv), opt(s.customer.currency), opt(orders),
                                   opt(s.customer.tier), format_iso8601(now));
  if (rows.empty()) return std::nullopt;
  tx.exec_params0(sql::kDeleteContacts.sql, tenant_id, s.id);
  insert_contacts(tx, tenant_id, s.id, s);
  return get_shipment(tx, tenant_id, s.id);
}

bool stop_shipment(pqxx::work& tx, const std::string& tenant_id, const std::string& id, Instant now) {
  if (!is_uuid(id)) return false;
  return !tx.exec_params(sql::kStopShipment.sql, tenant_id, id, format_iso8601(now)).empty();
}

std::vector<sh::StoredEvent> list_tracking_events(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                  const std::string& shipment_id, int limit) {
  std::vector<sh::StoredEvent> out;
  for (const auto& r : tx.exec_params(sql::kListTrackingEvents.sql, tenant_id, shipment_id, limit)) {
    sh::StoredEvent e;
    e.event.time = Instant{Duration{r[0].as<long long>()}};
    if (!r[1].is_null()) e.event.utc_offset_minutes = r[1].as<int>();
    e.event.status = tr::status_from_string(r[2].as<std::string>()).value_or(tr::Status::unknown);
    e.event.substatus = r[3].as<std::string>();
    if (!r[4].is_null()) e.event.exception_reason = tr::exception_reason_from_string(r[4].as<std::string>());
    e.event.description = r[5].as<std::string>();
    e.event.location = {r[6].as<std::string>(), r[7].as<std::string>(), r[8].as<std::string>(),
                        r[9].as<std::string>()};
    e.source = r[10].as<std::string>();
    e.recorded_at = r[11].as<std::string>();
    out.push_back(std::move(e));
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

std::optional<IdempotencyRecord> find_idempotency_key(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                      const std::string& key) {
  const auto rows = tx.exec_params(sql::kFindIdempotencyKey.sql, tenant_id, key);
  if (rows.empty()) return std::nullopt;
  return IdempotencyRecord{rows[0][0].as<std::string>(), rows[0][1].as<std::string>()};
}

bool insert_idempotency_key(pqxx::work& tx, const std::string& tenant_id, const std::string& key,
                            const IdempotencyRecord& record, Instant now) {
  return !tx.exec_params(sql::kInsertIdempotencyKey.sql, tenant_id, key, record.request_hash, record.shipment_id,
                         format_iso8601(now))
              .empty();
}

// --- tracking ingestion ------------------------------------------------------------

IngestResult record_tracking_result(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                                    const tr::TrackingResult& result, const std::string& source, Instant now) {
  IngestResult out;
  if (!is_uuid(shipment_id)) return out;
  const auto locked = tx.exec_params(sql::kLockShipmentTracking.sql, tenant_id, shipment_id);
  if (locked.empty()) return out;
  out.found = true;
  const auto& r = locked[0];
  const std::string carrier = r[0].as<std::string>();
  sh::TrackingState current;
  current.status = tr::status_from_string(r[1].as<std::string>()).value_or(tr::Status::unknown);
  current.substatus = r[2].as<std::string>();
  if (!r[3].is_null()) current.exception_reason = tr::exception_reason_from_string(r[3].as<std::string>());
  current.carrier_estimated_delivery = date_or_null(r[4]);
  current.delivered_at = instant_or_null(r[5]);
  current.last_event_at = instant_or_null(r[6]);
  current.active = r[7].as<bool>();
  current.stopped = r[8].as<bool>();
  current.promised_date = date_or_null(r[9]);
  current.risk = text_or_null(r[10]);

  if (!result.events.empty()) {
    std::vector<std::optional<std::string>> key, time, offset, status, substatus, reason, description, city, state,
        postal, country;
    for (const auto& e : result.events) {
      key.emplace_back(crypto::hex(crypto::sha256(sh::event_fingerprint(carrier, e))));
      time.emplace_back(format_iso8601(e.time));
      offset.emplace_back(e.utc_offset_minutes ? std::optional<std::string>(std::to_string(*e.utc_offset_minutes))
                                               : std::nullopt);
      status.emplace_back(std::string(tr::to_string(e.status)));
      substatus.emplace_back(e.substatus);
      reason.emplace_back(e.exception_reason ? std::optional<std::string>(tr::to_string(*e.exception_reason))
                                             : std::nullopt);
      description.emplace_back(e.description);
      city.emplace_back(e.location.city);
      state.emplace_back(e.location.state);
      postal.emplace_back(e.location.postal_code);
      country.emplace_back(e.location.country);
    }
    out.new_events = static_cast<int>(
        tx.exec_params(sql::kInsertTrackingEvents.sql, tenant_id, shipment_id, source, format_iso8601(now),
                       pg_text_array(key), pg_text_array(time), pg_text_array(offset), pg_text_array(status),
                       pg_text_array(substatus), pg_text_array(reason), pg_text_array(description),
                       pg_text_array(city), pg_text_array(state), pg_text_array(postal), pg_text_array(country))
            .size());
  }

  const sh::Evaluation ev = sh::evaluate_shipment(current, result, now);
  const sh::TrackingState& next = ev.state;
  if (ev.changed || out.new_events > 0) {
    const std::optional<std::string> reason =
        next.exception_reason ? std::optional<std::string>(tr::to_string(*next.exception_reason)) : std::nullopt;
    tx.exec_params0(sql::kUpdateShipmentTracking.sql, tenant_id, shipment_id, std::string(tr::to_string(next.status)),
                    next.substatus, opt(reason), opt(date_text(next.carrier_estimated_delivery)),
                    opt(iso_or_null(next.delivered_at)), opt(iso_or_null(next.last_event_at)), next.active,
                    opt(next.risk), format_iso8601(now));
  }
  out.status_changed = ev.status_changed;
  out.active = next.active;
  out.status = std::string(tr::to_string(next.status));
  return out;
}

long long record_carrier_fault(pqxx::work& tx, const std::string& tenant_id,
                               const std::optional<std::string>& shipment_id, const std::string& source,
                               const std::string& kind, const std::string& reason, const std::string& carrier_code,
                               std::string_view raw_body, Instant now) {
  return tx.exec_params1(sql::kInsertCarrierFault.sql, tenant_id, opt(shipment_id), source, kind, reason, carrier_code,
                         crypto::hex(raw_body), format_iso8601(now))[0]
      .as<long long>();
}

std::optional<WebhookTarget> find_shipment_for_webhook(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                       const std::string& tracking_number, const std::string& carrier) {
  const auto rows = tx.exec_params(sql::kFindShipmentForWebhook.sql, tenant_id, tracking_number, carrier);
  if (rows.empty()) return std::nullopt;
  return WebhookTarget{rows[0][0].as<std::string>(), rows[0][1].as<bool>()};
}

std::vector<LeasedShipment> lease_due_shipments(pqxx::work& tx, const std::string& worker, Instant now,
                                                Duration lease_for, int limit) {
  std::vector<LeasedShipment> out;
  for (const auto& r : tx.exec_params(sql::kLeaseDueShipments.sql, format_iso8601(now),
                                      format_iso8601(now + lease_for), worker, limit)) {
    LeasedShipment l;
    l.tenant_id = r[0].as<std::string>();
    l.id = r[1].as<std::string>();
    l.carrier = r[2].as<std::string>();
    l.tracking_number = r[3].as<std::string>();
    l.service = text_or_null(r[4]);
    l.status = tr::status_from_string(r[5].as<std::string>()).value_or(tr::Status::unknown);
    l.poll_failures = r[6].as<int>();
    l.last_event_at = instant_or_null(r[7]);
    l.carrier_estimated_delivery = text_or_null(r[8]);
    l.promised_date = text_or_null(r[9]);
    l.destination_time_zone = text_or_null(r[10]);
    l.next_poll_at = Instant{Duration{r[11].as<long long>()}};
    out.push_back(std::move(l));
  }
  return out;
}

bool finish_poll(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                 const std::string& worker, Instant next_poll_at, bool failed, Instant now) {
  return !tx.exec_params(sql::kFinishPoll.sql, tenant_id, shipment_id, worker, format_iso8601(now),
                         format_iso8601(next_poll_at), failed)
              .empty();
}

// --- webhook secrets ---------------------------------------------------------------

WebhookSecretRow put_webhook_secret(pqxx::work& tx, const std::string& tenant_id, const std::string& provider,
                                    const std::string& secret, Instant now) {
  const auto r = tx.exec_params1(sql::kPutWebhookSecret.sql, tenant_id, provider, secret, format_iso8601(now));
  return WebhookSecretRow{provider, r[1].as<std::string>(), r[2].as<std::string>(), r[0].as<bool>()};
}

std::optional<std::string> get_webhook_secret(pqxx::transaction_base& tx, const std::string& tenant_id,
                                              const std::string& provider) {
  if (!is_uuid(tenant_id)) return std::nullopt;
  const auto rows = tx.exec_params(sql::kGetWebhookSecret.sql, tenant_id, provider);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

std::vector<WebhookSecretRow> list_webhook_secrets(pqxx::transaction_base& tx, const std::string& tenant_id) {
  std::vector<WebhookSecretRow> out;
  for (const auto& r : tx.exec_params(sql::kListWebhookSecrets.sql, tenant_id))
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), false});
  return out;
}

bool delete_webhook_secret(pqxx::work& tx, const std::string& tenant_id, const std::string& provider) {
  return !tx.exec_params(sql::kDeleteWebhookSecret.sql, tenant_id, provider).empty();
}


// --- message templates (issue 5: templates) ---------------------------------------

namespace {
TemplateRow template_from_row(const pqxx::row& r) {
  TemplateRow t{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), {},
                r[4].as<std::string>(), r[5].as<std::string>(), false};
  const auto parts = nlohmann::json::parse(r[3].as<std::string>());  // items() of a temporary would dangle
  for (const auto& [part, source] : parts.items())
    if (source.is_string()) t.parts.emplace(part, source.get<std::string>());
  return t;
}
}  // namespace

TemplateRow put_template(pqxx::work& tx, const std::string& tenant_id, const std::string& kind,
                         const std::string& channel, const std::string& locale,
                         const std::map<std::string, std::string>& parts, Instant now) {
  const nlohmann::json j(parts);
  const auto r = tx.exec_params1(sql::kPutTemplate.sql, tenant_id, kind, channel, locale, j.dump(), format_iso8601(now));
  return TemplateRow{kind, channel, locale, parts, r[1].as<std::string>(), r[2].as<std::string>(), r[0].as<bool>()};
}

std::optional<TemplateRow> get_template(pqxx::transaction_base& tx, const std::string& tenant_id,
                                        const std::string& kind, const std::string& channel, const std::string& locale) {
  const auto rows = tx.exec_params(sql::kGetTemplate.sql, tenant_id, kind, channel, locale);
  if (rows.empty()) return std::nullopt;
  return template_from_row(rows[0]);
}

std::vector<TemplateRow> list_templates(pqxx::transaction_base& tx, const std::string& tenant_id) {
  std::vector<TemplateRow> out;
  for (const auto& r : tx.exec_params(sql::kListTemplates.sql, tenant_id)) out.push_back(template_from_row(r));
  return out;
}

bool delete_template(pqxx::work& tx, const std::string& tenant_id, const std::string& kind, const std::string& channel,
                     const std::string& locale) {
  return !tx.exec_params(sql::kDeleteTemplate.sql, tenant_id, kind, channel, locale).empty();
}

std::vector<core::messages::templates::TemplateOverride> template_overrides(pqxx::transaction_base& tx,
                                                                            const std::string& tenant_id,
                                                                            const std::string& kind,
                                                                            const std::string& channel) {
  std::vector<core::messages::templates::TemplateOverride> out;
  for (const auto& r : tx.exec_params(sql::kListTemplatesFor.sql, tenant_id, kind, channel)) {
    TemplateRow t = template_from_row(r);
    out.push_back({std::move(t.kind), std::move(t.channel), std::move(t.locale), std::move(t.parts)});
  }
  return out;
}

}  // namespace forewarn::db
