-- A key's lease: the length it was granted at issuance (renewals without a ttl extend by it), and
-- the index the lease-expiry job and the expiry metrics walk, oldest expiry first.
ALTER TABLE access_key ADD COLUMN lease_seconds bigint;

CREATE INDEX access_key_expires_at_idx ON access_key (expires_at, id)
    WHERE expires_at IS NOT NULL AND status <> 'DELETED';
-- Bulk revocations filter by the issuing client.
CREATE INDEX access_key_issued_by_idx ON access_key (issued_by, id);
