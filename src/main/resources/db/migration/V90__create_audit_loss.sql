-- When the database is found behind a checkpoint keywarden signed (acknowledged commits lost, as a
-- standby promoted while behind loses them): what was found, so that every instance halts issuance
-- until an operator acknowledges it, and the acknowledgement and the checkpoint that continued the
-- signed chain past the lost branch. At most one finding stands at a time: from its discovery
-- until the continuation is signed.
CREATE TABLE audit_loss (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    checkpoint_sequence      bigint       NOT NULL,
    checkpoint_hash          varchar(64)  NOT NULL,
    checkpoint_head_event_id bigint       NOT NULL,
    checkpoint_head_hash     varchar(64)  NOT NULL,
    agreed_event_id          bigint       NOT NULL,
    parted_by_event_id       bigint       NOT NULL,
    database_head_event_id   bigint       NOT NULL,
    database_head_hash       varchar(64)  NOT NULL,
    found_at                 timestamptz  NOT NULL,
    acknowledged_at          timestamptz,
    acknowledged_by          varchar(100),
    acknowledgement_event_id bigint,
    continued_by_sequence    bigint,
    CONSTRAINT audit_loss_continued_once_acknowledged
        CHECK (continued_by_sequence IS NULL OR acknowledged_at IS NOT NULL)
);

CREATE UNIQUE INDEX audit_loss_one_standing ON audit_loss ((true)) WHERE continued_by_sequence IS NULL;

-- The application records, acknowledges and continues a finding; it never deletes one, so it may not.
DO $$
DECLARE
    app text := '${application_role}';
BEGIN
    IF app = '' OR app = current_user OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RETURN;
    END IF;
    EXECUTE format('REVOKE DELETE, TRUNCATE ON audit_loss FROM %I', app);
END
$$;
