-- Records the engine's answers to many reports at once: each grain settles in its state. Fenced.
-- A failure with retries left starts the next attempt; a completion may owe a callback.
WITH input AS (
    SELECT *
    FROM unnest(@ids::bigint[], @activations::bigint[], @owners::uuid[], @states::text[], @details::text[], @callbacks::boolean[])
         AS i(id, activation, owner, state, detail, callback)
),
updated AS (
    UPDATE bptl_task t
    SET state = i.state,
        owner = NULL,
        lease_expires_at = NULL,
        next_report_at = NULL,
        attempt = CASE WHEN i.state = 'failed' THEN t.attempt + 1 ELSE t.attempt END,
        finished_at = now(),
        updated_at = now(),
        -- A completion that owes a callback makes it due in the same write (CompletionCallbacks sends it).
        callback_due_at = CASE WHEN i.state = 'completed' AND i.callback THEN now() ELSE t.callback_due_at END
    FROM input i
    WHERE t.id = i.id AND t.activation = i.activation AND t.owner = i.owner AND t.state = 'reporting'
    RETURNING t.id, t.activation, i.owner, i.state, i.detail
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
    SELECT id, owner, activation, 'reported', jsonb_build_object('state', state, 'detail', detail)
    FROM updated
)
SELECT id, activation FROM updated;
