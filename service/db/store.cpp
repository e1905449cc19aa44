#include "db/store.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "core/dispatch/policy.hpp"
#include "core/encoding.hpp"
#include "core/event_json.hpp"
#include "core/messages/outbox.hpp"
#include "core/risk/situation.hpp"
#include "core/tracking/codec_support.hpp"
#include "db/sql.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "platform/unsubscribe.hpp"

namespace forewarn::db {

bool is_uuid(const std::string& s) { return forewarn::is_uuid(s); }

namespace {
void append_quoted(std::string& out, const std::string& item) {
  out += '"';
  std::size_t run = 0;  // start of the run of plain characters not yet copied
  for (std::size_t i = 0; i < item.size(); ++i) {
    const char c = item[i];
    if (c != '\0' && c != '"' && c != '\\') continue;
    out.append(item, run, i - run);
    if (c != '\0') {  // PostgreSQL text cannot hold NUL
      out += '\\';
      out += c;
    }
    run = i + 1;
  }
  out.append(item, run, std::string::npos);
  out += '"';
}
}  // namespace

std::string pg_text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  std::size_t size = 2;
  for (const auto& i : items) size += i.size() + 3;
  out.reserve(size);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_quoted(out, items[i]);
  }
  return out + "}";
}

std::string pg_text_array(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  std::size_t size = 2;
  for (const auto& i : items) size += (i ? i->size() : 4) + 3;
  out.reserve(size);
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

std::vector<std::string> slip_tenants(pqxx::transaction_base& tx, core::calendar::Day from, core::calendar::Day to) {
  std::vector<std::string> out;
  for (const auto& r : tx.exec_params(sql::kSlipTenants.sql, core::calendar::format_day(from), core::calendar::format_day(to)))
    out.push_back(r[0].as<std::string>());
  return out;
}

std::vector<core::promise::SlipRecord> slip_observations(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                         core::calendar::Day from, core::calendar::Day to,
                                                         Instant now) {
  std::vector<core::promise::SlipRecord> out;
  const date::time_zone* utc = date::locate_zone("UTC");
  for (const auto& r : tx.exec_params(sql::kSlipObservations.sql, tenant_id, core::calendar::format_day(from),
                                      core::calendar::format_day(to))) {
    const auto first = date_or_null(r[2]);
    if (!first) continue;
    core::promise::SlipRecord rec;
    rec.service_id = r[1].is_null() ? core::risk::default_service_id(r[0].as<std::string>()) : r[1].as<std::string>();
    rec.first_estimate = core::calendar::day_of(*first);
    if (const auto current = date_or_null(r[3])) rec.current_estimate = core::calendar::day_of(*current);
    const date::time_zone* zone = utc;
    try {
      if (!r[5].is_null()) zone = date::locate_zone(r[5].as<std::string>());
    } catch (const std::runtime_error&) {
      zone = utc;
    }
    rec.local_today = core::promise::slip_local_today(date::floor<std::chrono::seconds>(zone->to_local(now)));
    if (const auto delivered = instant_or_null(r[4]))
      rec.delivered = date::floor<date::days>(zone->to_local(*delivered));
    out.push_back(std::move(rec));
  }
  return out;
}

void replace_service_slips(pqxx::work& tx, const std::string& tenant_id,
                           const std::map<std::string, core::promise::ServiceSlip>& slips, Instant now) {
  tx.exec_params0(sql::kDeleteServiceSlips.sql, tenant_id);
  for (const auto& [service_id, slip] : slips) {
    std::string probabilities = "{";
    for (int d = 0; d <= slip.slip.max_days() && d <= core::promise::kMaxSlipDays; ++d) {
      if (d > 0) probabilities += ',';
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.6g", slip.slip.probability(d));
      probabilities += buf;
    }
    probabilities += '}';
    tx.exec_params0(sql::kInsertServiceSlip.sql, tenant_id, service_id, probabilities, slip.observations,
                    format_iso8601(now));
  }
}

std::vector<std::string> non_arrival_tenants(pqxx::transaction_base& tx, Instant from, Instant to) {
  std::vector<std::string> out;
  for (const auto& r : tx.exec_params(sql::kNonArrivalTenants.sql, format_iso8601(from), format_iso8601(to)))
    out.push_back(r[0].as<std::string>());
  return out;
}

std::vector<core::promise::NonArrivalCount> non_arrival_counts(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                               Instant from, Instant to) {
  std::vector<core::promise::NonArrivalCount> out;
  for (const auto& r : tx.exec_params(sql::kNonArrivalCounts.sql, tenant_id, format_iso8601(from), format_iso8601(to)))
    out.push_back({r[0].as<std::string>(), r[1].as<long>(), r[2].as<long>()});
  return out;
}

void replace_non_arrivals(pqxx::work& tx, const std::string& tenant_id,
                          const std::map<std::string, core::promise::NonArrival>& rates, Instant now) {
  tx.exec_params0(sql::kDeleteNonArrivals.sql, tenant_id);
  for (const auto& [carrier, n] : rates)
    tx.exec_params0(sql::kInsertNonArrival.sql, tenant_id, carrier, n.parcels, n.failed, n.rate, format_iso8601(now));
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

namespace {

struct LockedTracking {
  std::string tenant_id;
  core::risk::ShipmentFacts facts;  // facts.state: as stored, before this round
  std::optional<std::string> leased_by;
};

LockedTracking tracking_from_row(const pqxx::row& r) {
  LockedTracking l;
  l.facts.id = r[0].as<std::string>();
  l.facts.carrier = r[1].as<std::string>();
  auto& st = l.facts.state;
  st.status = tr::status_from_string(r[2].as<std::string>()).value_or(tr::Status::unknown);
  st.substatus = r[3].as<std::string>();
  if (!r[4].is_null()) st.exception_reason = tr::exception_reason_from_string(r[4].as<std::string>());
  st.carrier_estimated_delivery = date_or_null(r[5]);
  st.delivered_at = instant_or_null(r[6]);
  st.last_event_at = instant_or_null(r[7]);
  st.active = r[8].as<bool>();
  st.stopped = r[9].as<bool>();
  st.promised_date = date_or_null(r[10]);
  st.risk = text_or_null(r[11]);
  l.leased_by = text_or_null(r[12]);
  l.facts.service = text_or_null(r[13]);
  l.facts.warehouse_id = text_or_null(r[14]);
  l.facts.event_id = text_or_null(r[15]);
  l.facts.destination_time_zone = text_or_null(r[16]);
  l.facts.created_at = Instant{Duration{r[17].as<long long>()}};
  l.facts.first_carrier_estimated_delivery = date_or_null(r[18]);
  st.label_created_at = instant_or_null(r[19]);
  st.first_scan_at = instant_or_null(r[20]);
  st.last_scan_at = instant_or_null(r[21]);
  l.tenant_id = r[22].as<std::string>();
  return l;
}

std::map<std::string, LockedTracking> lock_tracking_states(pqxx::work& tx, const std::vector<TrackingNews>& round) {
  std::vector<std::string> tenants, ids;
  for (const auto& n : round)
    if (is_uuid(n.tenant_id) && is_uuid(n.shipment_id)) {
      tenants.push_back(n.tenant_id);
      ids.push_back(n.shipment_id);
    }
  std::map<std::string, LockedTracking> out;
  if (ids.empty()) return out;
  for (const auto& r : tx.exec_params(sql::kLockTrackingStates.sql, pg_text_array(tenants), pg_text_array(ids))) {
    auto l = tracking_from_row(r);
    out.emplace(l.facts.id, std::move(l));
  }
  return out;
}

// Appends the events of every entry with a result; returns the number of new
// ones per shipment id.
std::map<std::string, int> insert_tracking_events(pqxx::work& tx, const std::vector<TrackingNews>& round,
                                                  const std::map<std::string, LockedTracking>& locked, Instant now) {
  std::vector<std::optional<std::string>> tenant, shipment, source, key, time, offset, status, substatus, reason,
      description, city, state, postal, country;
  for (const auto& n : round) {
    const auto it = locked.find(n.shipment_id);
    if (!n.result || it == locked.end()) continue;
    for (const auto& e : n.result->events) {
      tenant.emplace_back(it->second.tenant_id);
      shipment.emplace_back(n.shipment_id);
      source.emplace_back(n.source);
      key.emplace_back(crypto::hex(crypto::sha256(sh::event_fingerprint(it->second.facts.carrier, e))));
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
  }
  std::map<std::string, int> fresh;
  if (key.empty()) return fresh;
  for (const auto& r : tx.exec_params(sql::kInsertTrackingEvents.sql, format_iso8601(now), pg_text_array(tenant),
                                      pg_text_array(shipment), pg_text_array(source), pg_text_array(key),
                                      pg_text_array(time), pg_text_array(offset), pg_text_array(status),
                                      pg_text_array(substatus), pg_text_array(reason), pg_text_array(description),
                                      pg_text_array(city), pg_text_array(state), pg_text_array(postal),
                                      pg_text_array(country)))
    ++fresh[r[0].as<std::string>()];
  return fresh;
}

std::optional<std::string> flag(bool b) { return std::string(b ? "true" : "false"); }

using Snapshots = std::map<std::string, TenantSnapshot>;

// Every shipment with news is assessed again (core/risk): its tracking state
// (scan times included), its tenant's warehouses, events and services, then
// the pure model. `changed` lists the shipments (by id, with their tenant and their new
// state in facts.state); returns the assessment of each one that could be
// assessed.
std::map<std::string, core::risk::Assessment> assess_round(pqxx::work& tx, std::map<std::string, LockedTracking>& changed,
                                                           Snapshots& snapshots, Instant now) {
  std::map<std::string, core::risk::Assessment> out;
  if (changed.empty()) return out;
  std::vector<std::string> tenants, ids;
  for (const auto& [id, l] : changed) {
    tenants.push_back(l.tenant_id);
    ids.push_back(id);
  }
  const core::risk::RiskRules rules;
  for (const auto& [id, l] : changed) {
    auto snap = snapshots.find(l.tenant_id);
    if (snap == snapshots.end()) snap = snapshots.emplace(l.tenant_id, load_tenant_snapshot(tx, l.tenant_id)).first;
    const auto situation = core::risk::situation_of(l.facts, snap->second);
    if (!situation) continue;
    try {
      out.emplace(id, core::risk::assess(*situation, rules, now));
    } catch (const std::exception&) {
      // a calendar the model cannot use: the shipment keeps no risk rather than a wrong one
    }
  }
  return out;
}

// --- decisions: assessments → outbox ---------------------------------------------

namespace msg = core::messages;

msg::Policy tenant_policy_or_default(const std::optional<TenantPolicyRow>& row) {
  if (!row || !row->policy) return {};
  const auto parsed = msg::policy_from_json(nlohmann::json::parse(*row->policy, nullptr, false));
  return parsed.value.value_or(msg::Policy{});  // a stored policy was validated when it was PUT
}

struct TenantDecisions {
  msg::Policy policy;
  std::string name;
  std::vector<msg::MessageIntent> intents;
  std::set<std::string> orders;  // orders with something to say
};

Instant month_start(Instant now) {
  const date::year_month_day ymd{date::floor<date::days>(now)};
  return Instant{date::sys_days{ymd.year() / ymd.month() / 1}};
}

// Writes one decided message: its episodes first (any taken meanwhile by
// another transaction → nothing is written, the episodes this one took are
// given back), then the outbox row, then the episodes' link to it.
bool write_decided_message(pqxx::work& tx, const std::string& tenant_id, const msg::OutboxMessage& m, Instant now) {
  std::vector<std::string> keys, ids, kinds, deadlines, numbers, causes, positions;
  for (std::size_t i = 0; i < m.planned.lines.size(); ++i) {
    const auto& in = m.planned.lines[i].intent;
    keys.push_back(in.episode_key);
    ids.push_back(in.shipment_id);
    kinds.emplace_back(msg::to_string(in.kind));
    deadlines.push_back(in.deadline_key);
    numbers.push_back(std::to_string(in.episode));
    causes.push_back(in.cause);
    positions.push_back(std::to_string(i));
  }
  const auto taken = tx.exec_params(sql::kInsertEpisodes.sql, tenant_id, format_iso8601(now), pg_text_array(keys),
                                    pg_text_array(ids), pg_text_array(kinds), pg_text_array(deadlines),
                                    pg_text_array(numbers), pg_text_array(causes), pg_text_array(positions));
  if (taken.size() != keys.size()) {
    std::vector<std::string> mine;
    for (const auto& r : taken) mine.push_back(r[0].as<std::string>());
    if (!mine.empty()) tx.exec_params0(sql::kDeleteEpisodes.sql, tenant_id, pg_text_array(mine));
    return false;
  }
  NewMessage n;
  n.kind = std::string(msg::to_string(m.planned.kind));
  n.channel = m.channel;
  n.audience = std::string(msg::to_string(m.planned.audience));
  n.contact_ref = m.contact_ref;
  n.recipient_name = m.planned.addressee.name;
  n.recipient_address = m.address;
  n.locale = m.locale;
  n.episode_key = keys.front();
  n.subject = m.subject;
  n.body_text = m.body_text;
  n.body_html = m.body_html;
  // RFC 8058 one-click needs HTTPS: over plain http (a development set-up) the
  // link stays in the body, without the List-Unsubscribe headers.
  if (m.unsubscribe_url.rfind("https://", 0) == 0) n.list_unsubscribe_url = m.unsubscribe_url;
  n.shipment_ids = ids;
  n.send_at = m.send_at;
  if (m.suppressed) {
    n.status = "suppressed";
    n.last_error = *m.suppressed;
  }
  n.tier = m.tier;
  if (m.planned.remedy) {
    n.remedy_kind = std::string(msg::to_string(m.planned.remedy->kind));
    n.remedy_cost = m.planned.remedy->cost;
    n.remedy_amount = m.planned.remedy->amount;
  }
  n.time_zone = m.time_zone;
  if (m.quiet.start != m.quiet.end) {
    n.quiet_start = static_cast<int>(m.quiet.start.count());
    n.quiet_end = static_cast<int>(m.quiet.end.count());
  }
  // Only where the tenant allows the urgent exception does useful_until excuse quiet hours.
  if (m.quiet.urgent_exception) n.useful_until = m.planned.useful_until;
  n.stale_at = m.stale_at;
  const auto inserted = insert_message(tx, tenant_id, n, now);
  tx.exec_params0(sql::kLinkEpisodes.sql, tenant_id, pg_text_array(keys), inserted.id);
  return true;
}

// The decisions of one round (the contract is in store.hpp, at
// record_tracking_round). `facts` holds the assessed shipments' state after
// the round (facts.state.risk: the label before it).
void decide_round(pqxx::work& tx, const std::map<std::string, LockedTracking>& facts,
                  const std::map<std::string, core::risk::Assessment>& assessments, Snapshots& snapshots,
                  const MessagingSettings& settings, Instant now) {
  if (assessments.empty()) return;
  std::vector<std::string> tenants, ids;
  for (const auto& [id, a] : assessments) {
    tenants.push_back(facts.at(id).tenant_id);
    ids.push_back(id);
  }
  // Every shipment of the orders concerned, with its tenant, and its episodes.
  std::map<std::string, sh::Shipment> shipments;
  std::map<std::string, std::string> tenant_of;
  for (const auto& r : tx.exec_params(sql::kShipmentsOfOrders.sql, pg_text_array(tenants), pg_text_array(ids))) {
    auto s = shipment_from_row(r);
    tenant_of[s.id] = r[static_cast<int>(r.size()) - 1].as<std::string>();
    shipments.emplace(s.id, std::move(s));
  }
  std::map<std::string, std::vector<msg::Episode>> episodes;
  {
    std::vector<std::string> t, i;
    for (const auto& [id, tenant] : tenant_of) {
      t.push_back(tenant);
      i.push_back(id);
    }
    for (const auto& r : tx.exec_params(sql::kEpisodesOfShipments.sql, pg_text_array(t), pg_text_array(i))) {
      const auto kind = msg::kind_from_string(r[1].as<std::string>());
      if (!kind) continue;
      episodes[r[0].as<std::string>()].push_back(
          {*kind, r[2].as<std::string>(), r[3].as<int>(), r[4].as<std::string>(), Instant{Duration{r[5].as<long long>()}}});
    }
  }
  std::map<std::string, TenantDecisions> by_tenant;
  auto tenant = [&](const std::string& id) -> TenantDecisions& {
    auto it = by_tenant.find(id);
    if (it != by_tenant.end()) return it->second;
    TenantDecisions td;
    const auto row = get_tenant_policy(tx, id);
    td.policy = tenant_policy_or_default(row);
    if (row) td.name = row->tenant_name;
    return by_tenant.emplace(id, std::move(td)).first->second;
  };
  auto decide_one = [&](const std::string& id, const std::optional<std::string>& previous_label,
                        const core::risk::Assessment& a) {
    const auto s = shipments.find(id);
    if (s == shipments.end()) return;
    auto& td = tenant(tenant_of.at(id));
    const auto previous = previous_label ? core::risk::assessment_from_label(*previous_label) : std::nullopt;
    auto intents = msg::decide(s->second, previous, a, episodes[id], td.policy, now);
    if (!intents.empty()) td.orders.insert(s->second.order_id);
    for (auto& in : intents) td.intents.push_back(std::move(in));
  };
  for (const auto& [id, a] : assessments) decide_one(id, facts.at(id).facts.state.risk, a);

  // The other active shipments of an order with something to say are decided
  // with it (one message for the gift order, not one per parcel).
  std::vector<std::string> sibling_tenants, sibling_ids;
  for (const auto& [id, s] : shipments) {
    const auto td = by_tenant.find(tenant_of.at(id));
    if (assessments.contains(id) || !s.active || td == by_tenant.end() || !td->second.orders.contains(s.order_id))
      continue;
    sibling_tenants.push_back(tenant_of.at(id));
    sibling_ids.push_back(id);
  }
  if (!sibling_ids.empty()) {
    std::map<std::string, LockedTracking> siblings;
    for (const auto& r : tx.exec_params(sql::kTrackingStates.sql, pg_text_array(sibling_tenants),
                                        pg_text_array(sibling_ids))) {
      auto l = tracking_from_row(r);
      siblings.emplace(l.facts.id, std::move(l));
    }
    for (const auto& [id, a] : assess_round(tx, siblings, snapshots, now)) decide_one(id, siblings.at(id).facts.state.risk, a);
  }

  for (auto& [tenant_id, td] : by_tenant) {
    if (td.intents.empty()) continue;
    // One writer of a tenant's messages at a time (until commit), so that two
    // rounds cannot both spend the month's last remedy budget. Taken before
    // anything is written, in tenant order (by_tenant is sorted): no cycle.
    tx.exec_params(sql::kLockTenantMessages.sql, tenant_id);
    std::vector<sh::Shipment> involved;
    std::set<std::string> seen;
    for (const auto& in : td.intents)
      if (seen.insert(in.shipment_id).second) involved.push_back(shipments.at(in.shipment_id));
    msg::OutboxInputs inputs;
    inputs.policy = &td.policy;
    inputs.brand_name = td.name;
    const bool remedies = std::any_of(td.intents.begin(), td.intents.end(),
                                      [](const msg::MessageIntent& in) { return in.remedy_eligible; });
    if (remedies && td.policy.monthly_budget > 0) {
      const double spent = tx.exec_params1(sql::kRemedySpend.sql, tenant_id, format_iso8601(month_start(now)))[0]
                               .as<double>();
      inputs.budget_left = std::max(0.0, td.policy.monthly_budget - spent);
    }
    std::map<std::string, std::optional<Preferences>> prefs;
    inputs.preferences = [&](const std::string& address) {
      auto it = prefs.find(address);
      if (it == prefs.end()) it = prefs.emplace(address, get_preferences(tx, tenant_id, address)).first;
      return it->second;
    };
    std::optional<std::string> key;
    inputs.unsubscribe_url = [&](const std::string& address) {
      if (!key) key = signing_key(tx, "unsubscribe", crypto::random_bytes(32), now);
      return settings.public_url + "/unsubscribe/" + platform::sign_unsubscribe(*key, {tenant_id, address});
    };
    inputs.overrides = [&](std::string_view kind, std::string_view channel) {
      return template_overrides(tx, tenant_id, std::string(kind), std::string(channel));
    };
    const auto plan = msg::plan_outbox(td.intents, involved, inputs, now);
    for (const auto& m : plan.messages) write_decided_message(tx, tenant_id, m, now);
    for (const auto& w : plan.warnings) log::warn("message not written", {{"tenant", tenant_id}, {"why", w}});
    for (const auto& w : plan.not_queued) log::info("message not queued", {{"tenant", tenant_id}, {"why", w}});
  }
}

}  // namespace

std::vector<IngestResult> record_tracking_round(pqxx::work& tx, const std::vector<TrackingNews>& round,
                                                const std::string& worker, const NextPoll& next_poll, Instant now,
                                                const MessagingSettings& messaging) {
  std::vector<IngestResult> out(round.size());
  const auto locked = lock_tracking_states(tx, round);
  const auto fresh = insert_tracking_events(tx, round, locked, now);

  // Evaluate each shipment's news; those with news are assessed again.
  std::vector<sh::Evaluation> evaluations(round.size());
  std::map<std::string, LockedTracking> with_news;
  for (std::size_t i = 0; i < round.size(); ++i) {
    const auto& n = round[i];
    const auto it = locked.find(n.shipment_id);
    if (it == locked.end()) continue;
    if (const auto f = fresh.find(n.shipment_id); f != fresh.end()) out[i].new_events = f->second;
    auto& ev = evaluations[i];
    ev = sh::Evaluation{it->second.facts.state, false, false};
    if (n.result) ev = sh::evaluate_shipment(it->second.facts.state, *n.result, now);
    if (ev.changed || out[i].new_events > 0 || n.reassess) {
      LockedTracking l = it->second;
      l.facts.state = ev.state;
      with_news.emplace(n.shipment_id, std::move(l));
    }
  }
  Snapshots snapshots;
  const auto assessments = assess_round(tx, with_news, snapshots, now);
  decide_round(tx, with_news, assessments, snapshots, messaging, now);
  std::map<std::string, std::string> risks;
  for (const auto& [id, a] : assessments) risks.emplace(id, core::risk::risk_label(a));

  std::vector<std::optional<std::string>> tenant, id, chg, status, substatus, reason, ced, delivered, last_event,
      active, risk, mine, next, failed, assessed, label, first_scan, last_scan;
  for (std::size_t i = 0; i < round.size(); ++i) {
    const auto& n = round[i];
    auto& res = out[i];
    const auto it = locked.find(n.shipment_id);
    if (it == locked.end()) {
      res.lease_lost = n.finish_lease;
      continue;
    }
    res.found = true;
    const auto& l = it->second;
    auto& ev = evaluations[i];
    if (const auto r = risks.find(n.shipment_id); r != risks.end() && ev.state.risk != r->second) {
      ev.state.risk = r->second;
      ev.changed = true;
    }
    const sh::TrackingState& st = ev.state;
    res.risk = st.risk;
    res.status_changed = ev.status_changed;
    res.active = st.active;
    res.status = std::string(tr::to_string(st.status));
    const bool changed = ev.changed || res.new_events > 0;
    const bool holds_lease = n.finish_lease && l.leased_by == worker;
    res.lease_lost = n.finish_lease && !holds_lease;
    const bool was_assessed = with_news.contains(n.shipment_id);
    if (!changed && !holds_lease && !was_assessed) continue;
    tenant.emplace_back(n.tenant_id);
    id.emplace_back(n.shipment_id);
    chg.emplace_back(flag(changed));
    status.emplace_back(res.status);
    substatus.emplace_back(st.substatus);
    reason.emplace_back(st.exception_reason ? std::optional<std::string>(tr::to_string(*st.exception_reason))
                                            : std::nullopt);
    ced.emplace_back(date_text(st.carrier_estimated_delivery));
    delivered.emplace_back(iso_or_null(st.delivered_at));
    last_event.emplace_back(iso_or_null(st.last_event_at));
    active.emplace_back(flag(st.active));
    risk.emplace_back(st.risk);
    mine.emplace_back(flag(holds_lease));
    next.emplace_back(holds_lease ? std::optional<std::string>(format_iso8601(next_poll(i, res))) : std::nullopt);
    failed.emplace_back(flag(n.failed));
    assessed.emplace_back(flag(was_assessed));
    label.emplace_back(iso_or_null(st.label_created_at));
    first_scan.emplace_back(iso_or_null(st.first_scan_at));
    last_scan.emplace_back(iso_or_null(st.last_scan_at));
  }
  if (!id.empty())
    tx.exec_params0(sql::kApplyTrackingRound.sql, format_iso8601(now), pg_text_array(tenant), pg_text_array(id),
                    pg_text_array(chg), pg_text_array(status), pg_text_array(substatus), pg_text_array(reason),
                    pg_text_array(ced), pg_text_array(delivered), pg_text_array(last_event), pg_text_array(active),
                    pg_text_array(risk), pg_text_array(mine), pg_text_array(next), pg_text_array(failed),
                    pg_text_array(assessed), pg_text_array(label), pg_text_array(first_scan),
                    pg_text_array(last_scan));
  return out;
}

IngestResult record_tracking_result(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                                    const tr::TrackingResult& result, const std::string& source, Instant now,
                                    const MessagingSettings& messaging) {
  const std::vector<TrackingNews> one{{tenant_id, shipment_id, source, &result, false, false, false}};
  return record_tracking_round(tx, one, "", {}, now, messaging).front();
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
  const std::vector<TrackingNews> one{{tenant_id, shipment_id, "", nullptr, true, failed, false}};
  const auto r = record_tracking_round(tx, one, worker, [&](std::size_t, const IngestResult&) { return next_poll_at; },
                                       now);
  return !r.front().lease_lost;
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

// --- a tenant's checkout data ------------------------------------------------------

TenantSnapshot load_tenant_snapshot(pqxx::transaction_base& tx, const std::string& tenant_id,
                                    std::vector<std::string>* unparsed) {
  TenantSnapshot snap;
  for (const auto& w : all_warehouses(tx, tenant_id)) snap.warehouses.emplace(w.id, snapshot_warehouse(w));
  snap.services = snapshot_services(all_carrier_services(tx, tenant_id));
  for (const auto& r : tx.exec_params(sql::kListServiceSlips.sql, tenant_id)) {
    std::vector<std::pair<int, double>> weights;
    const std::string text = r[1].as<std::string>();
    std::size_t start = 0;
    for (int d = 0; start <= text.size() && d <= core::promise::kMaxSlipDays; ++d) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      const double p = std::strtod(text.substr(start, comma - start).c_str(), nullptr);
      if (std::isfinite(p) && p > 0) weights.emplace_back(d, p);
      start = comma + 1;
    }
    if (weights.empty()) continue;
    snap.slips.emplace(r[0].as<std::string>(), core::promise::ServiceSlip{core::eta::DayDistribution::from_weights(weights),
                                                                          r[2].as<int>(), 0.0, 0.0});
  }
  for (const auto& r : tx.exec_params(sql::kListNonArrivals.sql, tenant_id))
    snap.non_arrival.emplace(r[0].as<std::string>(),
                             core::promise::NonArrival{r[3].as<double>(), r[1].as<long>(), r[2].as<long>()});
  for (const auto& row : list_events(tx, tenant_id)) {
    auto parsed = event_from_json(row.definition);
    if (parsed.value) snap.events.push_back({row.id, std::move(*parsed.value)});
    else if (unparsed) unparsed->push_back(row.id);
  }
  return snap;
}

// --- recipient preferences ---------------------------------------------------------

namespace {
Preferences preferences_from_row(const pqxx::row& r) {
  Preferences p;
  p.email = r[0].as<bool>();
  p.sms = r[1].as<bool>();
  p.opted_out = r[2].as<bool>();
  p.opted_out_source = text_or_null(r[3]);
  p.opted_out_at = text_or_null(r[4]);
  p.quiet_hours = QuietHours{r[5].as<std::string>(), r[6].as<std::string>()};
  p.time_zone = text_or_null(r[7]);
  p.updated_at = r[8].as<std::string>();
  return p;
}
}  // namespace

std::optional<Preferences> get_preferences(pqxx::transaction_base& tx, const std::string& tenant_id,
                                           const std::string& address) {
  const auto rows = tx.exec_params(sql::kGetPreferences.sql, tenant_id, address);
  if (rows.empty()) return std::nullopt;
  return preferences_from_row(rows[0]);
}

Preferences put_preferences(pqxx::work& tx, const std::string& tenant_id, const std::string& address,
                            const Preferences& p, Instant now) {
  return preferences_from_row(tx.exec_params1(sql::kPutPreferences.sql, tenant_id, address, p.email, p.sms,
                                              p.opted_out, opt(p.opted_out_source), p.quiet_hours.start,
                                              p.quiet_hours.end, opt(p.time_zone), format_iso8601(now)));
}

bool delete_preferences(pqxx::work& tx, const std::string& tenant_id, const std::string& address) {
  return !tx.exec_params(sql::kDeletePreferences.sql, tenant_id, address).empty();
}

void set_opt_out(pqxx::work& tx, const std::string& tenant_id, const std::string& address, bool opted_out,
                 const std::string& source, Instant now) {
  tx.exec_params0(sql::kSetOptOut.sql, tenant_id, address, opted_out, source, format_iso8601(now));
}

std::string signing_key(pqxx::work& tx, const std::string& name, const std::string& fresh, Instant now) {
  tx.exec_params0(sql::kInsertSigningKey.sql, name, crypto::hex(fresh), format_iso8601(now));
  const std::string hex = tx.exec_params1(sql::kGetSigningKey.sql, name)[0].as<std::string>();
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return raw;
}

// =================================================================================
// --- messages: the outbox, its dispatch and the tenants' providers (issue 5) ---
// =================================================================================

namespace {

MessageRow message_from_row(const pqxx::row& r) {
  MessageRow m;
  m.id = r[0].as<std::string>();
  m.kind = r[1].as<std::string>();
  m.channel = r[2].as<std::string>();
  m.audience = r[3].as<std::string>();
  m.contact_ref = r[4].as<std::string>();
  m.recipient_name = r[5].as<std::string>();
  m.recipient_address = r[6].as<std::string>();
  m.locale = r[7].as<std::string>();
  m.episode_key = r[8].as<std::string>();
  m.subject = r[9].as<std::string>();
  m.body_text = r[10].as<std::string>();
  m.body_html = r[11].as<std::string>();
  m.status = r[12].as<std::string>();
  m.send_at = r[13].as<std::string>();
  m.attempts = r[14].as<int>();
  m.next_attempt_at = r[15].as<std::string>();
  m.provider = text_or_null(r[16]);
  if (!r[17].is_null()) m.provider_priority = r[17].as<int>();
  m.provider_message_id = text_or_null(r[18]);
  m.last_error = text_or_null(r[19]);
  m.sent_at = text_or_null(r[20]);
  m.created_at = r[21].as<std::string>();
  m.updated_at = r[22].as<std::string>();
  m.shipment_ids = read_array(r[23]);
  m.list_unsubscribe_url = r[24].as<std::string>();
  m.tier = r[25].as<std::string>();
  m.remedy_kind = r[26].as<std::string>();
  m.remedy_cost = r[27].as<double>();
  if (!r[28].is_null()) m.remedy_amount = r[28].as<double>();
  m.time_zone = r[29].as<std::string>();
  m.episode_keys = read_array(r[30]);
  return m;
}

}  // namespace

InsertedMessage insert_message(pqxx::work& tx, const std::string& tenant_id, const NewMessage& m, Instant now) {
  const std::string send_at = format_iso8601(m.send_at == Instant{} ? now : m.send_at);
  const auto rows = tx.exec_params(sql::kInsertMessage.sql, tenant_id, m.kind, m.channel, m.audience, m.contact_ref,
                                   m.recipient_name, m.recipient_address, m.locale, m.episode_key, m.subject,
                                   m.body_text, m.body_html, m.list_unsubscribe_url, m.status, send_at,
                                   format_iso8601(now), m.tier, m.remedy_kind, std::to_string(m.remedy_cost),
                                   m.remedy_amount ? std::optional<std::string>(std::to_string(*m.remedy_amount))
                                                   : std::nullopt,
                                   m.time_zone, opt(m.last_error),
                                   m.quiet_start < 0 ? std::nullopt : std::optional<int>(m.quiet_start),
                                   m.quiet_end < 0 ? std::nullopt : std::optional<int>(m.quiet_end),
                                   iso_or_null(m.useful_until), iso_or_null(m.stale_at));
  InsertedMessage out;
  if (rows.empty()) {  // the episode has its message
    const auto existing =
        tx.exec_params1(sql::kFindEpisodeMessage.sql, tenant_id, m.episode_key, m.channel, m.recipient_address);
    out.id = existing[0].as<std::string>();
    out.status = existing[1].as<std::string>();
    return out;
  }
  out.id = rows[0][0].as<std::string>();
  out.status = rows[0][1].as<std::string>();
  out.created = true;
  std::vector<std::string> ids;
  for (const auto& id : m.shipment_ids)
    if (is_uuid(id)) ids.push_back(id);
  if (!ids.empty()) tx.exec_params0(sql::kLinkMessageShipments.sql, tenant_id, out.id, pg_text_array(ids));
  return out;
}

std::optional<MessageRow> get_message(pqxx::transaction_base& tx, const std::string& tenant_id, const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  const auto rows = tx.exec_params(sql::kGetMessage.sql, tenant_id, id);
  if (rows.empty()) return std::nullopt;
  return message_from_row(rows[0]);
}

std::vector<MessageRow> list_messages(pqxx::transaction_base& tx, const std::string& tenant_id,
                                      const MessageFilter& f,
                                      const std::optional<std::pair<std::string, std::string>>& after, int limit) {
  const char* after_time = after ? after->first.c_str() : nullptr;
  const char* after_id = after ? after->second.c_str() : nullptr;
  std::vector<MessageRow> out;
  for (const auto& r : tx.exec_params(sql::kListMessages.sql, tenant_id, opt(f.status), opt(f.kind), opt(f.recipient),
                                      opt(f.shipment_id), opt(f.channel), after_time, after_id, limit))
    out.push_back(message_from_row(r));
  return out;
}

std::vector<MessageAttemptRow> list_message_attempts(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                     const std::string& message_id) {
  std::vector<MessageAttemptRow> out;
  for (const auto& r : tx.exec_params(sql::kListMessageAttempts.sql, tenant_id, message_id)) {
    MessageAttemptRow a;
    a.attempt = r[0].as<int>();
    a.provider = r[1].as<std::string>();
    if (!r[2].is_null()) a.priority = r[2].as<int>();
    a.outcome = r[3].as<std::string>();
    a.code = r[4].as<int>();
    a.reason = r[5].as<std::string>();
    a.at = r[6].as<std::string>();
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::pair<std::string, long long>> count_messages_by_status(pqxx::transaction_base& tx) {
  std::vector<std::pair<std::string, long long>> out;
  for (const auto& r : tx.exec_params(sql::kCountMessagesByStatus.sql))
    out.emplace_back(r[0].as<std::string>(), r[1].as<long long>());
  return out;
}

std::vector<LeasedMessage> lease_due_messages(pqxx::work& tx, const std::string& worker, Instant now,
                                              Duration lease_for, int limit) {
  std::vector<LeasedMessage> out;
  for (const auto& r : tx.exec_params(sql::kLeaseDueMessages.sql, format_iso8601(now),
                                      format_iso8601(now + lease_for), worker, limit)) {
    LeasedMessage m;
    m.tenant_id = r[0].as<std::string>();
    m.id = r[1].as<std::string>();
    m.kind = r[2].as<std::string>();
    m.channel = r[3].as<std::string>();
    m.recipient_name = r[4].as<std::string>();
    m.recipient_address = r[5].as<std::string>();
    m.locale = r[6].as<std::string>();
    m.subject = r[7].as<std::string>();
    m.body_text = r[8].as<std::string>();
    m.body_html = r[9].as<std::string>();
    m.list_unsubscribe_url = r[10].as<std::string>();
    m.interrupted = r[11].as<std::string>() == "sending";
    m.attempt = r[12].as<int>();
    m.attempts_since_retry = m.attempt - r[13].as<int>();
    m.primary_failures = r[14].as<int>();
    if (!r[15].is_null()) m.previous_priority = r[15].as<int>();
    if (!r[16].is_null()) m.suppressed = r[16].as<std::string>();
    m.time_zone = r[17].as<std::string>();
    m.quiet_start = r[18].is_null() ? -1 : r[18].as<int>();
    m.quiet_end = r[19].is_null() ? -1 : r[19].as<int>();
    m.useful_until = instant_or_null(r[20]);
    m.stale_at = instant_or_null(r[21]);
    out.push_back(std::move(m));
  }
  return out;
}

void hold_messages(pqxx::work& tx, const std::string& worker, const std::vector<HeldMessage>& held) {
  if (held.empty()) return;
  std::vector<std::string> tenant, id, was, until;
  for (const auto& h : held) {
    tenant.push_back(h.tenant_id);
    id.push_back(h.message_id);
    was.push_back(h.interrupted ? "sending" : "pending");
    until.push_back(format_iso8601(h.until));
  }
  tx.exec_params0(sql::kHoldMessages.sql, pg_text_array(tenant), pg_text_array(id), pg_text_array(was),
                  pg_text_array(until), worker);
}

void expire_messages(pqxx::work& tx, const std::string& worker, const std::vector<ExpiredMessage>& expired,
                     const std::string& why, Instant now) {
  if (expired.empty()) return;
  std::vector<std::string> tenant, id;
  for (const auto& e : expired) {
    tenant.push_back(e.tenant_id);
    id.push_back(e.message_id);
  }
  tx.exec_params0(sql::kExpireMessages.sql, pg_text_array(tenant), pg_text_array(id), format_iso8601(now), why, worker);
}

void begin_attempts(pqxx::work& tx, const std::string& worker, const std::vector<AttemptStart>& attempts, Instant now) {
  if (attempts.empty()) return;
  std::vector<std::string> tenant, id, number, provider, priority, interrupted;
  for (const auto& a : attempts) {
    tenant.push_back(a.tenant_id);
    id.push_back(a.message_id);
    number.push_back(std::to_string(a.attempt));
    provider.push_back(a.provider);
    priority.push_back(std::to_string(a.priority));
    interrupted.push_back(a.interrupted ? "t" : "f");
  }
  tx.exec_params0(sql::kBeginAttempts.sql, pg_text_array(tenant), pg_text_array(id), pg_text_array(number),
                  pg_text_array(provider), pg_text_array(priority), pg_text_array(interrupted), worker,
                  format_iso8601(now));
}

bool record_send_outcome(pqxx::transaction_base& tx, const std::string& worker, const SendRecord& r, Instant now) {
  return record_send_outcomes(tx, worker, {r}, now).front();
}

std::vector<bool> record_send_outcomes(pqxx::transaction_base& tx, const std::string& worker,
                                       const std::vector<SendRecord>& records, Instant now) {
  if (records.empty()) return {};
  std::vector<std::string> tenant, id, status, pmid, outcome, code, reason, next_at, failures, attempt, provider,
      priority;
  for (const auto& r : records) {
    tenant.push_back(r.tenant_id);
    id.push_back(r.message_id);
    status.push_back(r.status);
    pmid.push_back(r.provider_message_id);
    outcome.push_back(r.outcome);
    code.push_back(std::to_string(r.code));
    reason.push_back(r.reason);
    next_at.push_back(format_iso8601(r.next_attempt_at));
    failures.push_back(std::to_string(r.primary_failures));
    attempt.push_back(std::to_string(r.attempt));
    provider.push_back(r.provider);
    priority.push_back(std::to_string(r.priority));
  }
  std::set<std::string> kept;
  for (const auto& row : tx.exec_params(sql::kRecordSendOutcomes.sql, pg_text_array(tenant), pg_text_array(id),
                                        pg_text_array(status), pg_text_array(pmid), pg_text_array(outcome),
                                        pg_text_array(code), pg_text_array(reason), pg_text_array(next_at),
                                        pg_text_array(failures), pg_text_array(attempt), pg_text_array(provider),
                                        pg_text_array(priority), worker, format_iso8601(now)))
    kept.insert(row[0].as<std::string>());
  std::vector<bool> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(kept.count(r.message_id) > 0);
  return out;
}

StatusApplied apply_provider_status(pqxx::work& tx, const std::string& tenant_id, const std::string& provider,
                                    const std::string& provider_message_id, const std::string& event,
                                    const std::string& reason, Instant now) {
  StatusApplied out;
  const auto rows = tx.exec_params(sql::kLockMessageByProviderId.sql, tenant_id, provider, provider_message_id);
  if (rows.empty()) return out;
  out.found = true;
  out.message_id = rows[0][0].as<std::string>();
  out.status = rows[0][1].as<std::string>();
  const auto next = core::dispatch::apply_status_event(out.status, event);
  if (!next) return out;
  tx.exec_params0(sql::kSetMessageStatus.sql, tenant_id, out.message_id, *next, reason, format_iso8601(now));
  out.changed = true;
  out.status = *next;
  return out;
}

RetryResult retry_message(pqxx::work& tx, const std::string& tenant_id, const std::string& id, Instant now,
                          std::string* current_status) {
  if (!is_uuid(id)) return RetryResult::not_found;
  const auto rows = tx.exec_params(sql::kLockMessage.sql, tenant_id, id);
  if (rows.empty()) return RetryResult::not_found;
  const std::string status = rows[0][0].as<std::string>();
  if (current_status) *current_status = status;
  if (!core::dispatch::retryable_by_hand(status)) return RetryResult::not_retryable;
  tx.exec_params0(sql::kRetryMessage.sql, tenant_id, id, format_iso8601(now), status);
  return RetryResult::retried;
}

std::vector<ProviderRow> list_tenant_providers(pqxx::transaction_base& tx, const std::string& tenant_id,
                                               const std::optional<std::string>& channel) {
  std::vector<ProviderRow> out;
  for (const auto& r : tx.exec_params(sql::kListTenantProviders.sql, tenant_id, opt(channel))) {
    ProviderRow p;
    p.channel = r[0].as<std::string>();
    p.priority = r[1].as<int>();
    p.kind = r[2].as<std::string>();
    p.config = nlohmann::json::parse(r[3].as<std::string>(), nullptr, false);
    p.webhook_token = r[4].as<std::string>();
    p.created_at = r[5].as<std::string>();
    p.updated_at = r[6].as<std::string>();
    out.push_back(std::move(p));
  }
  return out;
}

void put_tenant_providers(pqxx::work& tx, const std::string& tenant_id, const std::string& channel,
                          const std::vector<ProviderRow>& rows, Instant now) {
  for (int priority = 1; priority <= 2; ++priority) {
    const ProviderRow* row = nullptr;
    for (const auto& r : rows)
      if (r.priority == priority) row = &r;
    if (!row) {
      tx.exec_params0(sql::kDeleteTenantProvider.sql, tenant_id, channel, priority);
      continue;
    }
    const std::string token = row->webhook_token.empty() ? crypto::hex(crypto::random_bytes(16)) : row->webhook_token;
    tx.exec_params0(sql::kPutTenantProvider.sql, tenant_id, channel, priority, row->kind, row->config.dump(), token,
                    format_iso8601(now));
  }
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


// =================================================================================
// --- decisions: the tenant's message policy, the sweep (issue 5) ---
// =================================================================================

std::optional<TenantPolicyRow> get_tenant_policy(pqxx::transaction_base& tx, const std::string& tenant_id) {
  if (!is_uuid(tenant_id)) return std::nullopt;
  const auto rows = tx.exec_params(sql::kTenantPolicy.sql, tenant_id);
  if (rows.empty()) return std::nullopt;
  return TenantPolicyRow{rows[0][0].as<std::string>(), text_or_null(rows[0][1]), text_or_null(rows[0][2])};
}

void put_tenant_policy(pqxx::work& tx, const std::string& tenant_id, const std::string& policy_json, Instant now) {
  tx.exec_params0(sql::kPutTenantPolicy.sql, tenant_id, policy_json, format_iso8601(now));
}

bool delete_tenant_policy(pqxx::work& tx, const std::string& tenant_id) {
  return !tx.exec_params(sql::kDeleteTenantPolicy.sql, tenant_id).empty();
}

std::vector<TrackingNews> lease_assessments(pqxx::work& tx, Instant before, int limit) {
  std::vector<TrackingNews> out;
  for (const auto& r : tx.exec_params(sql::kLeaseAssessments.sql, format_iso8601(before), limit)) {
    TrackingNews n;
    n.tenant_id = r[0].as<std::string>();
    n.shipment_id = r[1].as<std::string>();
    n.source = "sweep";
    n.reassess = true;
    out.push_back(std::move(n));
  }
  return out;
}

void reassess_warehouse(pqxx::work& tx, const std::string& tenant_id, const std::string& warehouse_id) {
  tx.exec_params0(sql::kReassessWarehouse.sql, tenant_id, warehouse_id);
}

void reassess_event(pqxx::work& tx, const std::string& tenant_id, const std::string& event_id) {
  tx.exec_params0(sql::kReassessEvent.sql, tenant_id, event_id);
}

// =================================================================================
// --- preferences at send time: inbound SMS STOP (issue 5 §6, dispatch2) ---
// =================================================================================

int suppress_queued_messages(pqxx::work& tx, const std::string& tenant_id, const std::string& address,
                             const std::string& channel, const std::string& reason, Instant now) {
  return static_cast<int>(
      tx.exec_params0(sql::kSuppressQueuedMessages.sql, tenant_id, address, channel, reason, format_iso8601(now))
          .affected_rows());
}

}  // namespace forewarn::db
