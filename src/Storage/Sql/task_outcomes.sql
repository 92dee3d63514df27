-- Persists the outcomes of many activations at once (state reporting), each fenced by its owner and
-- activation: only the rows returned were written.
WITH input AS (
    SELECT *
    FROM unnest(@ids::bigint[], @activations::bigint[], @owners::uuid[], @outcomes::jsonb[], @kinds::text[],
                @messages::text[])
         AS i(id, activation, owner, outcome, kind, message)
),
updated AS (
    UPDATE bptl_task t
    SET state = 'reporting',
        outcome = i.outcome,
        error_message = coalesce(i.message, t.error_message),
        lease_expires_at = NULL,
        next_report_at = now(),
        report_attempts = 0,
        updated_at = now()
    FROM input i
    WHERE t.id = i.id AND t.activation = i.activation AND t.owner = i.owner AND t.state = 'running'
    RETURNING t.id, t.activation, i.owner, i.kind, i.message
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
    SELECT id, owner, activation, 'outcome', jsonb_build_object('kind', kind, 'message', message)
    FROM updated
)
SELECT id, activation FROM updated;
