-- A bulk revocation: the operator's filter and reason, and its progress. The keys it matched are
-- snapshotted into revocation_key when it starts, so keys created later are never revoked by it.
CREATE TABLE revocation (
    id              uuid         PRIMARY KEY,
    requested_by    varchar(100) NOT NULL,
    reason          varchar(500) NOT NULL,
    filter          text         NOT NULL,
    state           varchar(16)  NOT NULL,
    matched         integer      NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    finished_at     timestamptz,
    claimed_by      varchar(255),
    claimed_until   timestamptz,
    CONSTRAINT revocation_state_check CHECK (state IN ('RUNNING', 'DONE', 'FAILED'))
);

CREATE INDEX revocation_running_idx ON revocation (created_at) WHERE state = 'RUNNING';

-- One matched key of a revocation and what became of it; failures keep their reason and are
-- retried from next_attempt_at on.
CREATE TABLE revocation_key (
    revocation_id   uuid         NOT NULL REFERENCES revocation (id),
    position        integer      NOT NULL,
    access_key_id   varchar(128) NOT NULL,
    user_name       varchar(64)  NOT NULL,
    state           varchar(16)  NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    last_error      varchar(500),
    next_attempt_at timestamptz  NOT NULL,
    done_at         timestamptz,
    PRIMARY KEY (revocation_id, position),
    CONSTRAINT revocation_key_state_check CHECK (state IN ('PENDING', 'REVOKED', 'SKIPPED', 'FAILED'))
);

CREATE INDEX revocation_key_pending_idx ON revocation_key (revocation_id, next_attempt_at, position)
    WHERE state = 'PENDING';
