-- 003: whether a release was built for a deployer key, so every later start of it (redeploy,
-- rollback, start) keeps the deployer rules even when an admin or the host triggers it.
-- Applied migrations are never edited.
ALTER TABLE releases ADD COLUMN confined INTEGER NOT NULL DEFAULT 0 CHECK (confined IN (0, 1));
