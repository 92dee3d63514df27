-- Stores the tasks of one fetch as task grains, idempotently on (engine, task id).
-- A new task is inserted; a re-delivered one updates its grain with a new activation (fencing any
-- older one). The first @start_here tasks go straight to the fetching silo (running); the others are
-- available to every silo, which a notification wakes. A re-delivered task whose outcome is already
-- persisted keeps it: the fetching silo reports it again instead of running the work twice.
WITH input AS (
    SELECT i.*, i.ord <= @start_here AS start_here
    FROM unnest(@task_ids::text[], @lock_expires::timestamptz[], @retries::integer[], @priorities::bigint[],
                @instances::text[], @definitions::text[], @activities::text[], @business_keys::text[],
                @tenants::text[], @variables::json[])
         WITH ORDINALITY AS i(task_id, lock_expires_at, engine_retries, priority, process_instance_id,
                              process_definition_key, activity_id, business_key, tenant_id, variables, ord)
),
stored AS (
    INSERT INTO bptl_task AS t (engine, task_id, topic, work_unit, state, owner, activation, worker_id,
                                lock_duration_ms, lock_expires_at, lease_expires_at, engine_retries, priority,
                                process_instance_id, process_definition_key, activity_id, business_key,
                                tenant_id, variables)
    SELECT @engine, i.task_id, @topic, @work_unit,
           CASE WHEN i.start_here THEN 'running' ELSE 'available' END,
           CASE WHEN i.start_here THEN @silo END,
           CASE WHEN i.start_here THEN 1 ELSE 0 END,
           @worker_id, @lock_duration_ms, i.lock_expires_at,
           CASE WHEN i.start_here THEN greatest(i.lock_expires_at, now()) + @lease_grace END,
           i.engine_retries, i.priority, i.process_instance_id, i.process_definition_key, i.activity_id,
           i.business_key, i.tenant_id, i.variables
    FROM input i
    ON CONFLICT (engine, task_id) DO UPDATE SET
        delivery         = t.delivery + 1,
        activation       = t.activation + 1,
        worker_id        = excluded.worker_id,
        lock_duration_ms = excluded.lock_duration_ms,
        lock_expires_at  = excluded.lock_expires_at,
        engine_retries   = excluded.engine_retries,
        priority         = excluded.priority,
        variables        = excluded.variables,
        work_unit        = CASE WHEN t.state = 'reporting' THEN t.work_unit ELSE excluded.work_unit END,
        state            = CASE WHEN t.state = 'reporting' THEN 'reporting' ELSE excluded.state END,
        owner            = CASE WHEN t.state = 'reporting' THEN @silo ELSE excluded.owner END,
        lease_expires_at = CASE WHEN t.state = 'reporting' THEN NULL ELSE excluded.lease_expires_at END,
        next_report_at   = CASE WHEN t.state = 'reporting' THEN now() END,
        report_attempts  = CASE WHEN t.state = 'reporting' THEN t.report_attempts ELSE 0 END,
        outcome          = CASE WHEN t.state = 'reporting' THEN t.outcome END,
        rescues          = CASE WHEN t.poisoned_at IS NOT NULL THEN 0 ELSE t.rescues END,
        poisoned_at      = NULL,
        finished_at      = NULL,
        updated_at       = now()
    RETURNING t.*
),
events AS (
    INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
    SELECT s.id, @silo, s.activation, 'fetched',
           jsonb_build_object('worker', s.worker_id, 'delivery', s.delivery, 'state', s.state)
    FROM stored s
),
wake AS (
    SELECT pg_notify('bptl_task_available', @engine || '/' || @topic)
    WHERE EXISTS (SELECT 1 FROM stored WHERE state = 'available')
)
SELECT s.*, (SELECT count(*) FROM wake) AS woken
FROM stored s;
