-- key.expiring is raised once per lease: the expiry it was raised for is kept on the key, set by the
-- same transaction that publishes the event. A renewal moves expires_at away from it, so the new
-- lease is announced in its turn. The partial index holds only the keys still to announce.
ALTER TABLE access_key ADD COLUMN IF NOT EXISTS expiring_raised_for TIMESTAMP WITH TIME ZONE;
CREATE INDEX IF NOT EXISTS access_key_expiring_idx ON access_key (expires_at)
    WHERE expires_at IS NOT NULL AND status <> 'DELETED' AND expiring_raised_for IS DISTINCT FROM expires_at;
