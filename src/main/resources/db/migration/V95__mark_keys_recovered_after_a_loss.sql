-- A key created in a window the database lost (a failover that dropped acknowledged commits) is
-- alive upstream and was most likely delivered to its caller; upstream reconciliation adopts it as
-- a managed key, recovered after that loss (the audit_loss row it belongs to). Keywarden never had
-- its secret nor its issuance, and does not know which client holds it: those columns stay NULL
-- for such a key, and only for such a key. An operator reviews each one (keeps it, or deletes it);
-- until then creates for its user are refused, so that a client retrying the lost create with the
-- same Idempotency-Key cannot silently get a second live key. The partial index holds only the
-- keys still to review, so that check costs a create one index probe.
ALTER TABLE access_key ALTER COLUMN secret_sha256 DROP NOT NULL;
ALTER TABLE access_key ALTER COLUMN issued_by DROP NOT NULL;
ALTER TABLE access_key ALTER COLUMN issuance_id DROP NOT NULL;
ALTER TABLE access_key ADD COLUMN recovered_loss_id bigint;
ALTER TABLE access_key ADD COLUMN recovered_at timestamptz;
ALTER TABLE access_key ADD COLUMN recovery_reviewed_at timestamptz;
ALTER TABLE access_key ADD COLUMN recovery_reviewed_by varchar(100);
ALTER TABLE access_key ADD CONSTRAINT access_key_issued_unless_recovered
    CHECK (recovered_loss_id IS NOT NULL
           OR (secret_sha256 IS NOT NULL AND issued_by IS NOT NULL AND issuance_id IS NOT NULL));
ALTER TABLE access_key ADD CONSTRAINT access_key_recovered_when
    CHECK ((recovered_loss_id IS NULL) = (recovered_at IS NULL));
CREATE INDEX access_key_recovered_unreviewed_idx ON access_key (user_name)
    WHERE recovered_loss_id IS NOT NULL AND recovery_reviewed_at IS NULL AND status <> 'DELETED';
