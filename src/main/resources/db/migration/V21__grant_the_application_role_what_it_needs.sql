-- Keywarden connects as an application role (spring.datasource.username) that does not own the
-- schema: Flyway migrates as the owner (spring.flyway.user). The role may read and write the
-- working tables, but may only read and append the audit tables, and, not owning them, cannot
-- switch their append-only triggers off. Tables later migrations create get the same working
-- grants by default. Nothing happens when keywarden connects as the owner itself (the placeholder
-- is empty or names the owner), as older deployments do.
DO $$
DECLARE
    app    text := '${application_role}';
    schema text := current_schema();
BEGIN
    IF app = '' OR app = current_user THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'the application role % (spring.datasource.username) does not exist: create it first', app;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema, app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', schema, app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', schema, app);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_checkpoint FROM %I', app);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I.flyway_schema_history FROM %I', schema, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                   schema, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', schema, app);
END
$$;
