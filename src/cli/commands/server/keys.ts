// `mypaas server keys add|list|rm`: the SSH keys that may use the daemon, with roles and services.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { userInfo } from 'node:os';
import type Database from 'better-sqlite3';
import { Option, type Command } from 'commander';
import { mypaasHome } from '../../../config/home.js';
import { MypaasError } from '../../../core/errors.js';
import { jsonOption, printJson } from '../../options.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
const SERVICE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** Adds `server keys`. */
export function registerServerKeys(server: Command): void {
  const keys = server.command('keys').description('manage the SSH keys that may use the daemon');
  keys
    .command('add')
    .description('allow a public key to log in, as an admin or as a deployer of some services')
    .argument('<name>', 'a name for the key, e.g. alice or ci')
    .argument('<pubkey>', 'an OpenSSH .pub file, or - to read it from stdin')
    .addOption(
      new Option(
        '--role <role>',
        'admin, or deployer (default: deployer with --services, else admin)',
      ).choices(['admin', 'deployer']),
    )
    .option('--services <list>', 'deployer: the services it may deploy and manage, comma-separated')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server keys add alice ~/alice.pub                 an admin key
  $ mypaas server keys add ci - --services web,api < ci.pub  a deployer of web and api
  $ mypaas server keys add ci ci.pub --services web --json   the key and its secrets as JSON

A deployer key may only touch its services, and may not publish host ports or mount host
directories (only named volumes: data:/data). Its services read only the config.toml [env] secrets
granted to them ([env.KEY] value = "…" services = ["web"]); it prints which, by name.
Keys: ed25519, ecdsa, or rsa of 2048 bits or more.`,
    )
    .action(async (name: string, file: string, options: KeyAddOptions) => {
      const { role, services } = roleAndServices(name, options);
      const { parsePublicKey } = await import('../../../core/ssh-keys.js');
      const key = parsePublicKey(await readKeyFile(file));
      await withDatabase(async (db) => {
        const { addKey, keyInfo } = await import('../../../daemon/state/keys.js');
        const { deployerSecrets, deployerSecretsText } = await import('./deployer-secrets.js');
        const { recordAudit } = await import('../../../daemon/state/audit-log.js');
        const added = addKey(db, { name, key, role, services });
        recordAudit(db, {
          ...local('keys add'),
          target: `${name} ${key.fingerprint}`,
          outcome: 'ok',
          detail: role,
        });
        const secrets = role === 'deployer' ? await deployerSecrets(mypaasHome(), services) : null;
        if (options.json) return printJson({ ...keyInfo(added), secrets });
        process.stdout.write(
          `added ${added.name}: ${added.bits} ${added.fingerprint} (${key.label}), ${role}${services.length ? ` of ${services.join(', ')}` : ''}\n`,
        );
        if (secrets) process.stdout.write(deployerSecretsText(mypaasHome(), secrets));
      });
    });
  keys
    .command('list')
    .description('list the keys: name, type, SHA256 fingerprint, role, services')
    .addOption(jsonOption())
    .action(async (options: { json?: boolean }) => {
      await withDatabase(async (db) => {
        const { keyInfo, listKeys } = await import('../../../daemon/state/keys.js');
        const { keysTable } = await import('../../../daemon/ssh/keys-table.js');
        const list = listKeys(db).map(keyInfo);
        if (options.json) return printJson(list);
        process.stdout.write(keysTable(list));
      });
    });
  keys
    .command('rm')
    .description('remove a key by name or SHA256 fingerprint; it can no longer log in')
    .argument('<key>', 'the key name, or its SHA256:… fingerprint')
    .action(async (which: string) => {
      await withDatabase(async (db) => {
        const { removeKey } = await import('../../../daemon/state/keys.js');
        const { recordAudit } = await import('../../../daemon/state/audit-log.js');
        const removed = removeKey(db, which);
        recordAudit(db, {
          ...local('keys rm'),
          target: `${removed.name} ${removed.fingerprint}`,
          outcome: 'ok',
          detail: null,
        });
        process.stdout.write(`removed ${removed.name} (${removed.fingerprint})\n`);
      });
    });
}

interface KeyAddOptions {
  role?: string;
  services?: string;
  json?: boolean;
}

/** Opens only the state database: managing keys needs neither Docker nor the proxy. */
export async function withDatabase<T>(work: (db: Database.Database) => Promise<T>): Promise<T> {
  const { openDatabase } = await import('../../../daemon/state/open-database.js');
  const db = openDatabase(join(mypaasHome(), 'mypaas.db'));
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

function roleAndServices(name: string, options: { role?: string; services?: string }) {
  if (!NAME.test(name)) {
    throw new MypaasError('USAGE', `${JSON.stringify(name)} is not a key name`, {
      hint: 'use letters, digits, ., _, @ and -, e.g. alice or ci-github',
    });
  }
  const services = (options.services ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = services.find((s) => !SERVICE.test(s));
  if (bad !== undefined) {
    throw new MypaasError('USAGE', `${JSON.stringify(bad)} is not a service name`, {
      hint: 'give service names as in # mypaas.service=, e.g. --services web,api',
    });
  }
  // --services alone means a deployer of those services; no option at all means an admin key.
  const role = (options.role ?? (services.length > 0 ? 'deployer' : 'admin')) as
    'admin' | 'deployer';
  if (role === 'deployer' && services.length === 0) {
    throw new MypaasError('USAGE', 'a deployer key needs the services it may deploy', {
      hint: `e.g. mypaas server keys add ${name} FILE --services web,api`,
    });
  }
  if (role === 'admin' && services.length > 0) {
    throw new MypaasError(
      'USAGE',
      'an admin key may touch every service; --services is for deployers',
      {
        hint: 'drop --services, or use --role deployer',
      },
    );
  }
  return { role, services };
}

async function readKeyFile(file: string): Promise<string> {
  try {
    return file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  } catch (err) {
    throw new MypaasError('KEY_INVALID', `cannot read ${file}: ${String(err)}`, {
      hint: 'give the path of a .pub file, or - and the key on stdin',
      cause: err,
    });
  }
}

function local(command: string) {
  return { keyName: `local:${userInfo().username}`, fingerprint: null, command };
}
