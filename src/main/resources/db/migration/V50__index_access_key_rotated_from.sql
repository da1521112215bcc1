-- A key's successor (the key rotated from it), looked up by the console's key page.
CREATE INDEX access_key_rotated_from_idx ON access_key (rotated_from) WHERE rotated_from IS NOT NULL;
