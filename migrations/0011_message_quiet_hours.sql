-- Quiet hours are checked again when a message is about to be sent
-- (core/messages/quiet_hours.hpp, hold_until): a retry's backoff, a backlog
-- or a stopped process may carry a message planned for the evening into the
-- night. The window the decision used (minutes of the addressee's local day,
-- in messages.time_zone; NULL: none, as for rows older than this migration)
-- and the instant after which waiting makes the message useless.
ALTER TABLE messages
  ADD COLUMN quiet_start smallint CHECK (quiet_start BETWEEN 0 AND 1440),
  ADD COLUMN quiet_end smallint CHECK (quiet_end BETWEEN 0 AND 1440),
  ADD COLUMN useful_until timestamptz;
