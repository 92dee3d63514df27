-- Every silo incarnation: its status, the topics whose poller it runs (a live lease), and how many outcomes it
-- reported to the engine.
SELECT s.name,
       s.status,
       array(SELECT l.topic FROM bptl_topic_lease l
             WHERE l.owner = s.silo_id AND l.expires_at >= now()
             ORDER BY l.topic) AS topics,
       (SELECT count(*) FROM bptl_task_event e WHERE e.silo = s.silo_id AND e.kind = 'reported') AS reported
FROM bptl_silo s
ORDER BY s.name, s.started_at;
