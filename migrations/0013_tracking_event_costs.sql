-- The poller's hot path, measured again (bench/polling.sh with
-- pg_stat_statements, then each change alone on 650,000 stored events).
--
-- 1. The risk model's scan times live on the shipment. Every tracking round
--    read them back from all the events of every shipment it assessed (an
--    aggregate over tens of rows each, a fifth of PostgreSQL's time in the
--    benchmark). The round now folds each result's events into them
--    (core/shipment/evaluate.cpp) and writes them with the rest of the state.
ALTER TABLE shipments
  ADD COLUMN label_created_at timestamptz,  -- the first info_received event
  ADD COLUMN first_scan_at    timestamptz,  -- the first event past info_received
  ADD COLUMN last_scan_at     timestamptz;  -- the last such event
UPDATE shipments s
SET label_created_at = a.label, first_scan_at = a.first_scan, last_scan_at = a.last_scan
FROM (SELECT shipment_id,
             min(event_time) FILTER (WHERE status = 'info_received') AS label,
             min(event_time) FILTER (WHERE status NOT IN ('info_received', 'unknown')) AS first_scan,
             max(event_time) FILTER (WHERE status NOT IN ('info_received', 'unknown')) AS last_scan
      FROM tracking_events GROUP BY shipment_id) a
WHERE s.id = a.shipment_id;

-- 2. The de-duplication key is the SHA-256 itself (32 bytes), not its 64 hex
--    digits checked by a regular expression: the check cost 8 µs per event,
--    and the unique index is a third smaller.
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_dedup_key_check;
ALTER TABLE tracking_events ALTER COLUMN dedup_key TYPE bytea USING decode(dedup_key, 'hex');
ALTER TABLE tracking_events ADD CONSTRAINT tracking_events_dedup_key_sha256 CHECK (octet_length(dedup_key) = 32);

-- 3. No foreign key from an event to its shipment: its check (a KEY SHARE
--    lookup per inserted row) cost 10 µs per event. Events are only ever
--    inserted by the tracking round, in the transaction that holds their
--    shipment's row lock (db/sql.hpp kLockTrackingStates, FOR NO KEY UPDATE,
--    which a DELETE of that row waits for), and only for the shipments that
--    lock returned. What the foreign key's ON DELETE CASCADE did, this
--    trigger does: deleting shipments (or their tenant, whose cascade
--    deletes them) deletes their events.
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_shipment_id_fkey;
CREATE FUNCTION shipments_delete_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM tracking_events e USING gone g WHERE e.shipment_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER shipments_delete_events AFTER DELETE ON shipments
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION shipments_delete_events();
