-- The activations and reports a silo owns that have not changed for a while: the silo compares them with
-- what it really runs, to take back what an answer lost in a database outage left behind.
SELECT *
FROM bptl_task
WHERE owner = @silo AND state IN ('running', 'reporting') AND updated_at < now() - @quiet;
