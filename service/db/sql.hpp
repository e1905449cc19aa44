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
// --- carrier slip (migration 0012, core/promise/slip_model.hpp) --------------------
// The tenants with parcels whose first estimate is in [$1, $2], and those
// with slips learned before (whose slips may have to go).
inline constexpr Statement kSlipTenants{"slip_tenants",
  "SELECT tenant_id::text FROM shipments WHERE first_carrier_estimated_delivery BETWEEN $1::date AND $2::date"
  " UNION SELECT tenant_id::text FROM service_slips"};
// The tenant's parcels whose first estimate falls in [$2, $3], without those
// that had a carrier exception; the delivery instant with its zone (the day
// is taken in the destination's zone by the caller).
inline constexpr Statement kSlipObservations{"slip_observations",
  "SELECT s.carrier, s.service, to_char(s.first_carrier_estimated_delivery, 'YYYY-MM-DD'),"
  " to_char(s.carrier_estimated_delivery, 'YYYY-MM-DD'), (extract(epoch FROM s.delivered_at) * 1000)::bigint,"
  " s.destination_time_zone"
  " FROM shipments s WHERE s.tenant_id = $1::uuid"
  " AND s.first_carrier_estimated_delivery BETWEEN $2::date AND $3::date"
  " AND NOT EXISTS (SELECT 1 FROM tracking_events e WHERE e.tenant_id = s.tenant_id AND e.shipment_id = s.id"
  " AND e.status = 'exception')"};
inline constexpr Statement kDeleteServiceSlips{"delete_service_slips",
  "DELETE FROM service_slips WHERE tenant_id = $1::uuid"};
// $3: the probabilities as a PostgreSQL array literal ("{0.5,0.3,0.2}").
inline constexpr Statement kInsertServiceSlip{"insert_service_slip",
  "INSERT INTO service_slips (tenant_id, service_id, probabilities, observations, built_at)"
  " VALUES ($1::uuid, $2, $3::double precision[], $4::integer, $5::timestamptz)"
  " ON CONFLICT (tenant_id, service_id) DO UPDATE SET probabilities = EXCLUDED.probabilities,"
  " observations = EXCLUDED.observations, built_at = EXCLUDED.built_at"};
inline constexpr Statement kListServiceSlips{"list_service_slips",
  "SELECT service_id, array_to_string(probabilities, ','), observations FROM service_slips"
  " WHERE tenant_id = $1::uuid ORDER BY service_id"};
// --- parcels that never arrive (migration 0014, core/promise/non_arrival.hpp) -------
// The tenants with parcels registered in [$1, $2), and those with rates
// learned before (whose rates may have to go).
inline constexpr Statement kNonArrivalTenants{"non_arrival_tenants",
  "SELECT tenant_id::text FROM shipments WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz"
  " UNION SELECT tenant_id::text FROM carrier_non_arrivals"};
// Per carrier, the tenant's parcels registered in [$2, $3), and those of them
// not delivered and either never scanned or now in a carrier exception.
inline constexpr Statement kNonArrivalCounts{"non_arrival_counts",
  "SELECT carrier, count(*),"
  " count(*) FILTER (WHERE delivered_at IS NULL AND (first_scan_at IS NULL OR status = 'exception'))"
  " FROM shipments WHERE tenant_id = $1::uuid AND created_at >= $2::timestamptz AND created_at < $3::timestamptz"
  " GROUP BY carrier"};
inline constexpr Statement kDeleteNonArrivals{"delete_non_arrivals",
  "DELETE FROM carrier_non_arrivals WHERE tenant_id = $1::uuid"};
inline constexpr Statement kInsertNonArrival{"insert_non_arrival",
  "INSERT INTO carrier_non_arrivals (tenant_id, carrier, parcels, failed, rate, built_at)"
  " VALUES ($1::uuid, $2, $3::bigint, $4::bigint, $5::double precision, $6::timestamptz)"};
inline constexpr Statement kListNonArrivals{"list_non_arrivals",
  "SELECT carrier, parcels, failed, rate FROM carrier_non_arrivals WHERE tenant_id = $1::uuid ORDER BY carrier"};
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
// A round of tracking news (a poll round, or one webhook) is three statements
// whatever its size: lock the shipments' tracking state, append the new
// events, write each shipment's evaluated state and close its poll lease.
// $1, $2: parallel arrays of tenant ids and shipment ids. Row locks in id order.
// What the tracking round and the risk model read of each shipment, by (tenant, id) arrays.
#define FOREWARN_TRACKING_STATES                                                                                 \
  "SELECT s.id::text, s.carrier, s.status, s.substatus, s.exception_reason, "                                   \
  FOREWARN_DATE("s.carrier_estimated_delivery") ", " FOREWARN_MS("s.delivered_at") ", "                          \
  FOREWARN_MS("s.last_event_at") ", s.active, s.stopped_at IS NOT NULL, " FOREWARN_DATE("s.promised_date")       \
  ", s.risk, s.leased_by, s.service, s.warehouse_id::text, s.event_id::text, s.destination_time_zone, "          \
  FOREWARN_MS("s.created_at") ", " FOREWARN_DATE("s.first_carrier_estimated_delivery") ", "                    \
  FOREWARN_MS("s.label_created_at") ", " FOREWARN_MS("s.first_scan_at") ", " FOREWARN_MS("s.last_scan_at")       \
  ", s.tenant_id::text"                                                                                          \
  " FROM shipments s JOIN unnest($1::uuid[], $2::uuid[]) AS k(t, i) ON s.tenant_id = k.t AND s.id = k.i"
// Shipment rows are locked FOR NO KEY UPDATE (here and in the leases below),
// never FOR UPDATE: a message row's foreign key check takes KEY SHARE on its
// shipment, which FOR UPDATE blocks. A round holding the tenant's message
// lock (kLockTenantMessages) and inserting a message for a sibling shipment
// another round had locked waited for that round, which waited for the
// message lock: a deadlock, found after deadlock_timeout (1 s) each time.
inline constexpr Statement kLockTrackingStates{"lock_tracking_states",
  FOREWARN_TRACKING_STATES
  " ORDER BY s.id FOR NO KEY UPDATE OF s"};
// One row per event from parallel arrays; a dedup_key seen before is skipped.
// Only for shipments kLockTrackingStates locked in the same transaction, with
// the tenant id that statement read from each shipment row (migrations 0009
// and 0013: no foreign key checks it again per event). $5: hex SHA-256s.
inline constexpr Statement kInsertTrackingEvents{"insert_tracking_events",
  "INSERT INTO tracking_events (tenant_id, shipment_id, dedup_key, source, event_time, utc_offset_minutes,"
  " status, substatus, exception_reason, description, city, state, postal_code, country, recorded_at)"
  " SELECT e.tid, e.sid, decode(e.k, 'hex'), e.src, e.t::timestamptz, e.o::integer, e.s, e.ss, e.r, e.d, e.c,"
  " e.st, e.p, e.co, $1::timestamptz"
  " FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],"
  " $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])"
  " AS e(tid, sid, src, k, t, o, s, ss, r, d, c, st, p, co)"
  " ON CONFLICT (shipment_id, dedup_key) DO NOTHING RETURNING shipment_id::text"};
// Each row: the evaluated tracking state; `chg` moves updated_at; `mine`
// closes the poll lease the worker holds (checked under the row lock above):
// the next poll (none once inactive), the failure count.
inline constexpr Statement kApplyTrackingRound{"apply_tracking_round",
  "UPDATE shipments s SET status = u.st, substatus = u.ss, exception_reason = u.r,"
  " carrier_estimated_delivery = u.ced::date, delivered_at = u.dat::timestamptz,"
  " first_carrier_estimated_delivery = COALESCE(s.first_carrier_estimated_delivery, u.ced::date),"
  " last_event_at = u.lea::timestamptz, active = u.act, risk = u.risk,"
  " updated_at = CASE WHEN u.chg THEN $1::timestamptz ELSE s.updated_at END,"
  " next_poll_at = CASE WHEN NOT u.act THEN NULL WHEN u.mine THEN u.np::timestamptz ELSE s.next_poll_at END,"
  " leased_until = CASE WHEN u.mine THEN NULL ELSE s.leased_until END,"
  " leased_by = CASE WHEN u.mine THEN NULL ELSE s.leased_by END,"
  " last_polled_at = CASE WHEN u.mine THEN $1::timestamptz ELSE s.last_polled_at END,"
  " poll_failures = CASE WHEN NOT u.mine THEN s.poll_failures WHEN u.failed THEN s.poll_failures + 1 ELSE 0 END,"
  " assessed_at = CASE WHEN u.asd THEN $1::timestamptz ELSE s.assessed_at END,"
  " label_created_at = u.lca::timestamptz, first_scan_at = u.fsa::timestamptz, last_scan_at = u.lsa::timestamptz"
  " FROM unnest($2::uuid[], $3::uuid[], $4::boolean[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],"
  " $10::text[], $11::boolean[], $12::text[], $13::boolean[], $14::text[], $15::boolean[], $16::boolean[],"
  " $17::text[], $18::text[], $19::text[])"
  " AS u(t, i, chg, st, ss, r, ced, dat, lea, act, risk, mine, np, failed, asd, lca, fsa, lsa)"
  " WHERE s.tenant_id = u.t AND s.id = u.i"};
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
  " ORDER BY next_poll_at LIMIT $4 FOR NO KEY UPDATE SKIP LOCKED) due"
  " WHERE s.id = due.id"
  " RETURNING s.tenant_id::text, s.id::text, s.carrier, s.tracking_number, s.service, s.status, s.poll_failures, "
  FOREWARN_MS("s.last_event_at") ", " FOREWARN_DATE("s.carrier_estimated_delivery") ", "
  FOREWARN_DATE("s.promised_date") ", s.destination_time_zone, " FOREWARN_MS("s.next_poll_at")};
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
// --- recipient preferences and signing keys (migration 0008) ---------------------
#define FOREWARN_PREFERENCE_COLUMNS \
  "email, sms, opted_out, opted_out_source, " FOREWARN_TS("opted_out_at") ", quiet_start, quiet_end, time_zone, " \
  FOREWARN_TS("updated_at")
inline constexpr Statement kGetPreferences{"get_preferences",
  "SELECT " FOREWARN_PREFERENCE_COLUMNS " FROM recipient_preferences WHERE tenant_id = $1::uuid AND address = $2"};
// opted_out_at moves only when opted_out turns true.
inline constexpr Statement kPutPreferences{"put_preferences",
  "INSERT INTO recipient_preferences (tenant_id, address, email, sms, opted_out, opted_out_source, opted_out_at,"
  " quiet_start, quiet_end, time_zone, updated_at)"
  " VALUES ($1::uuid, $2, $3::boolean, $4::boolean, $5::boolean, $6, CASE WHEN $5::boolean THEN $10::timestamptz END,"
  " $7, $8, $9, $10::timestamptz)"
  " ON CONFLICT (tenant_id, address) DO UPDATE SET email = EXCLUDED.email, sms = EXCLUDED.sms,"
  " opted_out = EXCLUDED.opted_out, opted_out_source = EXCLUDED.opted_out_source,"
  " opted_out_at = CASE WHEN NOT EXCLUDED.opted_out THEN NULL WHEN recipient_preferences.opted_out"
  " THEN recipient_preferences.opted_out_at ELSE EXCLUDED.opted_out_at END,"
  " quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, time_zone = EXCLUDED.time_zone,"
  " updated_at = EXCLUDED.updated_at"
  " RETURNING " FOREWARN_PREFERENCE_COLUMNS};
inline constexpr Statement kDeletePreferences{"delete_preferences",
  "DELETE FROM recipient_preferences WHERE tenant_id = $1::uuid AND address = $2 RETURNING address"};
// An unsubscribe link or an SMS STOP/START: only the opt-out moves.
inline constexpr Statement kSetOptOut{"set_opt_out",
  "INSERT INTO recipient_preferences (tenant_id, address, opted_out, opted_out_source, opted_out_at, updated_at)"
  " VALUES ($1::uuid, $2, $3::boolean, CASE WHEN $3::boolean THEN $4 END, CASE WHEN $3::boolean THEN $5::timestamptz END,"
  " $5::timestamptz)"
  " ON CONFLICT (tenant_id, address) DO UPDATE SET opted_out = EXCLUDED.opted_out,"
  " opted_out_source = EXCLUDED.opted_out_source,"
  " opted_out_at = CASE WHEN NOT EXCLUDED.opted_out THEN NULL WHEN recipient_preferences.opted_out"
  " THEN recipient_preferences.opted_out_at ELSE EXCLUDED.opted_out_at END, updated_at = EXCLUDED.updated_at"};
inline constexpr Statement kInsertSigningKey{"insert_signing_key",
  "INSERT INTO signing_keys (name, secret, created_at) VALUES ($1, decode($2, 'hex'), $3::timestamptz)"
  " ON CONFLICT (name) DO NOTHING"};
inline constexpr Statement kGetSigningKey{"get_signing_key",
  "SELECT encode(secret, 'hex') FROM signing_keys WHERE name = $1"};
#undef FOREWARN_PREFERENCE_COLUMNS


// =================================================================================
// --- messages: the outbox, its dispatch and the tenants' providers (issue 5) ---
// =================================================================================
#define FOREWARN_MESSAGE_COLUMNS                                                                                  \
  "m.id::text, m.kind, m.channel, m.audience, m.contact_ref, m.recipient_name, m.recipient_address, m.locale,"    \
  " m.episode_key, m.subject, m.body_text, m.body_html, m.status, " FOREWARN_TS("m.send_at") ", m.attempts, "    \
  FOREWARN_TS("m.next_attempt_at") ", m.provider, m.provider_priority, m.provider_message_id, m.last_error, "     \
  FOREWARN_TS("m.sent_at") ", " FOREWARN_TS("m.created_at") ", " FOREWARN_TS("m.updated_at") ","                 \
  " (SELECT coalesce(array_agg(ms.shipment_id::text ORDER BY ms.shipment_id), '{}') FROM message_shipments ms"  \
  " WHERE ms.message_id = m.id), m.list_unsubscribe_url, m.tier, m.remedy_kind, m.remedy_cost::float8,"           \
  " m.remedy_amount::float8, m.time_zone,"                                                                        \
  " (SELECT coalesce(array_agg(e.episode_key ORDER BY e.position), '{}') FROM message_episodes e"                 \
  " WHERE e.message_id = m.id)"
// A second message for the same episode is impossible: the existing one wins.
inline constexpr Statement kInsertMessage{"insert_message",
  "INSERT INTO messages (tenant_id, kind, channel, audience, contact_ref, recipient_name, recipient_address, locale,"
  " episode_key, subject, body_text, body_html, list_unsubscribe_url, status, send_at, next_attempt_at,"
  " created_at, updated_at, tier, remedy_kind, remedy_cost, remedy_amount, time_zone, last_error, quiet_start,"
  " quiet_end, useful_until, stale_at)"
  " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::timestamptz, $15::timestamptz,"
  " $16::timestamptz, $16::timestamptz, $17, $18, $19::numeric, $20::numeric, $21, $22, $23::smallint,"
  " $24::smallint, $25::timestamptz, $26::timestamptz)"
  " ON CONFLICT (tenant_id, episode_key, channel, recipient_address) DO NOTHING RETURNING id::text, status"};
inline constexpr Statement kFindEpisodeMessage{"find_episode_message",
  "SELECT id::text, status FROM messages WHERE tenant_id = $1::uuid AND episode_key = $2 AND channel = $3"
  " AND recipient_address = $4"};
// Links the shipments that exist for the tenant; an unknown id is skipped.
inline constexpr Statement kLinkMessageShipments{"link_message_shipments",
  "INSERT INTO message_shipments (tenant_id, message_id, shipment_id)"
  " SELECT $1::uuid, $2::uuid, s.id FROM shipments s WHERE s.tenant_id = $1::uuid AND s.id = ANY($3::uuid[])"
  " ON CONFLICT DO NOTHING"};
inline constexpr Statement kGetMessage{"get_message",
  "SELECT " FOREWARN_MESSAGE_COLUMNS " FROM messages m WHERE m.tenant_id = $1::uuid AND m.id = $2::uuid"};
inline constexpr Statement kListMessages{"list_messages",
  "SELECT " FOREWARN_MESSAGE_COLUMNS " FROM messages m WHERE m.tenant_id = $1::uuid"
  " AND ($2::text IS NULL OR m.status = $2::text)"
  " AND ($3::text IS NULL OR m.kind = $3::text)"
  " AND ($4::text IS NULL OR m.recipient_address = $4::text)"
  " AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM message_shipments ms WHERE ms.tenant_id = $1::uuid"
  " AND ms.message_id = m.id AND ms.shipment_id = $5::uuid))"
  " AND ($6::text IS NULL OR m.channel = $6::text)"
  " AND ($7::timestamptz IS NULL OR (m.created_at, m.id) > ($7::timestamptz, $8::uuid))"
  " ORDER BY m.created_at, m.id LIMIT $9"};
inline constexpr Statement kListMessageAttempts{"list_message_attempts",
  "SELECT attempt, provider, priority, outcome, code, reason, " FOREWARN_TS("at")
  " FROM message_attempts WHERE tenant_id = $1::uuid AND message_id = $2::uuid ORDER BY attempt, id"};
inline constexpr Statement kCountMessagesByStatus{"count_messages_by_status",
  "SELECT status, count(*) FROM messages GROUP BY status"};

// The dispatchers' lease. Like the poller's, the one kind of statement on
// tenant data without tenant_id = $1: dispatch works for every tenant. A
// message in `sending` whose lease ran out was interrupted (its process died
// mid-send); `was` tells the dispatcher so. The lease is the record that an
// attempt starts: attempts counts it before any provider is called.
// A due message whose recipient's preferences forbid it now (opted out, or
// the channel turned off; the address as core/preferences keys it: e-mail
// lower-cased) is not leased but `suppressed`, with the reason in last_error
// and returned in `why`.
inline constexpr Statement kLeaseDueMessages{"lease_due_messages",
  "UPDATE messages m SET status = CASE WHEN due.why IS NULL THEN 'sending' ELSE 'suppressed' END,"
  " leased_until = CASE WHEN due.why IS NULL THEN $2::timestamptz END,"
  " leased_by = CASE WHEN due.why IS NULL THEN $3 END,"
  " attempts = m.attempts + CASE WHEN due.why IS NULL THEN 1 ELSE 0 END,"
  " last_error = coalesce(due.why, m.last_error), updated_at = $1::timestamptz"
  " FROM (SELECT d.id, d.status AS was,"
  " (SELECT CASE WHEN p.opted_out THEN 'suppressed: the recipient opted out'"
  " || coalesce(' (' || p.opted_out_source || ')', '')"
  " WHEN d.channel = 'email' AND NOT p.email THEN 'suppressed: the recipient turned e-mail off'"
  " WHEN d.channel = 'sms' AND NOT p.sms THEN 'suppressed: the recipient turned SMS off' END"
  " FROM recipient_preferences p WHERE p.tenant_id = d.tenant_id"
  " AND p.address = CASE WHEN d.channel = 'email' THEN lower(d.recipient_address) ELSE d.recipient_address END) AS why"
  " FROM messages d WHERE d.status IN ('pending', 'sending')"
  " AND d.next_attempt_at <= $1::timestamptz AND d.send_at <= $1::timestamptz"
  " AND (d.leased_until IS NULL OR d.leased_until <= $1::timestamptz)"
  " ORDER BY d.next_attempt_at LIMIT $4 FOR UPDATE OF d SKIP LOCKED) due"
  " WHERE m.id = due.id"
  " RETURNING m.tenant_id::text, m.id::text, m.kind, m.channel, m.recipient_name, m.recipient_address, m.locale,"
  " m.subject, m.body_text, m.body_html, m.list_unsubscribe_url, due.was, m.attempts, m.attempts_before_retry,"
  " m.primary_failures, m.provider_priority, due.why, m.time_zone, m.quiet_start, m.quiet_end,"
  " " FOREWARN_MS("m.useful_until") ", " FOREWARN_MS("m.stale_at") ""};
// Quiet hours at send time: leased messages given back unsent (parallel
// arrays: tenant, message, status to restore, send_at).
inline constexpr Statement kHoldMessages{"hold_messages",
  "UPDATE messages m SET status = h.was, send_at = h.until, leased_until = NULL, leased_by = NULL,"
  " attempts = m.attempts - 1"
  " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS h(t, id, was, until)"
  " WHERE m.tenant_id = h.t AND m.id = h.id AND m.leased_by = $5 AND m.status = 'sending'"};
// Leased messages too late to be worth sending (stale_at, migration 0015):
// cancelled unsent (the lease's attempt undone), their episode key freed
// (suffixed with "/expired:<id>"), their episodes deleted, and their
// shipments marked for assessment (parallel arrays: tenant, message).
inline constexpr Statement kExpireMessages{"expire_messages",
  "WITH gone AS (UPDATE messages m SET status = 'cancelled', last_error = $4,"
  " episode_key = m.episode_key || '/expired:' || m.id::text, leased_until = NULL, leased_by = NULL,"
  " attempts = m.attempts - 1, updated_at = $3::timestamptz"
  " FROM unnest($1::uuid[], $2::uuid[]) AS e(t, id)"
  " WHERE m.tenant_id = e.t AND m.id = e.id AND m.leased_by = $5 AND m.status = 'sending'"
  " RETURNING m.tenant_id, m.id),"
  " released AS (DELETE FROM message_episodes ep USING gone"
  " WHERE ep.tenant_id = gone.tenant_id AND ep.message_id = gone.id RETURNING ep.tenant_id, ep.shipment_id)"
  " UPDATE shipments s SET assessed_at = NULL FROM released r WHERE s.tenant_id = r.tenant_id AND s.id = r.shipment_id"};
// Before any call: which provider each leased message goes to, and the
// `sending` row of its attempt (parallel arrays: tenant, message, attempt,
// provider kind, priority). Interrupted attempts get their `interrupted` row
// first (the same arrays, filtered by $6).
inline constexpr Statement kBeginAttempts{"begin_attempts",
  "WITH a AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[], $6::boolean[])"
  " AS a(t, id, n, p, pr, interrupted)),"
  " u AS (UPDATE messages m SET provider = nullif(a.p, ''), provider_priority = CASE WHEN a.pr = 0 THEN NULL ELSE a.pr END FROM a"
  " WHERE m.tenant_id = a.t AND m.id = a.id RETURNING m.id),"
  " i AS (INSERT INTO message_attempts (tenant_id, message_id, attempt, provider, priority, outcome, reason, worker, at)"
  " SELECT a.t, a.id, a.n - 1, coalesce(m.provider, ''), m.provider_priority, 'interrupted',"
  " 'the lease ran out with no outcome', $7, $8::timestamptz FROM a JOIN messages m ON m.id = a.id"
  " WHERE a.interrupted)"
  " INSERT INTO message_attempts (tenant_id, message_id, attempt, provider, priority, outcome, worker, at)"
  " SELECT a.t, a.id, a.n, a.p, nullif(a.pr, 0), 'sending', $7, $8::timestamptz FROM a"};
// After the calls: each outcome's row, and the message's new state if the
// lease is still this worker's (parallel arrays, one element per outcome:
// tenant, message, next status, provider message id, outcome, code, reason,
// next attempt, primary failures, attempt, provider kind, priority (0: none)).
// Returns the ids whose state moved.
inline constexpr Statement kRecordSendOutcomes{"record_send_outcomes",
  "WITH r AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],"
  " $8::timestamptz[], $9::int[], $10::int[], $11::text[], $12::int[])"
  " AS r(t, id, status, pmid, outcome, code, reason, next_at, failures, attempt, provider, priority)),"
  " u AS (UPDATE messages m SET status = r.status, provider_message_id = coalesce(nullif(r.pmid, ''), m.provider_message_id),"
  " last_error = CASE WHEN r.outcome = 'accepted' THEN NULL ELSE nullif(r.reason, '') END,"
  " next_attempt_at = r.next_at, primary_failures = r.failures, leased_until = NULL, leased_by = NULL,"
  " sent_at = CASE WHEN r.status = 'sent' THEN $14::timestamptz ELSE m.sent_at END, updated_at = $14::timestamptz"
  " FROM r WHERE m.tenant_id = r.t AND m.id = r.id AND m.leased_by = $13 AND m.status = 'sending' RETURNING m.id),"
  " i AS (INSERT INTO message_attempts (tenant_id, message_id, attempt, provider, priority, outcome, code, reason,"
  " worker, at) SELECT r.t, r.id, r.attempt, r.provider, nullif(r.priority, 0), r.outcome, r.code, r.reason, $13,"
  " $14::timestamptz FROM r)"
  " SELECT u.id::text FROM u"};
// Provider status webhooks.
inline constexpr Statement kLockMessageByProviderId{"lock_message_by_provider_id",
  "SELECT id::text, status, attempts FROM messages WHERE tenant_id = $1::uuid AND provider = $2"
  " AND provider_message_id = $3 FOR UPDATE"};
inline constexpr Statement kSetMessageStatus{"set_message_status",
  "WITH u AS (UPDATE messages SET status = $3, last_error = coalesce(nullif($4, ''), last_error),"
  " updated_at = $5::timestamptz WHERE tenant_id = $1::uuid AND id = $2::uuid RETURNING id, attempts, provider,"
  " provider_priority)"
  " INSERT INTO message_attempts (tenant_id, message_id, attempt, provider, priority, outcome, reason, at)"
  " SELECT $1::uuid, u.id, u.attempts, coalesce(u.provider, ''), u.provider_priority, 'status',"
  " $3 || coalesce(': ' || nullif($4, ''), ''),"
  " $5::timestamptz FROM u"};
inline constexpr Statement kLockMessage{"lock_message",
  "SELECT status FROM messages WHERE tenant_id = $1::uuid AND id = $2::uuid FOR UPDATE"};
inline constexpr Statement kRetryMessage{"retry_message",
  "WITH u AS (UPDATE messages SET status = 'pending', next_attempt_at = $3::timestamptz,"
  " attempts_before_retry = attempts, primary_failures = 0, leased_until = NULL, leased_by = NULL,"
  " updated_at = $3::timestamptz WHERE tenant_id = $1::uuid AND id = $2::uuid RETURNING id, attempts)"
  " INSERT INTO message_attempts (tenant_id, message_id, attempt, outcome, reason, at)"
  " SELECT $1::uuid, u.id, u.attempts, 'retry', 'retried by hand (was ' || $4 || ')', $3::timestamptz FROM u"};

// Providers.
inline constexpr Statement kListTenantProviders{"list_tenant_providers",
  "SELECT channel, priority, kind, config::text, webhook_token, " FOREWARN_TS("created_at") ", "
  FOREWARN_TS("updated_at") " FROM tenant_providers WHERE tenant_id = $1::uuid"
  " AND ($2::text IS NULL OR channel = $2::text) ORDER BY channel, priority"};
// The token stays when the kind stays (the provider keeps its webhook URL).
inline constexpr Statement kPutTenantProvider{"put_tenant_provider",
  "INSERT INTO tenant_providers (tenant_id, channel, priority, kind, config, webhook_token, created_at, updated_at)"
  " VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6, $7::timestamptz, $7::timestamptz)"
  " ON CONFLICT (tenant_id, channel, priority) DO UPDATE SET config = EXCLUDED.config,"
  " webhook_token = CASE WHEN tenant_providers.kind = EXCLUDED.kind THEN tenant_providers.webhook_token"
  " ELSE EXCLUDED.webhook_token END, kind = EXCLUDED.kind, updated_at = EXCLUDED.updated_at"};
inline constexpr Statement kDeleteTenantProvider{"delete_tenant_provider",
  "DELETE FROM tenant_providers WHERE tenant_id = $1::uuid AND channel = $2 AND priority = $3"};
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

// =================================================================================
// --- decisions: assessments → outbox, the tenant's policy, the sweep (issue 5) ---
// =================================================================================
// Every shipment of the orders of the given shipments (the siblings of a
// gift order are decided together), with its tenant.
inline constexpr Statement kShipmentsOfOrders{"shipments_of_orders",
  "SELECT " FOREWARN_SHIPMENT_COLUMNS ", s.tenant_id::text FROM shipments s"
  " WHERE (s.tenant_id, s.order_id) IN (SELECT x.tenant_id, x.order_id FROM shipments x"
  " JOIN unnest($1::uuid[], $2::uuid[]) AS k(t, i) ON x.tenant_id = k.t AND x.id = k.i)"
  " ORDER BY s.created_at, s.id"};
// What a sibling's risk assessment needs (as kLockTrackingStates, unlocked).
inline constexpr Statement kTrackingStates{"tracking_states",
  FOREWARN_TRACKING_STATES};
inline constexpr Statement kEpisodesOfShipments{"episodes_of_shipments",
  "SELECT e.shipment_id::text, e.kind, e.deadline_key, e.number, e.cause, " FOREWARN_MS("e.opened_at")
  " FROM message_episodes e JOIN unnest($1::uuid[], $2::uuid[]) AS k(t, i)"
  " ON e.tenant_id = k.t AND e.shipment_id = k.i ORDER BY e.opened_at, e.position"};
// A decision's episodes; those another transaction opened first are skipped
// (RETURNING names the ones that are this decision's).
inline constexpr Statement kInsertEpisodes{"insert_episodes",
  "INSERT INTO message_episodes (tenant_id, episode_key, shipment_id, kind, deadline_key, number, cause, position,"
  " opened_at)"
  " SELECT $1::uuid, e.k, e.s::uuid, e.kind, e.d, e.n::integer, e.c, e.p::integer, $2::timestamptz"
  " FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])"
  " AS e(k, s, kind, d, n, c, p)"
  " ON CONFLICT (tenant_id, episode_key) DO NOTHING RETURNING episode_key"};
inline constexpr Statement kDeleteEpisodes{"delete_episodes",
  "DELETE FROM message_episodes WHERE tenant_id = $1::uuid AND episode_key = ANY($2::text[])"};
inline constexpr Statement kLinkEpisodes{"link_episodes",
  "UPDATE message_episodes SET message_id = $3::uuid WHERE tenant_id = $1::uuid AND episode_key = ANY($2::text[])"};
// Serializes the rounds that write a tenant's messages (a transaction-scoped
// advisory lock): the month's remedy spend read next stays true until commit.
inline constexpr Statement kLockTenantMessages{"lock_tenant_messages",
  "SELECT pg_advisory_xact_lock(hashtextextended('forewarn.tenant_messages:' || $1::text, 0))"};
// The month's remedy spend (from the first instant of the month, UTC).
inline constexpr Statement kRemedySpend{"remedy_spend",
  "SELECT coalesce(sum(remedy_cost), 0)::float8 FROM messages"
  " WHERE tenant_id = $1::uuid AND created_at >= $2::timestamptz AND remedy_cost > 0"};
inline constexpr Statement kTenantPolicy{"tenant_policy",
  "SELECT t.name, p.policy::text, " FOREWARN_TS("p.updated_at")
  " FROM tenants t LEFT JOIN tenant_policies p ON p.tenant_id = t.id WHERE t.id = $1::uuid"};
inline constexpr Statement kPutTenantPolicy{"put_tenant_policy",
  "INSERT INTO tenant_policies (tenant_id, policy, updated_at) VALUES ($1::uuid, $2::jsonb, $3::timestamptz)"
  " ON CONFLICT (tenant_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at"};
inline constexpr Statement kDeleteTenantPolicy{"delete_tenant_policy",
  "DELETE FROM tenant_policies WHERE tenant_id = $1::uuid RETURNING tenant_id"};
// The sweep: active shipments not assessed since $1, oldest first.
inline constexpr Statement kLeaseAssessments{"lease_assessments",
  "SELECT tenant_id::text, id::text FROM shipments WHERE active AND (assessed_at IS NULL OR assessed_at <= $1)"
  " ORDER BY assessed_at NULLS FIRST LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED"};
// A warehouse's or an event's change may change every one of its active
// shipments' risk: the sweep takes them at once.
// SKIP LOCKED: a shipment a tracking round holds right now is not waited
// for (rounds follow one another; waiting for all of them made the PATCH
// time out under load); that round assessed it with what was committed
// when it read, and the sweep takes it again within FOREWARN_ASSESS_INTERVAL_S.
inline constexpr Statement kReassessWarehouse{"reassess_warehouse",
  "UPDATE shipments SET assessed_at = NULL WHERE id IN (SELECT id FROM shipments WHERE tenant_id = $1::uuid"
  " AND warehouse_id = $2::uuid AND active FOR NO KEY UPDATE SKIP LOCKED)"};
inline constexpr Statement kReassessEvent{"reassess_event",
  "UPDATE shipments SET assessed_at = NULL WHERE id IN (SELECT id FROM shipments WHERE tenant_id = $1::uuid"
  " AND event_id = $2::uuid AND active FOR NO KEY UPDATE SKIP LOCKED)"};


#undef FOREWARN_TRACKING_STATES

// =================================================================================
// --- preferences at send time: inbound SMS STOP (issue 5 §6, dispatch2) ---
// =================================================================================
inline constexpr Statement kSuppressQueuedMessages{"suppress_queued_messages",
  "UPDATE messages SET status = 'suppressed', last_error = $4, updated_at = $5::timestamptz"
  " WHERE tenant_id = $1::uuid AND status = 'pending' AND channel = $3"
  " AND CASE WHEN channel = 'email' THEN lower(recipient_address) ELSE recipient_address END = $2"};

#undef FOREWARN_MESSAGE_COLUMNS
#undef FOREWARN_SHIPMENT_COLUMNS
#undef FOREWARN_DATE
#undef FOREWARN_MS
#undef FOREWARN_TS

}  // namespace forewarn::db::sql
