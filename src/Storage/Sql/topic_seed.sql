-- Seeds a topic from configuration; a topic that exists keeps what admins set at run time.
INSERT INTO bptl_topic (engine, topic, work_unit, enabled, silo_group, lock_duration_ms, max_tasks_per_fetch, concurrency,
                        retries, retry_initial_ms, retry_factor, retry_max_ms, non_retryable, variables, contract_error_code)
VALUES (@Engine, @Topic, @WorkUnit, @Enabled, @SiloGroup, @LockDurationMs, @MaxTasksPerFetch, @Concurrency,
        @Retries, @RetryInitialMs, @RetryFactor, @RetryMaxMs, @NonRetryable, @Variables, @ContractErrorCode)
ON CONFLICT (engine, topic) DO NOTHING;
