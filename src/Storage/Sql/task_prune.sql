-- Deletes finished grains (and, by cascade, their timelines) older than the retention, a batch at a time.
WITH doomed AS (
    SELECT id FROM bptl_task
    WHERE finished_at < now() - @retention
    ORDER BY finished_at
    LIMIT @limit
)
DELETE FROM bptl_task t USING doomed d WHERE t.id = d.id;
