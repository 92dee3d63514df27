-- Records an extended engine lock; the activation lease follows it. Fenced.
WITH updated AS (
    UPDATE bptl_task
    SET lock_expires_at = @lock_expires_at,
        lease_expires_at = @lock_expires_at + @lease_grace,
        updated_at = now()
    WHERE id = @id AND owner = @silo AND activation = @activation AND state = 'running'
    RETURNING id, activation
)
INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
SELECT id, @silo, activation, 'lock_extended', jsonb_build_object('until', @lock_expires_at)
FROM updated
RETURNING task;
