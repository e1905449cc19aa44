-- Carrier slip: how late a carrier service has recently been against its own
-- first estimate (core/promise/slip_model.hpp). In peak season a carrier's
-- estimate at the first scan stays nominal while the network falls behind;
-- forewarn learns the slip from the tenant's own recent parcels and applies
-- it to the parcels whose estimate the carrier has not revised yet, and to
-- the checkout's promises.
--
-- first_carrier_estimated_delivery: the carrier's first estimate, kept when
-- later ones replace carrier_estimated_delivery (NULL for rows older than
-- this migration, and until the carrier gives one).
-- No index on it: the slip is rebuilt every few minutes by one scan, while
-- an index would add an index entry to every tracking round's update.
ALTER TABLE shipments ADD COLUMN first_carrier_estimated_delivery date;

-- The learned slip of each service, rebuilt in the background with the
-- transit models and read with the tenant's snapshot (one row per service,
-- and per carrier as "carrier:ups", with enough recent parcels; replaced
-- whole on each rebuild).
CREATE TABLE service_slips (
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  service_id    text NOT NULL,
  -- probabilities of 0, 1, 2, ... business days later than the first estimate
  probabilities double precision[] NOT NULL CHECK (cardinality(probabilities) BETWEEN 1 AND 31),
  observations  integer NOT NULL CHECK (observations >= 0),
  built_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, service_id)
);
