-- Renews every lease a silo holds, each only at the epoch the silo took it: the leases not returned are lost.
UPDATE bptl_topic_lease l
SET expires_at = now() + @duration
FROM unnest(@engines::text[], @topics::text[], @epochs::bigint[]) AS k(engine, topic, epoch)
WHERE l.engine = k.engine AND l.topic = k.topic AND l.owner = @silo AND l.epoch = k.epoch
RETURNING l.engine, l.topic;
