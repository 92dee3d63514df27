-- Records a report attempt the engine did not acknowledge; the report is due again at @next. Fenced.
WITH updated AS (
    UPDATE bptl_task
    SET report_attempts = report_attempts + 1, next_report_at = @next, updated_at = now()
    WHERE id = @id AND owner = @silo AND activation = @activation AND state = 'reporting'
    RETURNING id, activation, report_attempts
)
INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
SELECT id, @silo, activation, 'report_failed',
       jsonb_build_object('attempt', report_attempts, 'error', @error, 'next', @next)
FROM updated
RETURNING task;
