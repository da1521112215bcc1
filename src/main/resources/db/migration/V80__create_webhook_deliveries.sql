-- The webhooks module's outbox: one row per domain event and matching subscription, written by its
-- listener, sent by the webhook-delivery job. webhook_id is the Standard Webhooks id, the same on
-- every attempt and on a redelivery, drawn from the event and the subscription, so a listener run
-- again for the same event writes nothing new. A key's deliveries to one subscription are sent in the
-- order of the events (occurred_at, then position): a later one waits while an earlier one is PENDING,
-- and a successor's (rotated_from) also while an earlier one of its predecessor is. The working
-- grants of the application role come from V21's default privileges.
CREATE TABLE webhook_delivery (
    id              uuid         PRIMARY KEY,
    position        bigint       GENERATED ALWAYS AS IDENTITY UNIQUE,
    webhook_id      varchar(64)  NOT NULL UNIQUE,
    subscription    varchar(100) NOT NULL,
    event_type      varchar(64)  NOT NULL,
    occurred_at     timestamptz  NOT NULL,
    access_key_id   varchar(128),
    rotated_from    varchar(128),
    user_name       varchar(64),
    body            text         NOT NULL,
    state           varchar(16)  NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    created_at      timestamptz  NOT NULL,
    next_attempt_at timestamptz  NOT NULL,
    give_up_at      timestamptz  NOT NULL,
    finished_at     timestamptz,
    last_error      varchar(500),
    claimed_by      varchar(255),
    claimed_until   timestamptz,
    CONSTRAINT webhook_delivery_state_check CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED', 'DEAD'))
);

CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at, position) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_key_idx ON webhook_delivery (subscription, access_key_id, occurred_at, position)
    WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (subscription, position);

-- Each attempt of a delivery: the answer's status (none when no answer came), how long it took, and
-- the first bytes of the answer's body or why there was no answer.
CREATE TABLE webhook_attempt (
    delivery_id  uuid         NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt      integer      NOT NULL,
    attempted_at timestamptz  NOT NULL,
    status       integer,
    duration_ms  bigint       NOT NULL,
    answer       varchar(600),
    error        varchar(500),
    PRIMARY KEY (delivery_id, attempt)
);

-- Subscriptions a receiver disabled by answering 410 Gone: nothing is delivered to them until they
-- are enabled again (POST /admin/v1/subscriptions/{name}/enable) or keywarden restarts.
CREATE TABLE webhook_subscription_disabled (
    subscription varchar(100) PRIMARY KEY,
    disabled_at  timestamptz  NOT NULL,
    reason       varchar(500) NOT NULL
);
