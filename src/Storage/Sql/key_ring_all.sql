-- The Data Protection key ring's XML elements, oldest first.
SELECT xml FROM bptl_data_protection_key ORDER BY id;
