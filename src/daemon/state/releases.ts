// The releases table: immutable build results, the things a rollback makes live again.
import type Database from 'better-sqlite3';
import { MypaasError } from '../../core/errors.js';
import type { ServiceSpec } from '../../parse/spec.js';
import type { Release } from './types.js';

/** Records a built release; writing the same (service, id) twice is refused, releases never change. */
export function insertRelease(db: Database.Database, release: Release): void {
  try {
    db.prepare(
      `INSERT INTO releases (id, service, env, image, spec_json, git_sha, confined, created_at)
       VALUES (@id, @service, @env, @image, @specJson, @gitSha, @confined, @createdAt)`,
    ).run({
      id: release.id,
      service: release.service,
      env: release.env,
      image: release.image,
      specJson: JSON.stringify(release.spec),
      gitSha: release.gitSha,
      confined: release.confined ? 1 : 0,
      createdAt: release.createdAt,
    });
  } catch (err) {
    const duplicate = (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    const reason = duplicate ? 'it already exists and releases are immutable' : String(err);
    throw new MypaasError(
      'STATE_FAILED',
      `cannot record release ${release.service}:${release.id}: ${reason}`,
      {
        hint: duplicate ? 'give every build a new release id' : undefined,
        cause: err,
      },
    );
  }
}

/** One release of a service, or null; release ids are unique per service across environments. */
export function getRelease(db: Database.Database, service: string, id: string): Release | null {
  const row = db.prepare('SELECT * FROM releases WHERE service = ? AND id = ?').get(service, id) as
    ReleaseRecord | undefined;
  return row ? toRelease(row) : null;
}

/** The releases of (service, env), newest first: what `releases` lists and retention prunes. */
export function listReleases(db: Database.Database, service: string, env: string): Release[] {
  const rows = db
    .prepare(
      `SELECT * FROM releases WHERE service = ? AND env = ?
       ORDER BY created_at DESC, rowid DESC`,
    )
    .all(service, env) as ReleaseRecord[];
  return rows.map(toRelease);
}

/** Forgets a pruned release; throws RELEASE_NOT_FOUND when there is none, so typos do not pass. */
export function deleteRelease(db: Database.Database, service: string, id: string): void {
  const { changes } = db
    .prepare('DELETE FROM releases WHERE service = ? AND id = ?')
    .run(service, id);
  if (changes === 0) {
    throw new MypaasError('RELEASE_NOT_FOUND', `release ${service}:${id} does not exist`, {
      hint: `list the releases of ${service} to see which ones are kept`,
    });
  }
}

interface ReleaseRecord {
  id: string;
  service: string;
  env: string;
  image: string;
  spec_json: string;
  git_sha: string | null;
  confined: number;
  created_at: number;
}

function toRelease(row: ReleaseRecord): Release {
  return {
    id: row.id,
    service: row.service,
    env: row.env,
    image: row.image,
    spec: JSON.parse(row.spec_json) as ServiceSpec,
    gitSha: row.git_sha,
    confined: row.confined === 1,
    createdAt: row.created_at,
  };
}
