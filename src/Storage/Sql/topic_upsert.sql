-- Creates or changes a topic; every change raises its revision.
INSERT INTO bptl_topic AS t (engine, topic, work_unit, enabled, silo_group, lock_duration_ms, max_tasks_per_fetch, concurrency,
                             retries, retry_initial_ms, retry_factor, retry_max_ms, non_retryable, variables, contract_error_code)
VALUES (@Engine, @Topic, @WorkUnit, @Enabled, @SiloGroup, @LockDurationMs, @MaxTasksPerFetch, @Concurrency,
        @Retries, @RetryInitialMs, @RetryFactor, @RetryMaxMs, @NonRetryable, @Variables, @ContractErrorCode)
ON CONFLICT (engine, topic) DO UPDATE SET
    work_unit = excluded.work_unit, enabled = excluded.enabled, silo_group = excluded.silo_group,
    lock_duration_ms = excluded.lock_duration_ms, max_tasks_per_fetch = excluded.max_tasks_per_fetch,
    concurrency = excluded.concurrency, retries = excluded.retries, retry_initial_ms = excluded.retry_initial_ms,
    retry_factor = excluded.retry_factor, retry_max_ms = excluded.retry_max_ms,
    non_retryable = excluded.non_retryable, variables = excluded.variables,
    contract_error_code = excluded.contract_error_code,
    revision = t.revision + 1, updated_at = now()
RETURNING revision;
