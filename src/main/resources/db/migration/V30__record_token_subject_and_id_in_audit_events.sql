-- The subject and jti of the identity provider's token a caller presented, so an event names the
-- workload behind a client and the very token it used. Null for static tokens and keywarden's jobs.
ALTER TABLE audit_event
    ADD COLUMN token_subject varchar(255),
    ADD COLUMN token_id      varchar(255);
