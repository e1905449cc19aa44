-- Shipments a tenant registers, the people they are for, the carrier events
-- seen for them, the carrier responses that could not be understood, the
-- Idempotency-Key replies of POST /v1/shipments, and the aggregators' webhook
-- secrets.

-- One parcel on its way. (tenant, carrier, tracking number) identifies it; the
-- tracking number is stored normalized (no whitespace, upper case). status ..
-- last_event_at are derived from tracking_events by the ingestion (db::
-- record_tracking_result); next_poll_at .. poll_failures belong to the poller.
CREATE TABLE shipments (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id                   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  order_id                    text NOT NULL CHECK (length(order_id) BETWEEN 1 AND 200),
  carrier                     text NOT NULL CHECK (carrier IN ('ups', 'fedex', 'usps', 'dhl')),
  service                     text,
  tracking_number             text NOT NULL CHECK (tracking_number ~ '^[A-Z0-9]{4,64}$'),
  warehouse_id                uuid REFERENCES warehouses(id) ON DELETE SET NULL,
  destination_postal_code     text NOT NULL DEFAULT '',
  destination_country         text NOT NULL CHECK (destination_country ~ '^[A-Z]{2}$'),
  destination_time_zone       text,
  promised_date               date,
  event_id                    uuid REFERENCES events(id) ON DELETE SET NULL,
  customer_lifetime_value     numeric(14, 2) CHECK (customer_lifetime_value >= 0),
  customer_currency           text CHECK (customer_currency ~ '^[A-Z]{3}$'),
  customer_order_count        integer CHECK (customer_order_count >= 0),
  customer_tier               text,
  status                      text NOT NULL DEFAULT 'unknown',
  substatus                   text NOT NULL DEFAULT '',
  exception_reason            text,
  risk                        text,
  carrier_estimated_delivery  date,
  delivered_at                timestamptz,
  last_event_at               timestamptz,
  active                      boolean NOT NULL DEFAULT true,
  stopped_at                  timestamptz,
  next_poll_at                timestamptz,
  leased_until                timestamptz,
  leased_by                   text,
  poll_failures               integer NOT NULL DEFAULT 0,
  last_polled_at              timestamptz,
  created_at                  timestamptz NOT NULL,
  updated_at                  timestamptz NOT NULL,
  UNIQUE (tenant_id, carrier, tracking_number)
);
-- The list (cursor over created_at, id) and its filters.
CREATE INDEX shipments_tenant_created ON shipments (tenant_id, created_at, id);
CREATE INDEX shipments_tenant_status ON shipments (tenant_id, status, created_at, id);
CREATE INDEX shipments_tenant_risk ON shipments (tenant_id, risk, created_at, id) WHERE risk IS NOT NULL;
CREATE INDEX shipments_tenant_event ON shipments (tenant_id, event_id, created_at, id) WHERE event_id IS NOT NULL;
CREATE INDEX shipments_tenant_updated ON shipments (tenant_id, updated_at);
-- Webhooks find their shipment by tracking number.
CREATE INDEX shipments_tenant_tracking ON shipments (tenant_id, tracking_number);
-- The poller's lease: due active shipments, soonest first.
CREATE INDEX shipments_due ON shipments (next_poll_at) WHERE active;

-- The purchaser and the recipients of a shipment (a gift has a purchaser
-- distinct from its recipients). Replaced as a whole by PATCH.
CREATE TABLE shipment_contacts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  shipment_id  uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  role         text NOT NULL CHECK (role IN ('purchaser', 'recipient')),
  position     integer NOT NULL CHECK (position >= 0),
  name         text NOT NULL DEFAULT '',
  email        text,
  phone        text,
  locale       text,
  time_zone    text,
  UNIQUE (shipment_id, role, position)
);
CREATE INDEX shipment_contacts_shipment ON shipment_contacts (tenant_id, shipment_id);

-- Idempotency-Key of POST /v1/shipments: the same key with the same body
-- returns the shipment it created; with another body it is refused.
CREATE TABLE idempotency_keys (
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash  text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  shipment_id   uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

-- Carrier events, append-only. dedup_key is the SHA-256 of the event's
-- normalized carrier, time, status code, location and description
-- (core/shipment/evaluate.hpp), so the same scan seen twice (two polls, a poll
-- and a webhook) is stored once.
CREATE TABLE tracking_events (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id           uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  shipment_id         uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  dedup_key           text NOT NULL CHECK (dedup_key ~ '^[0-9a-f]{64}$'),
  source              text NOT NULL,
  event_time          timestamptz NOT NULL,
  utc_offset_minutes  integer,
  status              text NOT NULL,
  substatus           text NOT NULL DEFAULT '',
  exception_reason    text,
  description         text NOT NULL DEFAULT '',
  city                text NOT NULL DEFAULT '',
  state               text NOT NULL DEFAULT '',
  postal_code         text NOT NULL DEFAULT '',
  country             text NOT NULL DEFAULT '',
  recorded_at         timestamptz NOT NULL,
  UNIQUE (shipment_id, dedup_key)
);
CREATE INDEX tracking_events_shipment_time ON tracking_events (tenant_id, shipment_id, event_time DESC, id DESC);

CREATE FUNCTION tracking_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tracking_events is append-only';
END $$;
CREATE TRIGGER tracking_events_no_update BEFORE UPDATE ON tracking_events
  FOR EACH ROW EXECUTE FUNCTION tracking_events_append_only();

-- Carrier and aggregator bodies forewarn could not use (unparseable, an error
-- value, a webhook for no known shipment), kept whole for an operator.
CREATE TABLE carrier_faults (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  shipment_id   uuid REFERENCES shipments(id) ON DELETE CASCADE,
  source        text NOT NULL,
  kind          text NOT NULL,
  reason        text NOT NULL DEFAULT '',
  carrier_code  text NOT NULL DEFAULT '',
  raw_body      bytea NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX carrier_faults_tenant_created ON carrier_faults (tenant_id, created_at);

-- Webhook signing secrets of the aggregators (EasyPost, AfterShip). Unlike
-- API keys they are kept as given: checking an HMAC needs the key itself, so a
-- hash would be useless. Protect the database (and its backups) accordingly.
CREATE TABLE webhook_secrets (
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  provider    text NOT NULL CHECK (provider IN ('easypost', 'aftership')),
  secret      text NOT NULL CHECK (length(secret) BETWEEN 8 AND 256),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider)
);
