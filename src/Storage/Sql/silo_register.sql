INSERT INTO bptl_silo (silo_id, name, silo_group, host, process_id, version, work_units, topics, status,
                       max_concurrency, free_slots)
VALUES (@silo, @name, @silo_group, @host, @process_id, @version, @work_units, @topics, 'active',
        @max_concurrency, @max_concurrency);
