-- Changes a service; every change raises its revision. No row comes back when it does not exist.
UPDATE bptl_service SET
    base_url = @BaseUrl, auth_kind = @AuthKind, api_key_header = @ApiKeyHeader, token_url = @TokenUrl, scope = @Scope,
    timeout_ms = @TimeoutMs, record_bodies = @RecordBodies, revision = revision + 1, updated_at = now()
WHERE name = @Name
RETURNING revision;
