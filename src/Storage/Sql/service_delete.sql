-- Removes a service and its credentials.
DELETE FROM bptl_service WHERE name = @name;
