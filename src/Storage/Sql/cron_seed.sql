-- A configured schedule: created, or updated to what the configuration says. The pending tick is kept while the
-- schedule and its time zone stay the same (a restart neither skips nor repeats a tick); a new schedule starts
-- from @next_fire_at.
INSERT INTO bptl_cron AS c (name, schedule, time_zone, work_unit, variables, enabled, next_fire_at)
VALUES (@name, @schedule, @time_zone, @work_unit, @variables::json, @enabled, @next_fire_at)
ON CONFLICT (name) DO UPDATE SET
    next_fire_at = CASE WHEN c.schedule = excluded.schedule AND c.time_zone = excluded.time_zone THEN c.next_fire_at
                        ELSE excluded.next_fire_at END,
    schedule = excluded.schedule,
    time_zone = excluded.time_zone,
    work_unit = excluded.work_unit,
    variables = excluded.variables,
    enabled = excluded.enabled,
    updated_at = now()
WHERE (c.schedule, c.time_zone, c.work_unit, c.variables::text, c.enabled)
      IS DISTINCT FROM (excluded.schedule, excluded.time_zone, excluded.work_unit, excluded.variables::text, excluded.enabled);
