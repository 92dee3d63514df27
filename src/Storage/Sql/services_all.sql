SELECT name AS Name, base_url AS BaseUrl, auth_kind AS AuthKind, api_key_header AS ApiKeyHeader, token_url AS TokenUrl,
       scope AS Scope, timeout_ms AS TimeoutMs, record_bodies AS RecordBodies, revision AS Revision, updated_at AS UpdatedAt
FROM bptl_service
ORDER BY name;
