-- 001: the deploy engine's first tables. Applied migrations are never edited; add 002_….sql instead.

-- An immutable build result: image <service>:<id> and the spec it was built from.
CREATE TABLE releases (
  id TEXT NOT NULL,
  service TEXT NOT NULL,
  env TEXT NOT NULL,
  image TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  git_sha TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (service, id)
) STRICT;

CREATE INDEX releases_by_service_env ON releases (service, env, created_at);

-- One attempt to make a release live; step is the finer progress crash recovery looks at.
CREATE TABLE deployments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  service TEXT NOT NULL,
  env TEXT NOT NULL,
  release_id TEXT NOT NULL,
  trigger TEXT NOT NULL
    CHECK (trigger IN ('push', 'server-deploy', 'redeploy', 'rollback', 'git', 'webhook')),
  actor TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('queued', 'building', 'starting', 'live', 'failed', 'interrupted', 'superseded')),
  step TEXT,
  previous_deployment_id INTEGER,
  pid INTEGER,
  pid_start TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  error TEXT
) STRICT;

CREATE INDEX deployments_by_service_env ON deployments (service, env, id);

CREATE INDEX deployments_unfinished ON deployments (status)
  WHERE status IN ('queued', 'building', 'starting');

-- What runs now for each (service, env), and which deployment is live.
CREATE TABLE services (
  service TEXT NOT NULL,
  env TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'stopped')),
  live_deployment_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (service, env)
) STRICT;

-- Build and deploy output, numbered per deployment so followers can ask for "after seq N".
CREATE TABLE build_log_lines (
  deployment_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  stream TEXT NOT NULL CHECK (stream IN ('build', 'deploy')),
  at INTEGER NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (deployment_id, seq)
) STRICT, WITHOUT ROWID;

-- Values set with `mypaas env set`, per (service, env).
CREATE TABLE env_vars (
  service TEXT NOT NULL,
  env TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (service, env, key)
) STRICT;

-- At most one deploy per (service, env); pid + pid_start tell a dead holder from a live one.
CREATE TABLE deploy_locks (
  service TEXT NOT NULL,
  env TEXT NOT NULL,
  deployment_id INTEGER,
  pid INTEGER NOT NULL,
  pid_start TEXT NOT NULL,
  acquired_at INTEGER NOT NULL,
  PRIMARY KEY (service, env)
) STRICT;
