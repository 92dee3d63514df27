SELECT name AS Name, description AS Description, declared AS Declared, contract::text AS Contract, updated_at AS UpdatedAt
FROM bptl_work_unit
ORDER BY name;
