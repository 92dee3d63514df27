-- Publishes a silo's work units with their contracts; unchanged rows are left as they are.
INSERT INTO bptl_work_unit AS w (name, description, declared, contract, published_by, updated_at)
SELECT u.name, u.description, u.declared, u.contract::jsonb, @silo, now()
FROM unnest(@names::text[], @descriptions::text[], @declared::boolean[], @contracts::text[]) AS u(name, description, declared, contract)
ON CONFLICT (name) DO UPDATE SET
    description = excluded.description, declared = excluded.declared, contract = excluded.contract,
    published_by = excluded.published_by, updated_at = now()
WHERE w.contract IS DISTINCT FROM excluded.contract OR w.description IS DISTINCT FROM excluded.description
   OR w.declared IS DISTINCT FROM excluded.declared;
