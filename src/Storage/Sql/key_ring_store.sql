-- Stores a Data Protection XML element; the same element stored twice is kept once.
INSERT INTO bptl_data_protection_key (friendly_name, xml)
VALUES (@friendlyName, @xml)
ON CONFLICT (friendly_name) DO NOTHING;
