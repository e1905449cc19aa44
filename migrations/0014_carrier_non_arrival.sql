-- Parcels that never arrive (core/promise/non_arrival.hpp): per tenant and
-- carrier, the share of recently registered parcels that were lost, returned,
-- left in a carrier exception or never scanned. The transit model and the
-- carrier slip learn only from parcels that move and arrive; the checkout
-- multiplies each deadline's probability by 1 - rate.
--
-- Rebuilt in the background with the carrier slips and read with the
-- tenant's snapshot: one row per carrier with parcels, and one with
-- carrier = '' for the tenant as a whole; replaced whole on each rebuild.
CREATE TABLE carrier_non_arrivals (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  carrier   text NOT NULL,
  parcels   bigint NOT NULL CHECK (parcels >= 0),
  failed    bigint NOT NULL CHECK (failed >= 0 AND failed <= parcels),
  rate      double precision NOT NULL CHECK (rate >= 0 AND rate < 1),
  built_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, carrier)
);
