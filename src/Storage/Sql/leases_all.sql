SELECT engine AS Engine, topic AS Topic, owner AS Owner, epoch AS Epoch, expires_at AS ExpiresAt, acquired_at AS AcquiredAt,
       expires_at >= now() AS Held
FROM bptl_topic_lease
ORDER BY engine, topic;
