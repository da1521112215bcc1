-- ShedLock's table: one row per job, so each run happens on one instance only.
CREATE TABLE shedlock (
    name       varchar(64)  NOT NULL PRIMARY KEY,
    lock_until timestamp    NOT NULL,
    locked_at  timestamp    NOT NULL,
    locked_by  varchar(255) NOT NULL
);

-- What each job run did, for GET /admin/v1/jobs.
CREATE TABLE job_run (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name    varchar(64)  NOT NULL,
    trigger     varchar(16)  NOT NULL,
    started_at  timestamptz  NOT NULL,
    ended_at    timestamptz,
    outcome     varchar(16)  NOT NULL,
    examined    integer      NOT NULL DEFAULT 0,
    changed     integer      NOT NULL DEFAULT 0,
    failed      integer      NOT NULL DEFAULT 0,
    last_error  varchar(500),
    instance    varchar(255) NOT NULL,
    CONSTRAINT job_run_outcome_check CHECK (outcome IN ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'))
);

CREATE INDEX job_run_job_name_idx ON job_run (job_name, id DESC);

-- Retirement finds superseded keys whose grace period ended; the age watch finds old active keys.
CREATE INDEX access_key_retire_at_idx ON access_key (retire_at) WHERE retire_at IS NOT NULL AND status <> 'DELETED';
CREATE INDEX access_key_created_at_idx ON access_key (created_at) WHERE status = 'ACTIVE';
CREATE INDEX access_key_live_user_idx ON access_key (user_name) WHERE status <> 'DELETED';
-- The reconciler reports an unmanaged key once: it looks for an earlier report by key id.
CREATE INDEX audit_event_access_key_id_idx ON audit_event (access_key_id, outcome) WHERE access_key_id IS NOT NULL;
