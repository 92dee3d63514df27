-- Gives a lease up at once and wakes the other silos, so its next holder need not wait for it to expire.
WITH released AS (
    UPDATE bptl_topic_lease
    SET owner = NULL, expires_at = now()
    WHERE engine = @engine AND topic = @topic AND owner = @silo AND epoch = @epoch
    RETURNING topic
)
SELECT pg_notify('bptl_cluster', 'lease') FROM (SELECT 1) one WHERE EXISTS (SELECT 1 FROM released);
