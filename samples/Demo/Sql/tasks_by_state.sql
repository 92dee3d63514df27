-- Task grains per state.
SELECT state, count(*) AS tasks
FROM bptl_task
GROUP BY state;
