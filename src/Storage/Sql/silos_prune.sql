DELETE FROM bptl_silo
WHERE status IN ('dead', 'stopped') AND coalesce(stopped_at, heartbeat_at) < now() - @retention;
