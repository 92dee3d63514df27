-- The work units the silos have, with the contract each declares: what the admin UI documents for the people who
-- map topics. Every silo publishes its catalog at start; with several builds in a rolling upgrade the last one to
-- start wins (contracts of one name are expected to agree).
CREATE TABLE bptl_work_unit (
    name         text        PRIMARY KEY,
    description  text        NULL,
    declared     boolean     NOT NULL,
    contract     jsonb       NOT NULL,
    published_by uuid        NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
