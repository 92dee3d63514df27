UPDATE bptl_topic_lease SET owner = NULL, expires_at = now() WHERE owner = @silo;
