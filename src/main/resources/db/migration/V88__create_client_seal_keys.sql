-- The seal-to keys set per client through /admin/v1/clients/{client}/seal-to. A row overrides the
-- client's seal-to from configuration; deleting it falls back to that. Only a public key is stored.
-- Every instance reads the row per use (by its primary key), so a change needs no restart anywhere;
-- the grants of the application role come from V21's default privileges.
CREATE TABLE client_seal_key (
    client_name varchar(100) PRIMARY KEY,
    public_key  bytea        NOT NULL CHECK (octet_length(public_key) = 32),
    updated_by  varchar(100) NOT NULL,
    updated_at  timestamptz  NOT NULL
);
