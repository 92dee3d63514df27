-- Settles a running activation without a report (lost lock, released at shutdown, gone, or handed
-- back as available). Fenced. Handing back wakes the other silos.
WITH updated AS (
    UPDATE bptl_task
    SET state = @state,
        owner = NULL,
        lease_expires_at = NULL,
        finished_at = CASE WHEN @state = 'available' THEN NULL ELSE now() END,
        updated_at = now()
    WHERE id = @id AND owner = @silo AND activation = @activation AND state = 'running'
    RETURNING id, activation, engine, topic
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
    SELECT id, @silo, activation, 'settled', jsonb_build_object('state', @state, 'reason', @reason)
    FROM updated
),
wake AS (
    SELECT pg_notify('bptl_task_available', engine || '/' || topic) FROM updated WHERE @state = 'available'
)
SELECT count(*) + 0 * (SELECT count(*) FROM wake) FROM updated;
