-- Declares dead the silos that missed their heartbeats for the window, and frees their topic leases at
-- once so other silos take their pollers over without waiting for the leases to expire.
WITH dead AS (
    UPDATE bptl_silo
    SET status = 'dead', stopped_at = now()
    WHERE status IN ('active', 'stopping') AND heartbeat_at < now() - @dead_after
    RETURNING silo_id, name
),
freed AS (
    UPDATE bptl_topic_lease
    SET owner = NULL, expires_at = now()
    WHERE owner IN (SELECT silo_id FROM dead)
    RETURNING engine
),
wake AS (
    SELECT pg_notify('bptl_cluster', 'dead') FROM (SELECT 1) one WHERE EXISTS (SELECT 1 FROM dead)
)
SELECT silo_id AS SiloId, name AS Name, (SELECT count(*) FROM freed) AS FreedLeases, (SELECT count(*) FROM wake) AS Woken
FROM dead;
