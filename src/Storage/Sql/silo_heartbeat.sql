-- A silo's heartbeat, with its free slots for backpressure; answers its status, which says whether the
-- cluster declared it dead while it could not reach the database.
UPDATE bptl_silo
SET heartbeat_at = now(), free_slots = @free_slots, running = @running
WHERE silo_id = @silo
RETURNING status;
