-- Seeds a credential from configuration; one that exists keeps what admins set.
INSERT INTO bptl_service_credential (service, app_id, user_name, client_id, secret)
SELECT s.name, @AppId, @UserName, @ClientId, @Secret
FROM bptl_service s
WHERE s.name = @Service
ON CONFLICT (service, app_id) DO NOTHING;
