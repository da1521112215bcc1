-- The console lists keys sorted by creation, status or lease end, each page a keyset range of one
-- of these indexes from the cursor on (the user-name order reads access_key_user_name_idx, V1).
-- A lease that never ends sorts after every other, so its index holds the same expression the
-- lists sort by. On a large table, build them by hand before upgrading with CREATE INDEX
-- CONCURRENTLY, with the same names and expressions (docs/operating.md); this migration then
-- keeps them.
CREATE INDEX IF NOT EXISTS access_key_created_at_id_idx ON access_key (created_at, id);
CREATE INDEX IF NOT EXISTS access_key_status_id_idx ON access_key (status, id);
CREATE INDEX IF NOT EXISTS access_key_lease_end_id_idx
    ON access_key ((coalesce(expires_at, 'infinity'::timestamptz)), id);
