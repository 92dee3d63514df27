-- Finishes a callback attempt: @next null ends it (sent, or given up), otherwise it is due again at @next.
UPDATE bptl_task
SET callback_due_at = @next::timestamptz
WHERE id = @id AND callback_attempts = @attempts;
