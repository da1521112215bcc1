-- Each checkpoint signed from now on names the first event of chain version 2 (1 on a log born
-- on version 2), so that no event can later be relabelled as version 1, whose hash only the chain
-- key checks. Checkpoints signed before keep NULL here: they pin no version.
ALTER TABLE audit_checkpoint ADD COLUMN first_version2_event_id bigint;
