// What a command and the daemon's log say about config.toml while an edit is not in use or waits
// for a restart. Only admins see the file's errors and settings: a deployer is a tenant and learns
// only that the host runs on its last good config. No text here carries an [env] value.
import type { ConfigState, RestartChange } from '../config/live-config.js';

/** The warnings every command gives its caller, `admin` or not, for the config state now. */
export function configNotices(state: ConfigState, admin: boolean): string[] {
  if (!admin) {
    return state.errors.length === 0
      ? []
      : [
          "this host's config.toml does not validate, so the daemon keeps using the last good config; an admin key sees why",
        ];
  }
  const notices = state.errors.length === 0 ? [] : [rejected(state)];
  return [...notices, ...state.restart.map((change) => restartNote(change, state.path))];
}

/** The daemon log's lines for a read that found the file changed; none when it did not. */
export function configLogLines(state: ConfigState): string[] {
  if (!state.changed) return [];
  if (state.errors.length > 0) return [`warning: ${rejected(state)}`];
  return [
    `reloaded ${state.path}`,
    ...state.warnings.map((text) => `warning: ${text}`),
    ...state.restart.map((change) => `warning: ${restartNote(change, state.path)}`),
  ];
}

function rejected(state: ConfigState): string {
  const count = state.errors.length === 1 ? '1 problem' : `${state.errors.length} problems`;
  return (
    `${state.path} does not validate (${count}), so the daemon keeps using the last good config ` +
    `until it is fixed:\n${state.errors.map((line) => `  ${line}\n`).join('')}`.trimEnd()
  );
}

function restartNote(change: RestartChange, path: string): string {
  const what = `[${change.section}] ${change.key}`;
  const then =
    change.restart === 'proxy' ? ', and `mypaas server init` for the proxy to use it' : '';
  return (
    `${what} changed to ${show(change.wanted)} in ${path}: it needs a daemon restart${then}; ` +
    'until then the daemon keeps the value it started with'
  );
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
