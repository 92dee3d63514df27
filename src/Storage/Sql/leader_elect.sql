-- Single-row leader lease with a term: taken when free or expired, renewed by its holder. A row comes
-- back only while the caller leads.
INSERT INTO bptl_leader AS l (name, owner, term, expires_at, elected_at)
VALUES (@name, @silo, 1, now() + @ttl, now())
ON CONFLICT (name) DO UPDATE SET
    owner = @silo,
    term = CASE WHEN l.owner = @silo AND l.expires_at >= now() THEN l.term ELSE l.term + 1 END,
    elected_at = CASE WHEN l.owner = @silo AND l.expires_at >= now() THEN l.elected_at ELSE now() END,
    expires_at = now() + @ttl
WHERE l.owner = @silo OR l.owner IS NULL OR l.expires_at < now()
RETURNING term;
