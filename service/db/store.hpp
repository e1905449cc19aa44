// Typed access to the database: each function runs named statements from
// db/sql.hpp inside the caller's transaction. Every function that touches
// tenant data takes the tenant id and filters by it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "core/messages/templates/render.hpp"
#include "core/promise/history.hpp"
#include "core/tenant_service.hpp"
#include "core/shipment/evaluate.hpp"
#include "core/shipment/shipment.hpp"
#include "core/time.hpp"
#include "core/tracking/status.hpp"
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
// --- shipments ---
// nullopt: a shipment with that carrier and tracking number exists already.
// Inserts the contacts too; the first poll is due at `now`.
std::optional<shipment::Shipment> insert_shipment(pqxx::work& tx, const std::string& tenant_id,
                                                  const shipment::Shipment& s, Instant now);
std::optional<shipment::Shipment> get_shipment(pqxx::transaction_base& tx, const std::string& tenant_id,
                                               const std::string& id);
std::optional<shipment::Shipment> find_shipment_by_tracking(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                            const std::string& carrier,
                                                            const std::string& tracking_number);
struct ShipmentFilter {
  std::optional<std::string> status, risk, event_id, order_id;
  std::optional<std::string> updated_since;  // RFC 3339
  std::optional<bool> active;
};
// Oldest first, after the (created_at, id) cursor.
std::vector<shipment::Shipment> list_shipments(pqxx::transaction_base& tx, const std::string& tenant_id,
                                               const ShipmentFilter& filter,
                                               const std::optional<std::pair<std::string, std::string>>& after,
                                               int limit);
// PATCH: promise, event, customer standing, and the contacts (replaced).
std::optional<shipment::Shipment> update_shipment(pqxx::work& tx, const std::string& tenant_id,
                                                  const shipment::Shipment& s, Instant now);
// DELETE: stops tracking (active = false, no more polls); keeps the record.
bool stop_shipment(pqxx::work& tx, const std::string& tenant_id, const std::string& id, Instant now);
// The shipment's events, newest first.
std::vector<shipment::StoredEvent> list_tracking_events(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                        const std::string& shipment_id, int limit);

struct IdempotencyRecord {
  std::string request_hash;  // hex SHA-256 of the request
  std::string shipment_id;
};
std::optional<IdempotencyRecord> find_idempotency_key(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                      const std::string& key);
// false: the key was taken meanwhile (by a concurrent request).
bool insert_idempotency_key(pqxx::work& tx, const std::string& tenant_id, const std::string& key,
                            const IdempotencyRecord& record, Instant now);

// --- tracking ingestion: the one way carrier news reaches a shipment ---
// Used by the aggregator webhooks and by the poller. In the caller's
// transaction: locks the shipment row, appends the result's events that are
// new (de-duplicated by their fingerprint, core/shipment/evaluate.hpp), runs
// shipment::evaluate_shipment and writes its state (status, substatus,
// exception reason, carrier EDD, delivered_at, last event, active; next_poll_at
// is cleared once the shipment is inactive). `source` names where the result
// came from: the carrier ("ups", ...) for a poll, "easypost" / "aftership" for
// a webhook.
struct IngestResult {
  bool found = false;  // the shipment exists for this tenant
  int new_events = 0;
  bool status_changed = false;
  bool active = false;
  std::string status;
};
IngestResult record_tracking_result(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                                    const tracking::TrackingResult& result, const std::string& source, Instant now);

// A body forewarn could not use, kept whole (bytes as received) for an
// operator: `kind` is a tracking::ErrorKind name, or "unmatched" for a
// webhook about no known shipment. Returns the fault's id.
long long record_carrier_fault(pqxx::work& tx, const std::string& tenant_id,
                               const std::optional<std::string>& shipment_id, const std::string& source,
                               const std::string& kind, const std::string& reason, const std::string& carrier_code,
                               std::string_view raw_body, Instant now);

struct WebhookTarget {
  std::string shipment_id;
  bool stopped = false;
};
// The shipment a webhook about `tracking_number` updates: the one of
// `carrier` if there is one, else the oldest with that number.
std::optional<WebhookTarget> find_shipment_for_webhook(pqxx::transaction_base& tx, const std::string& tenant_id,
                                                       const std::string& tracking_number, const std::string& carrier);

// --- the poller's lease (FOR UPDATE SKIP LOCKED: correct with many replicas) ---
struct LeasedShipment {
  std::string tenant_id, id, carrier, tracking_number;
  std::optional<std::string> service;
  tracking::Status status = tracking::Status::unknown;
  int poll_failures = 0;
  std::optional<Instant> last_event_at;
  std::optional<std::string> carrier_estimated_delivery, promised_date;  // YYYY-MM-DD
  std::optional<std::string> destination_time_zone;
  Instant next_poll_at{};
};
// Leases up to `limit` active shipments whose poll is due at `now` and whose
// previous lease (if any) has run out, to `worker` until now + lease_for.
std::vector<LeasedShipment> lease_due_shipments(pqxx::work& tx, const std::string& worker, Instant now,
                                                Duration lease_for, int limit);
// Ends `worker`'s lease: the next poll at `next_poll_at` (ignored once the
// shipment is inactive), the failure count reset or incremented. false when
// the lease was no longer `worker`'s (it ran out and another worker took it).
bool finish_poll(pqxx::work& tx, const std::string& tenant_id, const std::string& shipment_id,
                 const std::string& worker, Instant next_poll_at, bool failed, Instant now);

// --- webhook secrets (kept as given: an HMAC needs the key itself) ---
struct WebhookSecretRow {
  std::string provider, created_at, updated_at;
  bool created = false;  // put_webhook_secret: a new secret rather than a replacement
};
WebhookSecretRow put_webhook_secret(pqxx::work& tx, const std::string& tenant_id, const std::string& provider,
                                    const std::string& secret, Instant now);
std::optional<std::string> get_webhook_secret(pqxx::transaction_base& tx, const std::string& tenant_id,
                                              const std::string& provider);
std::vector<WebhookSecretRow> list_webhook_secrets(pqxx::transaction_base& tx, const std::string& tenant_id);
bool delete_webhook_secret(pqxx::work& tx, const std::string& tenant_id, const std::string& provider);

// --- message templates (issue 5: templates) ---
// A tenant's own templates for a kind, channel and locale; parts: part name →
// Mustache source. Validate before put (core/messages/templates/render.hpp
// validate_parts): the table trusts its callers.
struct TemplateRow {
  std::string kind, channel, locale;
  std::map<std::string, std::string> parts;
  std::string created_at, updated_at;
  bool created = false;  // put_template: a new row rather than a replacement
};
TemplateRow put_template(pqxx::work& tx, const std::string& tenant_id, const std::string& kind,
                         const std::string& channel, const std::string& locale,
                         const std::map<std::string, std::string>& parts, Instant now);
std::optional<TemplateRow> get_template(pqxx::transaction_base& tx, const std::string& tenant_id,
                                        const std::string& kind, const std::string& channel, const std::string& locale);
std::vector<TemplateRow> list_templates(pqxx::transaction_base& tx, const std::string& tenant_id);
bool delete_template(pqxx::work& tx, const std::string& tenant_id, const std::string& kind, const std::string& channel,
                     const std::string& locale);
// Every locale's override of one kind and channel, as render_message takes them.
std::vector<core::messages::templates::TemplateOverride> template_overrides(pqxx::transaction_base& tx,
                                                                            const std::string& tenant_id,
                                                                            const std::string& kind,
                                                                            const std::string& channel);

bool is_uuid(const std::string& s);
// PostgreSQL array literal of strings: {"a","b"}; nullopt items are NULL.
std::string pg_text_array(const std::vector<std::string>& items);
std::string pg_text_array(const std::vector<std::optional<std::string>>& items);

}  // namespace forewarn::db
