-- Takes a topic's lease when it is free, expired or already ours; the epoch fences the holder's writes.
-- When another silo holds it, answers how long that lease still runs, so the caller can try again right then.
WITH taken AS (
    INSERT INTO bptl_topic_lease AS l (engine, topic, owner, epoch, expires_at, acquired_at)
    VALUES (@engine, @topic, @silo, 1, now() + @duration, now())
    ON CONFLICT (engine, topic) DO UPDATE SET
        owner = @silo, epoch = l.epoch + 1, expires_at = now() + @duration, acquired_at = now()
    WHERE l.owner IS NULL OR l.expires_at < now() OR l.owner = @silo
    RETURNING epoch
)
SELECT (SELECT epoch FROM taken) AS Epoch,
       (SELECT greatest(expires_at - now(), interval '0') FROM bptl_topic_lease WHERE engine = @engine AND topic = @topic
          AND NOT EXISTS (SELECT 1 FROM taken)) AS HeldFor;
