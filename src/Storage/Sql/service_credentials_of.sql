SELECT service AS Service, app_id AS AppId, user_name AS UserName, client_id AS ClientId, secret AS Secret,
       revision AS Revision, updated_at AS UpdatedAt
FROM bptl_service_credential
WHERE service = @service
ORDER BY app_id;
