-- Completion callbacks (callbackUrl) are durable: the acknowledgement of a completion and the callback it owes are
-- written together, and any silo sends due callbacks, so a silo crash does not lose one.
ALTER TABLE bptl_task ADD COLUMN callback_due_at timestamptz NULL;
ALTER TABLE bptl_task ADD COLUMN callback_attempts integer NOT NULL DEFAULT 0;

CREATE INDEX bptl_task_callback_due ON bptl_task (callback_due_at) WHERE callback_due_at IS NOT NULL;
