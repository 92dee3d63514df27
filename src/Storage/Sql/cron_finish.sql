-- Records how a run ended, on the run and as the schedule's last outcome.
WITH run AS (
    UPDATE bptl_cron_run
    SET finished_at = now(), outcome = @outcome, error_message = @error_message, variables = @variables::json
    WHERE id = @id
    RETURNING cron, due_at
)
UPDATE bptl_cron c
SET last_outcome = @outcome, last_error = @error_message
FROM run
WHERE c.name = run.cron AND c.last_fired_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM bptl_cron_run later WHERE later.cron = run.cron AND later.due_at > run.due_at AND later.finished_at IS NOT NULL);
