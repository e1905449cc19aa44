-- What a tenant decides about its messages (the policy: thresholds, kinds,
-- tiers, remedies, budget; core/messages/policy) and what each recipient
-- decides for themselves (channels, opt-out, quiet hours; core/preferences).

-- One policy document per tenant; absent means the defaults.
CREATE TABLE tenant_policies (
  tenant_id   uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  policy      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Keyed by the normalized address (lower-case e-mail or E.164), so an
-- opt-out covers every shipment and order of the tenant.
CREATE TABLE recipient_preferences (
  tenant_id         uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  address           text NOT NULL CHECK (length(address) BETWEEN 3 AND 320),
  email             boolean NOT NULL DEFAULT true,
  sms               boolean NOT NULL DEFAULT true,
  opted_out         boolean NOT NULL DEFAULT false,
  opted_out_source  text CHECK (opted_out_source IN ('api', 'unsubscribe', 'sms_stop')),
  opted_out_at      timestamptz,
  quiet_start       text NOT NULL DEFAULT '21:00' CHECK (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_end         text NOT NULL DEFAULT '08:00' CHECK (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  time_zone         text,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, address)
);

-- Keys the service signs its own links with (unsubscribe links), shared by
-- every replica: the first process to need one creates it.
CREATE TABLE signing_keys (
  name        text PRIMARY KEY,
  secret      bytea NOT NULL CHECK (length(secret) >= 32),
  created_at  timestamptz NOT NULL
);
