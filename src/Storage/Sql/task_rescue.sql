-- Rescues activations whose owner died or stopped, or whose lease ran out (the engine lock was not kept):
-- a running task becomes available again (a new activation), a reporting one loses its owner so any silo
-- reports it. A task rescued more than @max_rescues times is poisoned: instead of running it again, a
-- failure without retries is reported, so the engine shows an incident and nothing loops.
WITH gone AS (
    SELECT silo_id FROM bptl_silo WHERE status IN ('dead', 'stopped')
),
candidates AS (
    SELECT id
    FROM bptl_task
    WHERE state IN ('running', 'reporting') AND owner IS NOT NULL
      AND (owner IN (SELECT silo_id FROM gone) OR (state = 'running' AND lease_expires_at < now()))
    ORDER BY id
    LIMIT @limit
    FOR UPDATE SKIP LOCKED
),
rescued AS (
    UPDATE bptl_task t
    SET state = CASE WHEN t.state = 'running' AND t.rescues + 1 <= @max_rescues THEN 'available' ELSE 'reporting' END,
        outcome = CASE WHEN t.state = 'running' AND t.rescues + 1 > @max_rescues
                       THEN json_build_object(
                           'kind', 'failure',
                           'errorMessage', 'Bptl gave up on this task: ' || (t.rescues + 1) || ' activations ended without an outcome (their silos died or lost them)',
                           'errorDetails', 'The task grain was rescued ' || (t.rescues + 1) || ' times; the limit is ' || @max_rescues
                                           || '. It may crash the silos that run it. Set its retries in the engine to try again.',
                           'retries', 0, 'retryTimeoutMs', 0, 'reason', 'poisoned')
                       ELSE t.outcome END,
        error_message = CASE WHEN t.state = 'running' AND t.rescues + 1 > @max_rescues
                             THEN 'poisoned after ' || (t.rescues + 1) || ' rescues' ELSE t.error_message END,
        poisoned_at = CASE WHEN t.state = 'running' AND t.rescues + 1 > @max_rescues THEN now() ELSE t.poisoned_at END,
        rescues = CASE WHEN t.state = 'running' THEN t.rescues + 1 ELSE t.rescues END,
        owner = NULL,
        lease_expires_at = NULL,
        activation = t.activation + 1,
        next_report_at = CASE WHEN t.state = 'running' AND t.rescues + 1 <= @max_rescues THEN NULL ELSE now() END,
        report_attempts = CASE WHEN t.state = 'running' THEN 0 ELSE t.report_attempts END,
        updated_at = now()
    FROM candidates c
    WHERE t.id = c.id
    RETURNING t.id, t.engine, t.topic, t.state, t.activation, t.rescues, t.poisoned_at
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
    SELECT id, NULL, activation,
           CASE WHEN poisoned_at = now() THEN 'poisoned' ELSE 'rescued' END,
           jsonb_build_object('state', state, 'rescues', rescues)
    FROM rescued
),
wake AS (
    SELECT pg_notify('bptl_task_available', key)
    FROM (SELECT DISTINCT engine || '/' || topic AS key FROM rescued WHERE state = 'available') k
)
SELECT id AS Id, engine AS Engine, topic AS Topic, state AS State, rescues AS Rescues,
       coalesce(poisoned_at = now(), false) AS Poisoned,
       (SELECT count(*) FROM wake) AS Woken
FROM rescued;
