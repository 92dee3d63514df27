SELECT engine AS Engine, topic AS Topic, work_unit AS WorkUnit, enabled AS Enabled, silo_group AS SiloGroup,
       lock_duration_ms AS LockDurationMs, max_tasks_per_fetch AS MaxTasksPerFetch, concurrency AS Concurrency,
       retries AS Retries, retry_initial_ms AS RetryInitialMs, retry_factor AS RetryFactor, retry_max_ms AS RetryMaxMs,
       non_retryable AS NonRetryable, variables AS Variables, contract_error_code AS ContractErrorCode, revision AS Revision, updated_at AS UpdatedAt
FROM bptl_topic
ORDER BY engine, topic;
