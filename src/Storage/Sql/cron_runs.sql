SELECT id AS Id, cron AS Cron, due_at AS DueAt, silo AS Silo, started_at AS StartedAt, finished_at AS FinishedAt,
       outcome AS Outcome, error_message AS ErrorMessage, variables::text AS Variables
FROM bptl_cron_run
WHERE cron = @name
ORDER BY due_at DESC
LIMIT @limit;
