-- The audit search filters by action or outcome and pages newest first by id. Without these,
-- a rare action or outcome (REVOKE_ORPHAN, ORPHAN_REVOKED) is found by scanning the whole log
-- (checked with EXPLAIN ANALYZE on 200,000 events: a sequential or backward primary-key scan
-- removing every other row); with them, by a backward scan of just its own entries.
CREATE INDEX audit_event_action_idx ON audit_event (action, id);
CREATE INDEX audit_event_outcome_idx ON audit_event (outcome, id);
