-- Cron runs older than the retention, a batch at a time (a run that never finished, its silo gone, goes too).
WITH doomed AS (
    SELECT id FROM bptl_cron_run
    WHERE started_at < now() - @retention
    ORDER BY started_at
    LIMIT @limit
)
DELETE FROM bptl_cron_run r USING doomed d WHERE r.id = d.id;
