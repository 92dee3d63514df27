-- Claims available tasks of one topic for a silo: FOR UPDATE SKIP LOCKED picks rows no one else is
-- claiming, and the same statement makes them running with a new activation number (the fence).
WITH claimed AS (
    UPDATE bptl_task t
    SET state = 'running',
        owner = @silo,
        activation = t.activation + 1,
        lease_expires_at = greatest(t.lock_expires_at, now()) + @lease_grace,
        updated_at = now()
    FROM (SELECT id
          FROM bptl_task
          WHERE state = 'available' AND engine = @engine AND topic = @topic
          ORDER BY priority DESC, id
          LIMIT @limit
          FOR UPDATE SKIP LOCKED) c
    WHERE t.id = c.id
    RETURNING t.*
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind)
    SELECT id, @silo, activation, 'claimed' FROM claimed
)
SELECT * FROM claimed;
