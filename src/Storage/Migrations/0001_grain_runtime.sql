-- The grain runtime: silos (membership), topic configuration and leases, the maintenance leader,
-- task grains and their timeline. All times are the database's clock (now()), so silos never
-- compare their own clocks with each other.

CREATE TABLE bptl_silo (
    silo_id         uuid        PRIMARY KEY,
    name            text        NOT NULL,
    silo_group      text        NOT NULL,
    host            text        NOT NULL,
    process_id      integer     NOT NULL,
    version         text        NOT NULL,
    work_units      text[]      NOT NULL DEFAULT '{}',
    topics          text[]      NULL,
    status          text        NOT NULL CHECK (status IN ('active', 'stopping', 'stopped', 'dead')),
    max_concurrency integer     NOT NULL,
    free_slots      integer     NOT NULL,
    running         integer     NOT NULL DEFAULT 0,
    started_at      timestamptz NOT NULL DEFAULT now(),
    heartbeat_at    timestamptz NOT NULL DEFAULT now(),
    stopped_at      timestamptz NULL
);

CREATE INDEX bptl_silo_live ON bptl_silo (heartbeat_at) WHERE status IN ('active', 'stopping');

CREATE TABLE bptl_topic (
    engine              text             NOT NULL,
    topic               text             NOT NULL,
    work_unit           text             NOT NULL,
    enabled             boolean          NOT NULL DEFAULT true,
    silo_group          text             NULL,
    lock_duration_ms    integer          NOT NULL CHECK (lock_duration_ms > 0),
    max_tasks_per_fetch integer          NOT NULL CHECK (max_tasks_per_fetch > 0),
    concurrency         integer          NOT NULL CHECK (concurrency > 0),
    retries             integer          NOT NULL CHECK (retries >= 0),
    retry_initial_ms    integer          NOT NULL CHECK (retry_initial_ms >= 0),
    retry_factor        double precision NOT NULL CHECK (retry_factor >= 1),
    retry_max_ms        integer          NOT NULL CHECK (retry_max_ms >= retry_initial_ms),
    non_retryable       text[]           NOT NULL DEFAULT '{}',
    variables           text[]           NULL,
    revision            bigint           NOT NULL DEFAULT 1,
    created_at          timestamptz      NOT NULL DEFAULT now(),
    updated_at          timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (engine, topic)
);

-- One row per topic: the silo whose poller grain is the topic's single activation.
CREATE TABLE bptl_topic_lease (
    engine      text        NOT NULL,
    topic       text        NOT NULL,
    owner       uuid        NULL,
    epoch       bigint      NOT NULL DEFAULT 0,
    expires_at  timestamptz NOT NULL DEFAULT '-infinity',
    acquired_at timestamptz NULL,
    PRIMARY KEY (engine, topic)
);

-- Single-row leases with a term: the silo that holds one runs the cluster-wide maintenance.
CREATE TABLE bptl_leader (
    name       text        PRIMARY KEY,
    owner      uuid        NULL,
    term       bigint      NOT NULL DEFAULT 0,
    expires_at timestamptz NOT NULL DEFAULT '-infinity',
    elected_at timestamptz NULL
);

CREATE TABLE bptl_task (
    id                     bigserial   PRIMARY KEY,
    engine                 text        NOT NULL,
    task_id                text        NOT NULL,
    topic                  text        NOT NULL,
    work_unit              text        NOT NULL,
    state                  text        NOT NULL CHECK (state IN ('available', 'running', 'reporting', 'completed', 'failed',
                                                           'bpmn_error', 'incident', 'gone', 'lost', 'released', 'rejected')),
    owner                  uuid        NULL,
    activation             bigint      NOT NULL DEFAULT 0,
    delivery               integer     NOT NULL DEFAULT 1,
    attempt                integer     NOT NULL DEFAULT 1,
    worker_id              text        NOT NULL,
    lock_duration_ms       integer     NOT NULL,
    lock_expires_at        timestamptz NOT NULL,
    lease_expires_at       timestamptz NULL,
    engine_retries         integer     NULL,
    priority               bigint      NOT NULL DEFAULT 0,
    process_instance_id    text        NULL,
    process_definition_key text        NULL,
    activity_id            text        NULL,
    business_key           text        NULL,
    tenant_id              text        NULL,
    -- json, not jsonb: stored verbatim, so engine strings with \u0000 (which jsonb refuses) are kept.
    variables              json        NOT NULL,
    outcome                json        NULL,
    error_message          text        NULL,
    report_attempts        integer     NOT NULL DEFAULT 0,
    next_report_at         timestamptz NULL,
    rescues                integer     NOT NULL DEFAULT 0,
    poisoned_at            timestamptz NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    finished_at            timestamptz NULL,
    CONSTRAINT bptl_task_engine_task UNIQUE (engine, task_id)
);

-- Claims: the available tasks of a topic, highest priority first.
CREATE INDEX bptl_task_available ON bptl_task (engine, topic, priority DESC, id) WHERE state = 'available';
-- Rescue and shutdown: what a silo holds.
CREATE INDEX bptl_task_held ON bptl_task (owner) WHERE state IN ('running', 'reporting');
-- Orphaned reports that are due.
CREATE INDEX bptl_task_report_due ON bptl_task (next_report_at) WHERE state = 'reporting' AND owner IS NULL;
-- Expired activation leases.
CREATE INDEX bptl_task_lease ON bptl_task (lease_expires_at) WHERE state = 'running';
-- Pruning.
CREATE INDEX bptl_task_finished ON bptl_task (finished_at) WHERE finished_at IS NOT NULL;
-- Lists by topic and by process instance.
CREATE INDEX bptl_task_topic_created ON bptl_task (topic, created_at DESC);
CREATE INDEX bptl_task_process_instance ON bptl_task (process_instance_id);

-- Every state change and report of a task grain, with time and silo.
CREATE TABLE bptl_task_event (
    id         bigserial   PRIMARY KEY,
    task       bigint      NOT NULL REFERENCES bptl_task (id) ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    silo       uuid        NULL,
    activation bigint      NULL,
    kind       text        NOT NULL,
    detail     jsonb       NULL
);

CREATE INDEX bptl_task_event_task ON bptl_task_event (task, id);

-- Silos hear topic changes at once; they also re-read the table every few seconds.
CREATE FUNCTION bptl_topic_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bptl_topics', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER bptl_topic_changed AFTER INSERT OR UPDATE OR DELETE ON bptl_topic
    FOR EACH STATEMENT EXECUTE FUNCTION bptl_topic_changed();
