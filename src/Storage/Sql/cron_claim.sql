-- Claims the tick @due of a schedule by moving it to @next, in one statement: of the silos that saw the tick due,
-- the first moves it and the others match nothing (their WHERE sees the new next_fire_at). The run row is written
-- in the same statement; its id comes back only to the winner.
WITH claimed AS (
    UPDATE bptl_cron
    SET next_fire_at = @next, last_fired_at = now(), last_silo = @silo, runs = runs + 1
    WHERE name = @name AND next_fire_at = @due AND enabled
    RETURNING name
)
INSERT INTO bptl_cron_run (cron, due_at, silo)
SELECT name, @due, @silo FROM claimed
RETURNING id;
