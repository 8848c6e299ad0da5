-- 002: who may log in to the daemon, and what they changed. Applied migrations are never edited.

-- One SSH public key per name; the fingerprint is unique too, so one key cannot hold two roles.
CREATE TABLE ssh_keys (
  name TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  bits INTEGER NOT NULL,
  fingerprint TEXT NOT NULL UNIQUE,
  blob BLOB NOT NULL,
  comment TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'deployer')),
  services_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Every command that changes something: who (key name and fingerprint), what, on what, and how it ended.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  key_name TEXT NOT NULL,
  fingerprint TEXT,
  command TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'denied')),
  detail TEXT
) STRICT;

CREATE INDEX audit_log_by_time ON audit_log (at);
