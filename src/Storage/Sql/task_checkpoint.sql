-- Saves (or clears, with a null) a running activation's checkpoint. Fenced: only the current activation may write.
WITH updated AS (
    UPDATE bptl_task
    SET checkpoint = @checkpoint::json,
        checkpoint_at = now(),
        updated_at = now()
    WHERE id = @id AND owner = @silo AND activation = @activation AND state = 'running'
    RETURNING id, activation
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
    SELECT id, @silo, activation, 'checkpoint', jsonb_build_object('bytes', coalesce(octet_length(@checkpoint), 0))
    FROM updated
)
SELECT count(*) FROM updated;
