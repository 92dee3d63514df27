-- Adds a silo to the cluster and wakes the others so they rebalance topic leases now.
WITH registered AS (
    INSERT INTO bptl_silo (silo_id, name, silo_group, host, process_id, version, work_units, topics, status,
                           max_concurrency, free_slots)
    VALUES (@silo, @name, @silo_group, @host, @process_id, @version, @work_units, @topics, 'active',
            @max_concurrency, @max_concurrency)
    RETURNING silo_id
)
SELECT pg_notify('bptl_cluster', 'joined') FROM registered;
