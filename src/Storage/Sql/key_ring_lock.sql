-- Serialises the first use of the key ring across silos, so that only one of them creates the first key.
SELECT pg_advisory_xact_lock(@key);
