-- Creates a service (or seeds it); a service that exists is left as it is and no row comes back.
INSERT INTO bptl_service (name, base_url, auth_kind, api_key_header, token_url, scope, timeout_ms, record_bodies)
VALUES (@Name, @BaseUrl, @AuthKind, @ApiKeyHeader, @TokenUrl, @Scope, @TimeoutMs, @RecordBodies)
ON CONFLICT (name) DO NOTHING
RETURNING revision;
