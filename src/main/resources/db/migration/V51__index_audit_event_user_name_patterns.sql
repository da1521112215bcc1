-- The audit search filters a scoped caller's events by user_name LIKE 'team-%' (one pattern per
-- glob), newest first by id. audit_event_user_name_idx (V1) follows the database's collation,
-- which serves a LIKE prefix only under the C collation; this one compares bytes, so a narrow
-- scope's events are one short range of it whatever the collation (as V5 does for access_key).
-- A plain build holds appends to the log (so creates) until it ends: a few seconds per million
-- events. Not CONCURRENTLY: Flyway holds a transaction open beside its migrations, which such a
-- build waits for without end. Where the log is too large to hold creates that long, build the
-- index by hand before upgrading, with the same name and CREATE INDEX CONCURRENTLY (and check
-- that pg_index.indisvalid is true); this migration then keeps it.
CREATE INDEX IF NOT EXISTS audit_event_user_name_pattern_idx ON audit_event (user_name varchar_pattern_ops, id);
