-- Events a tenant's customers buy for (Christmas, Mother's Day, Singles'
-- Day): a date rule and a deadline in the recipient's local time. The rule is
-- the JSON form documented in service/core/event_json.hpp.
CREATE TABLE events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  UNIQUE (tenant_id, name)
);
CREATE INDEX events_tenant_created ON events (tenant_id, created_at, id);
