SELECT silo_id AS SiloId, name AS Name, silo_group AS SiloGroup, host AS Host, process_id AS ProcessId, version AS Version,
       work_units AS WorkUnits, topics AS Topics, status AS Status, max_concurrency AS MaxConcurrency, free_slots AS FreeSlots,
       running AS Running, started_at AS StartedAt, heartbeat_at AS HeartbeatAt, stopped_at AS StoppedAt
FROM bptl_silo
ORDER BY started_at DESC;
