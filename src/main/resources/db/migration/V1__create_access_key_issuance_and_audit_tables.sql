-- Keys keywarden issued. The secret itself is never stored: only its SHA-256, so an operator
-- can tell which key a leaked secret belongs to.
CREATE TABLE access_key (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    access_key_id       varchar(128) NOT NULL,
    user_name           varchar(64)  NOT NULL,
    upstream_user_id    bigint       NOT NULL,
    description         varchar(255),
    status              varchar(16)  NOT NULL,
    secret_sha256       varchar(64)  NOT NULL,
    issued_by           varchar(100) NOT NULL,
    issuance_id         uuid         NOT NULL,
    rotated_from        varchar(128),
    retire_at           timestamptz,
    created_at          timestamptz  NOT NULL,
    expires_at          timestamptz,
    updated_at          timestamptz  NOT NULL,
    recorded_at         timestamptz  NOT NULL,
    CONSTRAINT access_key_access_key_id_unique UNIQUE (access_key_id),
    CONSTRAINT access_key_status_check CHECK (status IN ('ACTIVE', 'ROTATING', 'INACTIVE', 'DELETED'))
);

CREATE INDEX access_key_user_name_idx ON access_key (user_name, id);

-- The durable intent of every create or rotate, written before the upstream is called.
CREATE TABLE issuance (
    id                  uuid         PRIMARY KEY,
    client_name         varchar(100) NOT NULL,
    idempotency_key     varchar(255),
    request_fingerprint varchar(64)  NOT NULL,
    kind                varchar(16)  NOT NULL,
    user_name           varchar(64)  NOT NULL,
    rotated_from        varchar(128),
    state               varchar(20)  NOT NULL,
    attempts            integer      NOT NULL DEFAULT 1,
    started_at          timestamptz  NOT NULL,
    lease_until         timestamptz  NOT NULL,
    settled_at          timestamptz,
    access_key_id       varchar(128),
    response_status     integer,
    response_ciphertext bytea,
    expires_at          timestamptz,
    CONSTRAINT issuance_idempotency_unique UNIQUE (client_name, idempotency_key),
    CONSTRAINT issuance_kind_check CHECK (kind IN ('CREATE', 'ROTATE')),
    CONSTRAINT issuance_state_check
        CHECK (state IN ('IN_FLIGHT', 'SUCCEEDED', 'FAILED', 'OUTCOME_UNKNOWN', 'ABANDONED'))
);

CREATE INDEX issuance_unsettled_idx ON issuance (lease_until) WHERE state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN');
CREATE INDEX issuance_expires_at_idx ON issuance (expires_at) WHERE expires_at IS NOT NULL;

-- Append-only audit log with an HMAC hash chain; appends are serialised by an advisory lock.
CREATE TABLE audit_event (
    id                  bigint       PRIMARY KEY,
    occurred_at         timestamptz  NOT NULL,
    actor               varchar(100) NOT NULL,
    action              varchar(40)  NOT NULL,
    outcome             varchar(40)  NOT NULL,
    user_name           varchar(64),
    access_key_id       varchar(128),
    upstream_ret_code   integer,
    upstream_request_id varchar(128),
    idempotency_key     varchar(255),
    request_id          varchar(128),
    client_address      varchar(64),
    detail              varchar(500),
    previous_hash       varchar(64)  NOT NULL,
    hash                varchar(64)  NOT NULL
);

CREATE INDEX audit_event_occurred_at_idx ON audit_event (occurred_at, id);
CREATE INDEX audit_event_user_name_idx ON audit_event (user_name, id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, id);

CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
