-- Appends an event to a task grain's timeline.
INSERT INTO bptl_task_event (task, silo, activation, kind, detail)
VALUES (@task, @silo, @activation, @kind, @detail::jsonb);
