-- Persists the outcomes of many activations at once (state reporting), each fenced by its owner and
-- activation: only the rows returned were written. Idempotent for one activation: if an earlier attempt
-- committed but its answer was lost (a connection dropped after the commit), the retry finds the row
-- already reporting for the same activation and counts it as written, without a second timeline event.
WITH input AS (
    SELECT i.*, t0.state AS old_state
    FROM unnest(@ids::bigint[], @activations::bigint[], @owners::uuid[], @outcomes::json[], @kinds::text[],
                @messages::text[])
         AS i(id, activation, owner, outcome, kind, message)
    JOIN bptl_task t0 ON t0.id = i.id
),
updated AS (
    UPDATE bptl_task t
    SET state = 'reporting',
        outcome = i.outcome,
        error_message = coalesce(i.message, t.error_message),
        lease_expires_at = NULL,
        next_report_at = CASE WHEN i.old_state = 'running' THEN now() ELSE t.next_report_at END,
        report_attempts = CASE WHEN i.old_state = 'running' THEN 0 ELSE t.report_attempts END,
        updated_at = now()
    FROM input i
    WHERE t.id = i.id AND t.activation = i.activation AND t.owner = i.owner
      AND (t.state = 'running' OR (t.state = 'reporting' AND t.outcome::text = i.outcome::text))
    RETURNING t.id, t.activation, i.owner, i.kind, i.message, i.old_state
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
    SELECT id, owner, activation, 'outcome', jsonb_build_object('kind', kind, 'message', message)
    FROM updated
    WHERE old_state = 'running'
)
SELECT id, activation FROM updated;
