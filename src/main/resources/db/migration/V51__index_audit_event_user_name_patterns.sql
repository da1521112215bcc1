-- The audit search filters a scoped caller's events by user_name LIKE 'team-%' (one pattern per
-- glob), newest first by id. audit_event_user_name_idx (V1) follows the database's collation,
-- which serves a LIKE prefix only under the C collation; this one compares bytes, so a narrow
-- scope's events are one short range of it whatever the collation (as V5 does for access_key).
-- A plain build holds appends to the log (so creates) until it ends: 35 s for a million events on
-- a busy machine. Not CONCURRENTLY: such a build waits for every open transaction to end, and
-- Flyway holds its migration lock in one until this migration ends. Where the log is too large
-- to hold creates that long, build the index by hand before upgrading, with the same name and
-- CREATE INDEX CONCURRENTLY (docs/operating.md); this migration then keeps it.
CREATE INDEX IF NOT EXISTS audit_event_user_name_pattern_idx ON audit_event (user_name varchar_pattern_ops, id);
