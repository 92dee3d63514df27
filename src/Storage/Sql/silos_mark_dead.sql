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
)
SELECT silo_id AS SiloId, name AS Name, (SELECT count(*) FROM freed) AS FreedLeases FROM dead;
