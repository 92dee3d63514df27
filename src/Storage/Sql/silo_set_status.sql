-- Sets a silo's status (a dead silo stays dead) and wakes the others: a stopping silo's topics move.
WITH updated AS (
    UPDATE bptl_silo
    SET status = @status,
        stopped_at = CASE WHEN @status IN ('stopped', 'dead') THEN now() ELSE stopped_at END,
        heartbeat_at = CASE WHEN @status = 'stopped' THEN heartbeat_at ELSE now() END
    WHERE silo_id = @silo AND status <> 'dead'
    RETURNING silo_id
)
SELECT pg_notify('bptl_cluster', 'status') FROM updated;
