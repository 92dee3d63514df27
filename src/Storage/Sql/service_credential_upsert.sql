-- Creates or changes a credential of an existing service; a null secret keeps the stored one. No row comes back
-- when the service does not exist.
INSERT INTO bptl_service_credential AS c (service, app_id, user_name, client_id, secret)
SELECT s.name, @AppId, @UserName, @ClientId, @Secret
FROM bptl_service s
WHERE s.name = @Service
ON CONFLICT (service, app_id) DO UPDATE SET
    user_name = excluded.user_name, client_id = excluded.client_id, secret = coalesce(excluded.secret, c.secret),
    revision = c.revision + 1, updated_at = now()
RETURNING revision;
