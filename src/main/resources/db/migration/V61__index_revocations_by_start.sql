-- The console lists the latest bulk revocations, newest first: an index scan that stops after the
-- few it shows, however many revocations the table has collected.
CREATE INDEX revocation_created_idx ON revocation (created_at DESC, id DESC);
