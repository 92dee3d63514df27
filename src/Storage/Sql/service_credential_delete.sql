DELETE FROM bptl_service_credential WHERE service = @service AND app_id = @appId;
