// Every SQL statement of the service, in one place, as named constants.
// Parameters are always bound ($1, $2, ...), never spliced into the text.
// Tenant data is always filtered by tenant_id = $1.
#pragma once

namespace forewarn::db::sql {

struct Statement {
  const char* name;
  const char* sql;
};

// --- migrations --------------------------------------------------------------
inline constexpr Statement kAdvisoryLock{"advisory_lock", "SELECT pg_advisory_lock($1)"};
inline constexpr Statement kAdvisoryUnlock{"advisory_unlock", "SELECT pg_advisory_unlock($1)"};
inline constexpr Statement kCreateMigrationsTable{"create_migrations_table", R"(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL))"};
inline constexpr Statement kAppliedMigrations{"applied_migrations",
                                              "SELECT version, checksum FROM schema_migrations ORDER BY version"};
inline constexpr Statement kRecordMigration{
    "record_migration", "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)"};
inline constexpr Statement kMigrationsTableExists{"migrations_table_exists",
                                                  "SELECT to_regclass('schema_migrations') IS NOT NULL"};
inline constexpr Statement kMigrationCount{"migration_count", "SELECT count(*) FROM schema_migrations"};
inline constexpr Statement kPing{"ping", "SELECT 1"};

// --- embedded cluster ----------------------------------------------------------
inline constexpr Statement kDatabaseExists{"database_exists", "SELECT 1 FROM pg_database WHERE datname = $1"};

// --- tenants and keys ----------------------------------------------------------
inline constexpr Statement kInsertTenant{"insert_tenant",
                                         "INSERT INTO tenants (name, created_at) VALUES ($1, $2) RETURNING id::text"};
inline constexpr Statement kListTenants{"list_tenants", R"(
  SELECT t.id::text, t.name, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         count(k.id) FILTER (WHERE k.revoked_at IS NULL)
  FROM tenants t LEFT JOIN api_keys k ON k.tenant_id = t.id
  GROUP BY t.id ORDER BY t.created_at, t.id)"};
inline constexpr Statement kFindTenantByIdOrName{
    "find_tenant", "SELECT id::text, name FROM tenants WHERE id::text = $1 OR name = $1 ORDER BY created_at LIMIT 2"};
inline constexpr Statement kInsertApiKey{"insert_api_key", R"(
  INSERT INTO api_keys (tenant_id, prefix, secret_hash, label, created_at) VALUES ($1::uuid, $2, $3, $4, $5))"};
inline constexpr Statement kFindApiKey{"find_api_key", R"(
  SELECT k.tenant_id::text, k.secret_hash, k.revoked_at IS NOT NULL, t.name
  FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.prefix = $1)"};
inline constexpr Statement kRevokeApiKey{"revoke_api_key", R"(
  UPDATE api_keys SET revoked_at = $2 WHERE prefix = $1 AND revoked_at IS NULL RETURNING tenant_id::text)"};
inline constexpr Statement kListApiKeys{"list_api_keys", R"(
  SELECT prefix, label, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM api_keys WHERE tenant_id = $1::uuid ORDER BY created_at)"};

// --- warehouses ------------------------------------------------------------------
#define FOREWARN_WAREHOUSE_COLUMNS                                                                      \
  "id::text, name, time_zone, country, postal_code, cutoff_local, processing_days, closures::text[], " \
  "backlog_days, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "        \
  "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
inline constexpr Statement kInsertWarehouse{"insert_warehouse",
  "INSERT INTO warehouses (tenant_id, name, time_zone, country, postal_code, cutoff_local, processing_days,"
  " closures, backlog_days, created_at, updated_at)"
  " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::text[], $8::date[], $9, $10, $10)"
  " ON CONFLICT (tenant_id, name) DO NOTHING RETURNING " FOREWARN_WAREHOUSE_COLUMNS};
inline constexpr Statement kGetWarehouse{"get_warehouse",
  "SELECT " FOREWARN_WAREHOUSE_COLUMNS " FROM warehouses WHERE tenant_id = $1::uuid AND id = $2::uuid"};
inline constexpr Statement kListWarehouses{"list_warehouses",
  "SELECT " FOREWARN_WAREHOUSE_COLUMNS " FROM warehouses WHERE tenant_id = $1::uuid"
  " AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))"
  " ORDER BY created_at, id LIMIT $4"};
inline constexpr Statement kUpdateWarehouse{"update_warehouse",
  "UPDATE warehouses SET name = $3, time_zone = $4, country = $5, postal_code = $6, cutoff_local = $7,"
  " processing_days = $8::text[], closures = $9::date[], backlog_days = $10, updated_at = $11"
  " WHERE tenant_id = $1::uuid AND id = $2::uuid RETURNING " FOREWARN_WAREHOUSE_COLUMNS};
inline constexpr Statement kDeleteWarehouse{"delete_warehouse",
  "DELETE FROM warehouses WHERE tenant_id = $1::uuid AND id = $2::uuid RETURNING id::text"};
#undef FOREWARN_WAREHOUSE_COLUMNS

// --- events ----------------------------------------------------------------------
inline constexpr Statement kInsertEvent{"insert_event",
  "INSERT INTO events (tenant_id, name, definition, created_at) VALUES ($1::uuid, $2, $3::jsonb, $4)"
  " ON CONFLICT (tenant_id, name) DO NOTHING"
  " RETURNING id::text, definition::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"};
inline constexpr Statement kListEvents{"list_events",
  "SELECT id::text, definition::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
  " FROM events WHERE tenant_id = $1::uuid ORDER BY created_at, id"};
inline constexpr Statement kGetEvent{"get_event",
  "SELECT id::text, definition::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
  " FROM events WHERE tenant_id = $1::uuid AND id = $2::uuid"};
inline constexpr Statement kDeleteEvent{"delete_event",
  "DELETE FROM events WHERE tenant_id = $1::uuid AND id = $2::uuid RETURNING id::text"};

// --- carrier services (a tenant's own) ---------------------------------------------
#define FOREWARN_SERVICE_COLUMNS                                                                         \
  "id, carrier, name, based_on, pickup_days, delivery_days, holidays, min_transit_days, max_transit_days," \
  " enabled, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"               \
  " to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
// $2 NULL: the id is generated ("svc-" and 12 hex digits).
inline constexpr Statement kInsertCarrierService{"insert_carrier_service",
  "INSERT INTO carrier_services (tenant_id, id, carrier, name, based_on, pickup_days, delivery_days, holidays,"
  " min_transit_days, max_transit_days, enabled, created_at, updated_at)"
  " VALUES ($1::uuid, COALESCE($2::text, 'svc-' || left(replace(gen_random_uuid()::text, '-', ''), 12)), $3, $4, $5,"
  " $6::text[], $7::text[], $8, $9::integer, $10::integer, $11, $12, $12)"
  " ON CONFLICT (tenant_id, id) DO NOTHING RETURNING " FOREWARN_SERVICE_COLUMNS};
inline constexpr Statement kGetCarrierService{"get_carrier_service",
  "SELECT " FOREWARN_SERVICE_COLUMNS " FROM carrier_services WHERE tenant_id = $1::uuid AND id = $2"};
inline constexpr Statement kListCarrierServices{"list_carrier_services",
  "SELECT " FOREWARN_SERVICE_COLUMNS " FROM carrier_services WHERE tenant_id = $1::uuid"
  " AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::text))"
  " ORDER BY created_at, id LIMIT $4"};
inline constexpr Statement kReplaceCarrierService{"replace_carrier_service",
  "UPDATE carrier_services SET carrier = $3, name = $4, based_on = $5, pickup_days = $6::text[],"
  " delivery_days = $7::text[], holidays = $8, min_transit_days = $9::integer, max_transit_days = $10::integer,"
  " enabled = $11, updated_at = $12"
  " WHERE tenant_id = $1::uuid AND id = $2 RETURNING " FOREWARN_SERVICE_COLUMNS};
inline constexpr Statement kDeleteCarrierService{"delete_carrier_service",
  "DELETE FROM carrier_services WHERE tenant_id = $1::uuid AND id = $2 RETURNING id"};
#undef FOREWARN_SERVICE_COLUMNS

// --- delivery history and the learned transit model -----------------------------
// ON CONFLICT: a row imported before (same row key) is not counted twice;
// RETURNING tells the caller whether this one was new.
inline constexpr Statement kInsertDeliveryHistory{"insert_delivery_history",
  "INSERT INTO delivery_history (tenant_id, row_key, service_id, carrier, tracking_number, origin_warehouse_id,"
  " origin_country, origin_postal_code, destination_country, destination_postal_code, shipped_at,"
  " shipped_local_date, delivered_at, delivered_local_date, imported_at)"
  " VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7, $8, $9, $10, $11::timestamptz, $12::date, $13::timestamptz,"
  " $14::date, $15::timestamptz)"
  " ON CONFLICT (tenant_id, row_key) DO NOTHING RETURNING 1"};
inline constexpr Statement kCountDeliveryHistory{"count_delivery_history",
  "SELECT count(*) FROM delivery_history WHERE tenant_id = $1::uuid"};
// The tenants the model rebuild visits (ids only; the rows are read per tenant).
inline constexpr Statement kObservationTenants{"observation_tenants",
  "SELECT DISTINCT tenant_id::text FROM transit_observations"};
inline constexpr Statement kListTransitObservations{"list_transit_observations",
  "SELECT service_id, origin_country, origin_postal_code, destination_country, destination_postal_code,"
  " to_char(shipped_local_date, 'YYYY-MM-DD'), to_char(delivered_local_date, 'YYYY-MM-DD'),"
  " to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
  " FROM transit_observations WHERE tenant_id = $1::uuid"};
// --- shipments -------------------------------------------------------------------
// Instants are read as RFC 3339 text (the API's form) or as epoch milliseconds
// (what the ingestion computes with); dates as YYYY-MM-DD whatever DateStyle is.
#define FOREWARN_TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define FOREWARN_MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"
#define FOREWARN_DATE(col) "to_char(" col ", 'YYYY-MM-DD')"
#define FOREWARN_SHIPMENT_COLUMNS                                                                               \
  "s.id::text, s.order_id, s.carrier, s.service, s.tracking_number, s.warehouse_id::text,"                      \
  " s.destination_postal_code, s.destination_country, s.destination_time_zone, " FOREWARN_DATE("s.promised_date") \
  ", s.event_id::text, s.customer_lifetime_value::text, s.customer_currency, s.customer_order_count,"          \
  " s.customer_tier, s.status, s.substatus, s.exception_reason, s.risk, "                                        \
  FOREWARN_DATE("s.carrier_estimated_delivery") ", " FOREWARN_TS("s.delivered_at") ", "                          \
  FOREWARN_TS("s.last_event_at") ", s.active, " FOREWARN_TS("s.stopped_at") ", " FOREWARN_TS("s.next_poll_at")   \
  ", " FOREWARN_TS("s.created_at") ", " FOREWARN_TS("s.updated_at") ","                                        \
  " (SELECT coalesce(json_agg(json_build_object('role', c.role, 'name', c.name, 'email', c.email,"               \
  " 'phone', c.phone, 'locale', c.locale, 'time_zone', c.time_zone) ORDER BY c.role, c.position), '[]')"        \
  " FROM shipment_contacts c WHERE c.tenant_id = s.tenant_id AND c.shipment_id = s.id)::text"
inline constexpr Statement kInsertShipment{"insert_shipment",
  "INSERT INTO shipments (tenant_id, order_id, carrier, service, tracking_number, warehouse_id,"
  " destination_postal_code, destination_country, destination_time_zone, promised_date, event_id,"
  " customer_lifetime_value, customer_currency, customer_order_count, customer_tier, next_poll_at,"
  " created_at, updated_at)"
  " VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7, $8, $9, $10::date, $11::uuid, $12::numeric, $13,"
  " $14::integer, $15, $16, $16, $16)"
  " ON CONFLICT (tenant_id, carrier, tracking_number) DO NOTHING RETURNING id::text"};
inline constexpr Statement kGetShipment{"get_shipment",
  "SELECT " FOREWARN_SHIPMENT_COLUMNS " FROM shipments s WHERE s.tenant_id = $1::uuid AND s.id = $2::uuid"};
inline constexpr Statement kFindShipmentByTracking{"find_shipment_by_tracking",
  "SELECT " FOREWARN_SHIPMENT_COLUMNS " FROM shipments s"
  " WHERE s.tenant_id = $1::uuid AND s.carrier = $2 AND s.tracking_number = $3"};
inline constexpr Statement kListShipments{"list_shipments",
  "SELECT " FOREWARN_SHIPMENT_COLUMNS " FROM shipments s WHERE s.tenant_id = $1::uuid"
  " AND ($2::text IS NULL OR s.status = $2::text)"
  " AND ($3::text IS NULL OR s.risk = $3::text)"
  " AND ($4::uuid IS NULL OR s.event_id = $4::uuid)"
  " AND ($5::timestamptz IS NULL OR s.updated_at >= $5::timestamptz)"
  " AND ($6::boolean IS NULL OR s.active = $6::boolean)"
  " AND ($7::text IS NULL OR s.order_id = $7::text)"
  " AND ($8::timestamptz IS NULL OR (s.created_at, s.id) > ($8::timestamptz, $9::uuid))"
  " ORDER BY s.created_at, s.id LIMIT $10"};
inline constexpr Statement kUpdateShipmentPromise{"update_shipment_promise",
  "UPDATE shipments SET promised_date = $3::date, event_id = $4::uuid, customer_lifetime_value = $5::numeric,"
  " customer_currency = $6, customer_order_count = $7::integer, customer_tier = $8, updated_at = $9"
  " WHERE tenant_id = $1::uuid AND id = $2::uuid RETURNING id::text"};
inline constexpr Statement kStopShipment{"stop_shipment",
  "UPDATE shipments SET active = false, next_poll_at = NULL, leased_until = NULL, leased_by = NULL,"
  " updated_at = CASE WHEN stopped_at IS NULL THEN $3::timestamptz ELSE updated_at END,"
  " stopped_at = coalesce(stopped_at, $3::timestamptz)"
  " WHERE tenant_id = $1::uuid AND id = $2::uuid RETURNING id::text"};
inline constexpr Statement kInsertContact{"insert_contact",
  "INSERT INTO shipment_contacts (tenant_id, shipment_id, role, position, name, email, phone, locale, time_zone)"
  " VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9)"};
inline constexpr Statement kDeleteContacts{"delete_contacts",
  "DELETE FROM shipment_contacts WHERE tenant_id = $1::uuid AND shipment_id = $2::uuid"};
inline constexpr Statement kFindIdempotencyKey{"find_idempotency_key",
  "SELECT request_hash, shipment_id::text FROM idempotency_keys WHERE tenant_id = $1::uuid AND key = $2"};
inline constexpr Statement kInsertIdempotencyKey{"insert_idempotency_key",
  "INSERT INTO idempotency_keys (tenant_id, key, request_hash, shipment_id, created_at)"
  " VALUES ($1::uuid, $2, $3, $4::uuid, $5) ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key"};

// --- tracking events and their ingestion -----------------------------------------
inline constexpr Statement kLockShipmentTracking{"lock_shipment_tracking",
  "SELECT carrier, status, substatus, exception_reason, " FOREWARN_DATE("carrier_estimated_delivery") ", "
  FOREWARN_MS("delivered_at") ", " FOREWARN_MS("last_event_at") ", active, stopped_at IS NOT NULL, "
  FOREWARN_DATE("promised_date") ", risk"
  " FROM shipments WHERE tenant_id = $1::uuid AND id = $2::uuid FOR UPDATE"};
// One row per event from parallel arrays; a dedup_key seen before is skipped.
inline constexpr Statement kInsertTrackingEvents{"insert_tracking_events",
  "INSERT INTO tracking_events (tenant_id, shipment_id, dedup_key, source, event_time, utc_offset_minutes,"
  " status, substatus, exception_reason, description, city, state, postal_code, country, recorded_at)"
  " SELECT $1::uuid, $2::uuid, e.k, $3, e.t::timestamptz, e.o::integer, e.s, e.ss, e.r, e.d, e.c, e.st, e.p,"
  " e.co, $4::timestamptz"
  " FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],"
  " $12::text[], $13::text[], $14::text[], $15::text[]) AS e(k, t, o, s, ss, r, d, c, st, p, co)"
  " ON CONFLICT (shipment_id, dedup_key) DO NOTHING RETURNING id"};
inline constexpr Statement kUpdateShipmentTracking{"update_shipment_tracking",
  "UPDATE shipments SET status = $3, substatus = $4, exception_reason = $5, carrier_estimated_delivery = $6::date,"
  " delivered_at = $7::timestamptz, last_event_at = $8::timestamptz, active = $9::boolean, risk = $10,"
  " next_poll_at = CASE WHEN $9::boolean THEN next_poll_at ELSE NULL END, updated_at = $11::timestamptz"
  " WHERE tenant_id = $1::uuid AND id = $2::uuid"};
inline constexpr Statement kListTrackingEvents{"list_tracking_events",
  "SELECT " FOREWARN_MS("event_time") ", utc_offset_minutes, status, substatus, exception_reason, description,"
  " city, state, postal_code, country, source, " FOREWARN_TS("recorded_at")
  " FROM tracking_events WHERE tenant_id = $1::uuid AND shipment_id = $2::uuid"
  " ORDER BY event_time DESC, id DESC LIMIT $3"};
// The shipment a webhook's tracking number belongs to: the one of the named
// carrier if there is one, else the oldest.
inline constexpr Statement kFindShipmentForWebhook{"find_shipment_for_webhook",
  "SELECT id::text, stopped_at IS NOT NULL FROM shipments WHERE tenant_id = $1::uuid AND tracking_number = $2"
  " ORDER BY (carrier = $3) DESC, created_at, id LIMIT 1"};
inline constexpr Statement kInsertCarrierFault{"insert_carrier_fault",
  "INSERT INTO carrier_faults (tenant_id, shipment_id, source, kind, reason, carrier_code, raw_body, created_at)"
  " VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, decode($7, 'hex'), $8) RETURNING id"};

// --- the poller's lease ----------------------------------------------------------
// The one statement on tenant data without tenant_id = $1: the poller works
// for every tenant. It returns each shipment's tenant id, and every statement
// after it is scoped by that id again.
inline constexpr Statement kLeaseDueShipments{"lease_due_shipments",
  "UPDATE shipments s SET leased_until = $2::timestamptz, leased_by = $3"
  " FROM (SELECT id FROM shipments WHERE active AND next_poll_at <= $1::timestamptz"
  " AND (leased_until IS NULL OR leased_until <= $1::timestamptz)"
  " ORDER BY next_poll_at LIMIT $4 FOR UPDATE SKIP LOCKED) due"
  " WHERE s.id = due.id"
  " RETURNING s.tenant_id::text, s.id::text, s.carrier, s.tracking_number, s.service, s.status, s.poll_failures, "
  FOREWARN_MS("s.last_event_at") ", " FOREWARN_DATE("s.carrier_estimated_delivery") ", "
  FOREWARN_DATE("s.promised_date") ", s.destination_time_zone, " FOREWARN_MS("s.next_poll_at")};
inline constexpr Statement kFinishPoll{"finish_poll",
  "UPDATE shipments SET leased_until = NULL, leased_by = NULL, last_polled_at = $4::timestamptz,"
  " next_poll_at = CASE WHEN active THEN $5::timestamptz ELSE NULL END,"
  " poll_failures = CASE WHEN $6::boolean THEN poll_failures + 1 ELSE 0 END"
  " WHERE tenant_id = $1::uuid AND id = $2::uuid AND leased_by = $3 RETURNING id::text"};

// --- webhook secrets ---------------------------------------------------------------
inline constexpr Statement kPutWebhookSecret{"put_webhook_secret",
  "INSERT INTO webhook_secrets (tenant_id, provider, secret, created_at, updated_at) VALUES ($1::uuid, $2, $3, $4, $4)"
  " ON CONFLICT (tenant_id, provider) DO UPDATE SET secret = EXCLUDED.secret, updated_at = EXCLUDED.updated_at"
  " RETURNING (xmax = 0), " FOREWARN_TS("created_at") ", " FOREWARN_TS("updated_at")};
inline constexpr Statement kGetWebhookSecret{"get_webhook_secret",
  "SELECT secret FROM webhook_secrets WHERE tenant_id = $1::uuid AND provider = $2"};
inline constexpr Statement kListWebhookSecrets{"list_webhook_secrets",
  "SELECT provider, " FOREWARN_TS("created_at") ", " FOREWARN_TS("updated_at")
  " FROM webhook_secrets WHERE tenant_id = $1::uuid ORDER BY provider"};
inline constexpr Statement kDeleteWebhookSecret{"delete_webhook_secret",
  "DELETE FROM webhook_secrets WHERE tenant_id = $1::uuid AND provider = $2 RETURNING provider"};
// --- message templates (issue 5: templates) ---------------------------------------
inline constexpr Statement kPutTemplate{"put_template",
  "INSERT INTO message_templates (tenant_id, kind, channel, locale, parts, created_at, updated_at)"
  " VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6, $6)"
  " ON CONFLICT (tenant_id, kind, channel, locale) DO UPDATE SET parts = EXCLUDED.parts, updated_at = EXCLUDED.updated_at"
  " RETURNING (xmax = 0), " FOREWARN_TS("created_at") ", " FOREWARN_TS("updated_at")};
#define FOREWARN_TEMPLATE_COLUMNS \
  "kind, channel, locale, parts::text, " FOREWARN_TS("created_at") ", " FOREWARN_TS("updated_at")
inline constexpr Statement kGetTemplate{"get_template",
  "SELECT " FOREWARN_TEMPLATE_COLUMNS " FROM message_templates"
  " WHERE tenant_id = $1::uuid AND kind = $2 AND channel = $3 AND locale = $4"};
inline constexpr Statement kListTemplates{"list_templates",
  "SELECT " FOREWARN_TEMPLATE_COLUMNS " FROM message_templates WHERE tenant_id = $1::uuid"
  " ORDER BY kind, channel, locale"};
inline constexpr Statement kListTemplatesFor{"list_templates_for",
  "SELECT " FOREWARN_TEMPLATE_COLUMNS " FROM message_templates"
  " WHERE tenant_id = $1::uuid AND kind = $2 AND channel = $3 ORDER BY locale"};
inline constexpr Statement kDeleteTemplate{"delete_template",
  "DELETE FROM message_templates WHERE tenant_id = $1::uuid AND kind = $2 AND channel = $3 AND locale = $4"
  " RETURNING locale"};
#undef FOREWARN_TEMPLATE_COLUMNS

#undef FOREWARN_SHIPMENT_COLUMNS
#undef FOREWARN_DATE
#undef FOREWARN_MS
#undef FOREWARN_TS

}  // namespace forewarn::db::sql
