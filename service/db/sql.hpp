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

}  // namespace forewarn::db::sql
