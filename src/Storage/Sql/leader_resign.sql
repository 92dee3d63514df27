UPDATE bptl_leader SET owner = NULL, expires_at = now() WHERE name = @name AND owner = @silo;
