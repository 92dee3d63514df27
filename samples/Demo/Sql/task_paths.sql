-- How often the interesting paths happened, from the grains' timelines: failures reported with retries left
-- (the engine runs the task again later) and engine locks extended while a work unit ran.
SELECT count(*) FILTER (WHERE kind = 'reported' AND detail ->> 'state' = 'failed') AS retried,
       count(*) FILTER (WHERE kind = 'lock_extended') AS lock_extensions
FROM bptl_task_event;
