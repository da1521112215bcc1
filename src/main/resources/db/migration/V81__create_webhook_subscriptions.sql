-- Webhook subscriptions made at /admin/v1/subscriptions (those of the configuration are not stored).
-- The signing secret is kept only encrypted (AES-256-GCM under keywarden.events.secret-key, bound to
-- the subscription's name); after a rotation the previous secret is kept, also encrypted, until
-- previous_until, and deliveries are signed with both until then.
CREATE TABLE webhook_subscription (
    name            varchar(100) PRIMARY KEY,
    url             varchar(2000) NOT NULL,
    types           text         NOT NULL,
    user_names      text         NOT NULL,
    secret          bytea        NOT NULL,
    previous_secret bytea,
    previous_until  timestamptz,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL
);
