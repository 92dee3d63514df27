-- Takes a topic's lease when it is free, expired or already ours; the epoch fences the holder's writes.
INSERT INTO bptl_topic_lease AS l (engine, topic, owner, epoch, expires_at, acquired_at)
VALUES (@engine, @topic, @silo, 1, now() + @duration, now())
ON CONFLICT (engine, topic) DO UPDATE SET
    owner = @silo, epoch = l.epoch + 1, expires_at = now() + @duration, acquired_at = now()
WHERE l.owner IS NULL OR l.expires_at < now() OR l.owner = @silo
RETURNING epoch;
