-- Claims due completion callbacks for one silo: each claimed row is pushed out by @lease, so another silo takes it
-- over only if this one does not finish it in time (it crashed). Rows of any silo qualify.
WITH due AS (
    SELECT id
    FROM bptl_task
    WHERE callback_due_at <= now()
    ORDER BY callback_due_at
    LIMIT @limit
    FOR UPDATE SKIP LOCKED
)
UPDATE bptl_task t
SET callback_due_at = now() + @lease,
    callback_attempts = t.callback_attempts + 1
FROM due
WHERE t.id = due.id
RETURNING t.*;
