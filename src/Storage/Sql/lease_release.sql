UPDATE bptl_topic_lease
SET owner = NULL, expires_at = now()
WHERE engine = @engine AND topic = @topic AND owner = @silo AND epoch = @epoch;
