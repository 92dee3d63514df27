-- A stopping silo hands its unsent reports to the others.
UPDATE bptl_task
SET owner = NULL, activation = activation + 1, next_report_at = least(coalesce(next_report_at, now()), now())
WHERE owner = @silo AND state = 'reporting';
