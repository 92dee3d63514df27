-- Claims due reports whose owner is gone (rescued, or handed back), so any live silo sends them; also
-- this silo's own reports that are long overdue (an answer lost between a commit and its reply).
WITH claimed AS (
    UPDATE bptl_task t
    SET owner = @silo, activation = t.activation + 1, updated_at = now()
    FROM (SELECT id
          FROM bptl_task
          WHERE state = 'reporting'
            AND ((owner IS NULL AND next_report_at <= now())
                 OR (owner = @silo AND next_report_at < now() - @stale))
          ORDER BY next_report_at
          LIMIT @limit
          FOR UPDATE SKIP LOCKED) c
    WHERE t.id = c.id
    RETURNING t.*
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind)
    SELECT id, @silo, activation, 'report_claimed' FROM claimed
)
SELECT * FROM claimed;
