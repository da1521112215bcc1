-- A lost attempt whose candidate keys upstream cannot be attributed to it revokes nothing: it
-- waits in NEEDS_OPERATOR, with its report below, until an operator decides.
ALTER TABLE issuance DROP CONSTRAINT issuance_state_check;
ALTER TABLE issuance ADD CONSTRAINT issuance_state_check
    CHECK (state IN ('IN_FLIGHT', 'SUCCEEDED', 'FAILED', 'OUTCOME_UNKNOWN', 'ABANDONED', 'NEEDS_OPERATOR'));

-- The latest moment the attempt's upstream call could have created a key: when its outcome became
-- unknown, or the end of its lease when it crashed before saying so. Attempts already unknown
-- were settled with lease_until set to that moment.
ALTER TABLE issuance ADD COLUMN window_ends_at timestamptz;
UPDATE issuance SET window_ends_at = lease_until WHERE state = 'OUTCOME_UNKNOWN';

CREATE TABLE ambiguous_orphan (
    issuance_id uuid         PRIMARY KEY REFERENCES issuance (id) ON DELETE CASCADE,
    reason      varchar(300) NOT NULL,
    window_from timestamptz  NOT NULL,
    window_to   timestamptz  NOT NULL,
    reported_at timestamptz  NOT NULL
);

CREATE TABLE ambiguous_orphan_candidate (
    issuance_id   uuid         NOT NULL REFERENCES ambiguous_orphan (issuance_id) ON DELETE CASCADE,
    access_key_id varchar(128) NOT NULL,
    created_at    timestamptz  NOT NULL,
    inside_window boolean      NOT NULL,
    PRIMARY KEY (issuance_id, access_key_id)
);
