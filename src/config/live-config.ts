// config.toml for a process that runs for days (the daemon): read again whenever its text changed,
// so an edit takes effect at the next command. An edit that does not validate keeps the last good
// config; keys read only at start keep their start values, and a change to one is reported.
import { MypaasError } from '../core/errors.js';
import { configError, readConfig } from './load-config.js';
import { SCHEMA, type Config, type KeySpec, type SectionName } from './schema.js';

/** A key whose value in the file differs from the one the running process started with. */
export interface RestartChange {
  section: SectionName;
  key: string;
  restart: 'daemon' | 'proxy';
  /** The value in use until the restart, and the one the file asks for. */
  running: unknown;
  wanted: unknown;
}

/** What the latest read of the file found. */
export interface ConfigState {
  path: string;
  /** This read found other text than the one before: the moment to log what follows, once. */
  changed: boolean;
  /** Why the file's current text is not in use (the last good config is); empty when it is. */
  errors: string[];
  /** The file's warnings (an empty secret, a risky setting) for the text in use. */
  warnings: string[];
  restart: RestartChange[];
}

/** The config in use and how to bring it up to date with the file. */
export interface LiveConfig {
  /** The last good config, with the restart-only keys as they were at start. */
  readonly config: Config;
  /** Reads the file (cheap: it is small) and takes its config when the text changed and
   * validates; never throws. Calls are serialised, so each change is `changed` exactly once. */
  refresh(): Promise<ConfigState>;
}

/** Loads config.toml as loadConfig does (throwing when it does not validate), then keeps it live. */
export async function openLiveConfig(
  home: string,
  options: { userHome: string; onWarning?: (warning: string) => void },
): Promise<LiveConfig> {
  const first = await readConfig(home, options.userHome);
  for (const warning of first.result.warnings) options.onWarning?.(warning);
  if (!first.result.ok) throw configError(first.path, first.result);
  const started = first.result.config;
  let config = started;
  let state: ConfigState = {
    path: first.path,
    changed: false,
    errors: [],
    warnings: first.result.warnings,
    restart: [],
  };
  let lastText = first.text;
  const read = async (): Promise<ConfigState> => {
    let next: Awaited<ReturnType<typeof readConfig>>;
    try {
      next = await readConfig(home, options.userHome);
    } catch (err) {
      const reason = err instanceof MypaasError ? err.message : String(err);
      const changed = state.errors[0] !== reason;
      lastText = undefined;
      return (state = { ...state, changed, errors: [reason] });
    }
    if (next.text === lastText) return (state = { ...state, changed: false });
    lastText = next.text;
    const { result } = next;
    if (!result.ok) return (state = { ...state, changed: true, errors: result.errors });
    const held = holdRestartKeys(result.config, started);
    config = held.config;
    return (state = {
      path: next.path,
      changed: true,
      errors: [],
      warnings: result.warnings,
      restart: held.restart,
    });
  };
  let queue: Promise<ConfigState> = Promise.resolve(state);
  return {
    get config() {
      return config;
    },
    refresh: () => (queue = queue.then(read, read)),
  };
}

/** `file` with every restart-only key set back to its value in `started`, and those that differ. */
export function holdRestartKeys(
  file: Config,
  started: Config,
): { config: Config; restart: RestartChange[] } {
  const restart: RestartChange[] = [];
  const config = { ...file };
  for (const section of Object.keys(SCHEMA) as SectionName[]) {
    const wanted = file[section] as unknown as Record<string, unknown>;
    const running = started[section] as unknown as Record<string, unknown>;
    const held = { ...wanted };
    for (const [field, spec] of Object.entries<KeySpec<unknown>>(SCHEMA[section])) {
      if (!spec.restart) continue;
      held[field] = running[field];
      if (JSON.stringify(wanted[field]) === JSON.stringify(running[field])) continue;
      restart.push({
        section,
        key: spec.key,
        restart: spec.restart,
        running: running[field],
        wanted: wanted[field],
      });
    }
    (config as unknown as Record<string, unknown>)[section] = held;
  }
  return { config, restart };
}
