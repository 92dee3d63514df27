-- Cron work units: schedules seeded from configuration, claimed tick by tick so that exactly one silo runs each.

-- One row per schedule. next_fire_at is the tick to run next; a silo runs it by moving it forward in one
-- statement (cron_claim.sql), which only one silo can do per tick. Null when the schedule has no tick left.
CREATE TABLE bptl_cron (
    name          text        PRIMARY KEY,
    schedule      text        NOT NULL,
    time_zone     text        NOT NULL,
    work_unit     text        NOT NULL,
    -- json, not jsonb: kept verbatim, like bptl_task.variables.
    variables     json        NOT NULL,
    enabled       boolean     NOT NULL DEFAULT true,
    next_fire_at  timestamptz NULL,
    last_fired_at timestamptz NULL,
    last_silo     uuid        NULL,
    last_outcome  text        NULL,
    last_error    text        NULL,
    runs          bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per tick run: which tick, which silo, how it ended. The key makes a tick run at most once even if two
-- claims ever raced.
CREATE TABLE bptl_cron_run (
    id            bigserial   PRIMARY KEY,
    cron          text        NOT NULL REFERENCES bptl_cron (name) ON DELETE CASCADE,
    due_at        timestamptz NOT NULL,
    silo          uuid        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz NULL,
    outcome       text        NULL CHECK (outcome IN ('complete', 'failure', 'bpmnError', 'cancelled')),
    error_message text        NULL,
    -- The variables a completion or BPMN error set.
    variables     json        NULL,
    CONSTRAINT bptl_cron_run_tick UNIQUE (cron, due_at)
);

-- Pruning.
CREATE INDEX bptl_cron_run_started ON bptl_cron_run (started_at);
