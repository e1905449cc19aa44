-- The poller's hot path (bench/polling.sh), measured with pg_stat_statements.
--
-- tracking_events referenced tenants(id) directly, so every event insert took
-- a FOR KEY SHARE lock on the tenant's one row; with several pollers storing
-- at once that row became a multixact hot spot and the insert cost ~2.4 ms.
-- An event's tenant is its shipment's: the insert statement takes tenant_id
-- from the shipments row it joins (db/sql.hpp kInsertTrackingEvents), and the
-- shipment's own foreign key (ON DELETE CASCADE) still removes the events with
-- the shipment, and so with the tenant.
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_tenant_id_fkey;

-- The events of one shipment are found through the de-duplication index
-- (shipment_id first) and sorted: a shipment has tens of events, and every
-- insert paid for a second index over the whole table.
DROP INDEX tracking_events_shipment_time;

-- The poller writes every polled shipment twice: the lease (leased_until,
-- leased_by: no index covers them) and the round's result. Room on each page
-- lets the lease be a heap-only update that touches none of the indexes.
ALTER TABLE shipments SET (fillfactor = 60);

-- Every other update of a shipment writes an entry into each of its indexes:
-- one index now serves both the (tenant, carrier, tracking number) identity
-- and the webhooks' lookup by (tenant, tracking number).
ALTER TABLE shipments DROP CONSTRAINT shipments_tenant_id_carrier_tracking_number_key,
  ADD CONSTRAINT shipments_tenant_tracking_carrier UNIQUE (tenant_id, tracking_number, carrier);
DROP INDEX shipments_tenant_tracking;
