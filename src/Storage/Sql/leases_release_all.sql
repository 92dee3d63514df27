WITH released AS (
    UPDATE bptl_topic_lease SET owner = NULL, expires_at = now() WHERE owner = @silo RETURNING topic
)
SELECT pg_notify('bptl_cluster', 'lease') FROM (SELECT 1) one WHERE EXISTS (SELECT 1 FROM released);
