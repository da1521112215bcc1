-- The local profile only: create the application role keywarden connects as, if it is missing.
-- Roles belong to the whole server, so an earlier run (or the tests) may have made it already.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keywarden_app') THEN
        CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app';
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
