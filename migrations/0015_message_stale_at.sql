-- A warning that a deadline will be missed, or news that it will be made
-- (will_miss_deadline, back_on_track), is worth sending only before that
-- deadline: stale_at is it (the latest of the message's shipments'; NULL for
-- every other kind and for older rows). A dispatcher about to send such a
-- message later (a provider's retries, a backlog, quiet hours at send time)
-- cancels it instead, frees its episode key and its episodes, and has its
-- shipments assessed again, so the next decision says what is true then
-- (core/messages/outbox.hpp, dispatch/dispatcher.hpp).
ALTER TABLE messages ADD COLUMN stale_at timestamptz;
