-- The decisions that put messages in the outbox (issue 5): the episodes each
-- message opened, what the message costs the remedy budget, and when each
-- shipment was last assessed (the day-boundary sweep).

-- One row per episode (core/messages/decide.hpp: "<shipment>/<kind>/<deadline>/<n>").
-- The primary key makes a second message for the same episode impossible,
-- whatever the channel and whichever replica decided it: the decision inserts
-- its episodes first (ON CONFLICT DO NOTHING) and writes the message only
-- when every one of them was its own. A gift summary opens one episode per
-- shipment it covers.
CREATE TABLE message_episodes (
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  episode_key   text NOT NULL CHECK (length(episode_key) BETWEEN 1 AND 500),
  shipment_id   uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  kind          text NOT NULL,
  deadline_key  text NOT NULL,
  number        integer NOT NULL CHECK (number >= 1),
  cause         text NOT NULL DEFAULT '',
  position      integer NOT NULL DEFAULT 0,  -- the line's place in its message
  opened_at     timestamptz NOT NULL,
  message_id    uuid REFERENCES messages(id) ON DELETE SET NULL,
  PRIMARY KEY (tenant_id, episode_key)
);
CREATE INDEX message_episodes_shipment ON message_episodes (tenant_id, shipment_id, opened_at);
CREATE INDEX message_episodes_message ON message_episodes (message_id);

-- What the message offers and to whom, as decided: the customer's tier, the
-- remedy (kind, cost charged to the month's budget, amount shown), and the
-- addressee's time zone (quiet hours were planned in it).
ALTER TABLE messages
  ADD COLUMN tier text NOT NULL DEFAULT '',
  ADD COLUMN remedy_kind text NOT NULL DEFAULT '',
  ADD COLUMN remedy_cost numeric(12, 2) NOT NULL DEFAULT 0 CHECK (remedy_cost >= 0),
  ADD COLUMN remedy_amount numeric(12, 2),
  ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
-- The month's remedy spend of a tenant.
CREATE INDEX messages_remedy_spend ON messages (tenant_id, created_at) WHERE remedy_cost > 0;

-- The sweep re-assesses every active shipment at least every
-- FOREWARN_ASSESS_INTERVAL_S (a day boundary, a latest hand-over passing, a
-- backlog change); a warehouse or event change clears assessed_at so the
-- sweep takes its shipments at once.
ALTER TABLE shipments ADD COLUMN assessed_at timestamptz;
CREATE INDEX shipments_assess_due ON shipments (assessed_at NULLS FIRST) WHERE active;
