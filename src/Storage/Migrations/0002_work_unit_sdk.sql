-- Work-unit SDK: durable checkpoints on the task grain, and topics that turn contract violations into BPMN errors.

-- A work unit's saved progress (JSON), kept across deliveries, retries and rescues of the same engine task.
ALTER TABLE bptl_task ADD COLUMN checkpoint json NULL;
ALTER TABLE bptl_task ADD COLUMN checkpoint_at timestamptz NULL;

-- When set, inputs or outputs that break a work unit's contract are thrown as a BPMN error with this code
-- (a boundary event can route them); when null they are a failure without retries (an incident).
ALTER TABLE bptl_topic ADD COLUMN contract_error_code text NULL CHECK (contract_error_code IS NULL OR length(contract_error_code) BETWEEN 1 AND 255);
