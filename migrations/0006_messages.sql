-- The outbox: the e-mails and SMS forewarn decided to send, their delivery
-- attempts, and the tenants' e-mail and SMS providers.

-- One message to one person about one episode. A decision writes it in the
-- same transaction as the tracking event that caused it (db::insert_message);
-- the dispatchers (service/dispatch) lease it when it is due and send it.
-- UNIQUE (tenant_id, episode_key, channel, recipient_address): a second
-- message for the same episode to the same address on the same channel cannot
-- exist. Statuses:
--   pending    waiting for send_at / next_attempt_at
--   sending    leased and being sent (attempts counts this one); a lease that
--              runs out (the process died) is taken again with the same
--              idempotency key and the same provider
--   sent       a provider accepted it (provider, provider_message_id)
--   delivered, bounced, complained   from the provider's status webhook
--   failed     a permanent rejection, the attempts ran out, or the provider
--              reported a failure; retryable by hand
--   cancelled, suppressed             not to be sent (decided elsewhere)
CREATE TABLE messages (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id            uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind                 text NOT NULL CHECK (kind IN ('will_miss_deadline', 'delay_apology', 'back_on_track',
                                                     'delivered_late_followup', 'action_required')),
  channel              text NOT NULL CHECK (channel IN ('email', 'sms')),
  audience             text NOT NULL CHECK (audience IN ('purchaser', 'recipient')),
  contact_ref          text NOT NULL DEFAULT '',   -- e.g. "purchaser" or "recipient:2"
  recipient_name       text NOT NULL DEFAULT '',
  recipient_address    text NOT NULL CHECK (length(recipient_address) BETWEEN 3 AND 320),
  locale               text NOT NULL DEFAULT 'en',
  episode_key          text NOT NULL CHECK (length(episode_key) BETWEEN 1 AND 500),
  subject              text NOT NULL DEFAULT '',
  body_text            text NOT NULL DEFAULT '',  -- the e-mail's plain part, or the SMS
  body_html            text NOT NULL DEFAULT '',
  list_unsubscribe_url text NOT NULL DEFAULT '',
  status               text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'bounced',
                                         'complained', 'cancelled', 'suppressed')),
  send_at              timestamptz NOT NULL,
  attempts             integer NOT NULL DEFAULT 0,
  attempts_before_retry integer NOT NULL DEFAULT 0, -- attempts at the last retry by hand (max attempts count from it)
  primary_failures     integer NOT NULL DEFAULT 0,  -- consecutive transient failures of the primary provider
  next_attempt_at      timestamptz NOT NULL,
  leased_until         timestamptz,
  leased_by            text,
  provider             text,     -- the kind of the provider of the latest attempt (smtp, twilio, ...)
  provider_priority    integer CHECK (provider_priority IN (1, 2)),
  provider_message_id  text,
  last_error           text,
  sent_at              timestamptz,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  UNIQUE (tenant_id, episode_key, channel, recipient_address)
);
-- The dispatchers' lease: due pending messages, and sending ones whose lease ran out.
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status IN ('pending', 'sending');
-- The list (cursor over created_at, id) and its filters.
CREATE INDEX messages_tenant_created ON messages (tenant_id, created_at, id);
CREATE INDEX messages_tenant_status ON messages (tenant_id, status, created_at, id);
-- Provider status webhooks find their message by the provider's id.
CREATE INDEX messages_provider_id ON messages (tenant_id, provider, provider_message_id)
  WHERE provider_message_id IS NOT NULL;

-- The shipments a message is about (a gift summary covers several).
CREATE TABLE message_shipments (
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  message_id   uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  shipment_id  uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  PRIMARY KEY (message_id, shipment_id)
);
CREATE INDEX message_shipments_shipment ON message_shipments (tenant_id, shipment_id);

-- Every attempt, append-only: a `sending` row is written (with the lease)
-- before the provider is called, and its outcome row after: accepted,
-- transient, permanent; `interrupted` when a lease ran out with no outcome
-- (the process died mid-send); `status` rows come from provider webhooks and
-- `retry` from a person.
CREATE TABLE message_attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  message_id  uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  attempt     integer NOT NULL,
  provider    text NOT NULL DEFAULT '',
  priority    integer,
  outcome     text NOT NULL CHECK (outcome IN ('sending', 'accepted', 'transient', 'permanent', 'interrupted',
                                               'status', 'retry')),
  code        integer NOT NULL DEFAULT 0,
  reason      text NOT NULL DEFAULT '',
  worker      text NOT NULL DEFAULT '',
  at          timestamptz NOT NULL
);
CREATE INDEX message_attempts_message ON message_attempts (tenant_id, message_id, id);

CREATE FUNCTION message_attempts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'message_attempts is append-only';
END $$;
CREATE TRIGGER message_attempts_no_update BEFORE UPDATE ON message_attempts
  FOR EACH ROW EXECUTE FUNCTION message_attempts_append_only();

-- A tenant's providers per channel: priority 1 is the primary, 2 the
-- secondary (failover). `config` holds the base URL or SMTP host, the
-- credentials, the from address and the Message-ID domain. Credentials are
-- kept as given (the provider needs them) and never come back out of the API.
-- webhook_token authenticates the provider's status webhooks (it is part of
-- the webhook URL the tenant gives the provider).
CREATE TABLE tenant_providers (
  tenant_id      uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  channel        text NOT NULL CHECK (channel IN ('email', 'sms')),
  priority       integer NOT NULL CHECK (priority IN (1, 2)),
  kind           text NOT NULL CHECK (kind IN ('smtp', 'sendgrid', 'postmark', 'twilio', 'vonage')),
  config         jsonb NOT NULL,
  webhook_token  text NOT NULL CHECK (webhook_token ~ '^[0-9a-f]{32,128}$'),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, channel, priority)
);
