SELECT name AS Name, schedule AS Schedule, time_zone AS TimeZone, work_unit AS WorkUnit, variables::text AS Variables,
       enabled AS Enabled, next_fire_at AS NextFireAt, last_fired_at AS LastFiredAt, last_silo AS LastSilo,
       last_outcome AS LastOutcome, last_error AS LastError, runs AS Runs
FROM bptl_cron
ORDER BY name;
