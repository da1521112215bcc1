-- Key lists filter by the caller's scope in SQL: user_name LIKE 'team-%' (one pattern per glob),
-- in id order. The existing (user_name, id) index follows the database's collation, which serves
-- a LIKE prefix only under the C collation; this one compares bytes, so a narrow prefix is a
-- range scan whatever the collation, and the id beside it serves the keyset order.
CREATE INDEX access_key_user_name_pattern_idx ON access_key (user_name varchar_pattern_ops, id);
