-- Every topic as the cluster sees it now: whether a live lease makes some silo its poller, how many live silos
-- have its work unit, and how many of those may serve it (same group, not restricted to other topics; the rule
-- of Silo/Claims/Eligibility). Stopping silos count as gone, as in silos_live.sql.
WITH live AS (
    SELECT silo_id, name, silo_group, work_units, topics
    FROM bptl_silo
    WHERE status = 'active' AND heartbeat_at >= now() - @dead_after
)
SELECT t.engine AS Engine, t.topic AS Topic, t.work_unit AS WorkUnit, t.enabled AS Enabled, t.silo_group AS SiloGroup,
       CASE WHEN l.expires_at >= now() THEN l.owner END AS Poller,
       (SELECT s.name FROM live s WHERE s.silo_id = l.owner AND l.expires_at >= now()) AS PollerName,
       (SELECT count(*) FROM live s WHERE t.work_unit = ANY (s.work_units))::int AS SilosWithWorkUnit,
       (SELECT count(*) FROM live s
         WHERE t.work_unit = ANY (s.work_units)
           AND (t.silo_group IS NULL OR s.silo_group = t.silo_group)
           AND (s.topics IS NULL OR cardinality(s.topics) = 0 OR t.topic = ANY (s.topics) OR t.engine || '/' || t.topic = ANY (s.topics)))::int AS EligibleSilos,
       (SELECT count(*) FROM bptl_task k WHERE k.engine = t.engine AND k.topic = t.topic AND k.state = 'available') AS Waiting
FROM bptl_topic t
LEFT JOIN bptl_topic_lease l ON l.engine = t.engine AND l.topic = t.topic
ORDER BY t.engine, t.topic;
