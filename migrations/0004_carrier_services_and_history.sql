-- A tenant's own carrier services (service/core/tenant_service.hpp): either
-- based on a built-in service (based_on; its calendar, and its band unless
-- min/max_transit_days override it) or with a calendar of their own.
CREATE TABLE carrier_services (
  tenant_id         uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id                text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  carrier           text NOT NULL CHECK (length(carrier) BETWEEN 1 AND 100),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  based_on          text,
  pickup_days       text[],
  delivery_days     text[],
  holidays          text,
  min_transit_days  integer CHECK (min_transit_days BETWEEN 0 AND 60),
  max_transit_days  integer CHECK (max_transit_days BETWEEN 0 AND 60),
  enabled           boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK (based_on IS NOT NULL OR (pickup_days IS NOT NULL AND delivery_days IS NOT NULL AND holidays IS NOT NULL
                                  AND min_transit_days IS NOT NULL AND max_transit_days IS NOT NULL))
);
CREATE INDEX carrier_services_tenant_created ON carrier_services (tenant_id, created_at, id);

-- Delivered shipments imported with `forewarn import-history` (format in the
-- README). row_key is the row's identity (service + tracking number, or every
-- field): importing a file again adds nothing twice. The local dates are the
-- calendar dates written in the timestamps (their own offsets).
CREATE TABLE delivery_history (
  tenant_id                uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  row_key                  text NOT NULL,
  service_id               text NOT NULL,
  carrier                  text NOT NULL DEFAULT '',
  tracking_number          text NOT NULL DEFAULT '',
  origin_warehouse_id      uuid,
  origin_country           text NOT NULL CHECK (origin_country ~ '^[A-Z]{2}$'),
  origin_postal_code       text NOT NULL DEFAULT '',
  destination_country      text NOT NULL CHECK (destination_country ~ '^[A-Z]{2}$'),
  destination_postal_code  text NOT NULL,
  shipped_at               timestamptz NOT NULL,
  shipped_local_date       date NOT NULL,
  delivered_at             timestamptz NOT NULL,
  delivered_local_date     date NOT NULL,
  imported_at              timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, row_key),
  CHECK (delivered_at >= shipped_at)
);

-- What the learned transit model reads (http/transit_models.cpp): one row per
-- delivered shipment. The hook for shipments forewarn tracks to delivery
-- (issue 4): add them here with UNION ALL, in the same columns, with their
-- own `source`.
CREATE VIEW transit_observations AS
  SELECT tenant_id, service_id, origin_country, origin_postal_code, destination_country, destination_postal_code,
         shipped_local_date, delivered_local_date, delivered_at, 'import'::text AS source
  FROM delivery_history;
