-- Replaces a persisted outcome the engine refused, before it is reported again. Fenced.
WITH updated AS (
    UPDATE bptl_task
    SET outcome = @outcome::json, error_message = @message, report_attempts = 0, updated_at = now()
    WHERE id = @id AND owner = @silo AND activation = @activation AND state = 'reporting'
    RETURNING id, activation
)
INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
SELECT id, @silo, activation, 'outcome_replaced', jsonb_build_object('message', @message)
FROM updated
RETURNING task;
