-- Events from now on are chained with plain SHA-256 (chain version 2), verifiable by anyone with
-- the export; the events written before keep their HMAC (chain version 1). Each event names the
-- key that protects it: the HMAC chain key for version 1, the Ed25519 signing key whose
-- checkpoints cover it for version 2. Existing rows get their values from the column defaults
-- (no UPDATE: the append-only trigger refuses it), and the defaults are then dropped so that
-- every new row states both.
ALTER TABLE audit_event ADD COLUMN chain_version smallint NOT NULL DEFAULT 1;
ALTER TABLE audit_event ADD COLUMN key_id varchar(64) NOT NULL DEFAULT 'chain-key';
ALTER TABLE audit_event ALTER COLUMN chain_version DROP DEFAULT;
ALTER TABLE audit_event ALTER COLUMN key_id DROP DEFAULT;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_chain_version_check CHECK (chain_version IN (1, 2));

-- Signed checkpoints of the chain's head. The copies that count are the ones written outside the
-- database (keywarden.audit.checkpoint.directory, an HTTP endpoint); these rows list them.
CREATE TABLE audit_checkpoint (
    sequence            bigint       PRIMARY KEY,
    head_event_id       bigint       NOT NULL,
    head_hash           varchar(64)  NOT NULL,
    event_count         bigint       NOT NULL,
    created_at          timestamptz  NOT NULL,
    key_id              varchar(64)  NOT NULL,
    previous_hash       varchar(64)  NOT NULL,
    hash                varchar(64)  NOT NULL,
    signature           varchar(128) NOT NULL
);

CREATE TRIGGER audit_checkpoint_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
