-- Tasks waiting to be claimed, per topic: part of the backpressure of each topic's poller.
SELECT engine AS Engine, topic AS Topic, count(*) AS Available
FROM bptl_task
WHERE state = 'available'
GROUP BY engine, topic;
