-- Warehouses: where a tenant's orders are packed and handed to carriers.
-- The calendar fields feed the promise engine's handling-time model.
CREATE TABLE warehouses (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name              text NOT NULL,
  time_zone         text NOT NULL,
  country           text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  postal_code       text NOT NULL DEFAULT '',
  cutoff_local      text NOT NULL CHECK (cutoff_local ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  processing_days   text[] NOT NULL,
  closures          date[] NOT NULL DEFAULT '{}',
  backlog_days      integer NOT NULL DEFAULT 0 CHECK (backlog_days BETWEEN 0 AND 365),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  UNIQUE (tenant_id, name)
);
CREATE INDEX warehouses_tenant_created ON warehouses (tenant_id, created_at, id);
