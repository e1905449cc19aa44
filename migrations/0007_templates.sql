-- Per-tenant overrides of the shopper message templates (issue 5). One row per
-- tenant, kind, channel and locale; `parts` maps a part name to its Mustache
-- source (email: subject, text, optional html; sms: body). Rows are validated
-- by the service before they are written (core/messages/templates/validate),
-- so a stored template always rendered when it was saved. Without a row the
-- built-in templates compiled into forewarn are used.
CREATE TABLE message_templates (
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('will_miss_deadline', 'delay_apology', 'back_on_track',
                                            'delivered_late_followup', 'action_required')),
  channel     text NOT NULL CHECK (channel IN ('email', 'sms')),
  locale      text NOT NULL CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$'),
  parts       jsonb NOT NULL CHECK (jsonb_typeof(parts) = 'object'),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, kind, channel, locale)
);
