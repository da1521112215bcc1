-- The sealed secret of each successor keywarden made by an automatic rotation, kept for the client
-- the key is issued to until that client acknowledges it. Only the sealed form (RFC 9180 HPKE to the
-- client's seal-to) is ever stored; the acknowledgement deletes it (sealed columns set NULL) and keeps
-- the row, so that a later fetch answers that it was acknowledged (410) rather than unknown (404).
CREATE TABLE sealed_successor (
    access_key_id   varchar(128) PRIMARY KEY,
    rotated_from    varchar(128) NOT NULL,
    client_name     varchar(100) NOT NULL,
    user_name       varchar(128) NOT NULL,
    suite           varchar(100),
    enc             text,
    ciphertext      text,
    info            text,
    created_at      timestamptz  NOT NULL,
    acknowledged_at timestamptz,
    CONSTRAINT sealed_successor_sealed_until_acknowledged
        CHECK ((acknowledged_at IS NULL) = (enc IS NOT NULL AND ciphertext IS NOT NULL))
);
