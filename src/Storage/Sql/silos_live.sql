-- Live silos: active, with a heartbeat inside the window. Stopping silos are left out so their topics move.
SELECT silo_id AS SiloId, name AS Name, silo_group AS SiloGroup, work_units AS WorkUnits, topics AS Topics,
       free_slots AS FreeSlots, max_concurrency AS MaxConcurrency
FROM bptl_silo
WHERE status = 'active' AND heartbeat_at >= now() - @dead_after
ORDER BY silo_id;
