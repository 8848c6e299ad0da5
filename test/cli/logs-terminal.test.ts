// An app's escape sequences in its logs: shown escaped on a terminal, kept byte for byte in a
// pipe, JSON-escaped with --json; for `server logs`, `mypaas logs` and a plain `ssh … logs`.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { daemonFixture, type DaemonFixture, type TestKey } from '../daemon/ssh/daemon-fixture.js';
import { runInTerminal } from './remote/remote-fixture.js';
import { storedDeployment } from '../helpers/stored-deployment.js';

const bin = join(fileURLToPath(new URL('../../../', import.meta.url)), 'bin/mypaas.js');

// Colour, a window title (OSC), a one-byte C1 CSI that clears the screen, a carriage return, DEL.
const HOSTILE =
  'red \x1b[31mred\x1b[0m title \x1b]0;pwned\x07 clear \x9b2J cr a\rb del \x7f tab\tend';
const SHOWN =
  'red \\x1b[31mred\\x1b[0m title \\x1b]0;pwned\\x07 clear \\x9b2J cr a\\x0db del \\x7f tab\tend';

// What a container's start script prints: busybox printf writes the raw bytes (no C1: Docker's
// log stream is read as UTF-8, where a lone 0x9b is not a character).
const APP_PRINTF = String.raw`printf 'app \033[31mred\033[0m title \033]0;pwned\007 cr a\rb del \177 tab\tend\n'`;
const APP_HOSTILE = 'app \x1b[31mred\x1b[0m title \x1b]0;pwned\x07 cr a\rb del \x7f tab\tend';
const APP_SHOWN = 'app \\x1b[31mred\\x1b[0m title \\x1b]0;pwned\\x07 cr a\\x0db del \\x7f tab\tend';

test('a build log: escaped on a terminal, as written in a pipe, JSON-escaped with --json', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('esc');
  const id = storedDeployment(f.engine.db, service, [HOSTILE]);
  await checkEveryWay(f, alice, [service, '--deployment', String(id)], HOSTILE, SHOWN);
});

test("a real container's output: escaped on a terminal, as written in a pipe, JSON-escaped", async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('escapp');
  const dir = await f.app(service);
  const script = await readFile(join(dir, 'start.sh'), 'utf8');
  await writeFile(join(dir, 'start.sh'), script.replace('\n', `\n${APP_PRINTF}\n`));
  const tar = (await execa('tar', ['-cz', '-C', dir, '.'], { encoding: 'buffer' })).stdout;
  const push = await f.ssh(alice, ['push'], Buffer.from(tar));
  assert.equal(push.code, 0, push.stderr);
  await checkEveryWay(f, alice, [service], APP_HOSTILE, APP_SHOWN);
});

// `server logs`, `mypaas logs` on a terminal, in a pipe and with --json, then a plain `ssh … logs`.
async function checkEveryWay(
  f: DaemonFixture,
  alice: TestKey,
  args: string[],
  hostile: string,
  shown: string,
): Promise<void> {
  const server = `mypaas@127.0.0.1:${f.port}`;
  const local = ['server', 'logs', ...args];
  const remote = ['logs', server, ...args, '--identity', alice.privateFile];
  const env = { MYPAAS_HOME: f.home, NO_COLOR: '1' };
  const cli = (words: string[]) =>
    execa('node', [bin, ...words], { reject: false, env: { ...env, HOME: f.userHome } });

  for (const words of [local, remote]) {
    const what = `mypaas ${words.slice(0, 2).join(' ')}`;
    const onTerminal = await runInTerminal(f.userHome, words, env);
    assert.equal(onTerminal.exitCode, 0, `${what}: ${onTerminal.output}`);
    assert.ok(onTerminal.output.includes(shown), `${what} on a terminal: ${onTerminal.output}`);
    // eslint-disable-next-line no-control-regex -- what must not reach a terminal
    assert.doesNotMatch(onTerminal.output, /[\x1b\x07\x7f\x9b]/, `${what}: nothing raw`);

    const piped = await cli(words);
    assert.equal(piped.exitCode, 0, piped.stderr);
    assert.ok(piped.stdout.split('\n').includes(hostile), `${what} in a pipe: ${piped.stdout}`);

    const json = await cli([...words, '--json']);
    assert.equal(json.exitCode, 0, json.stderr);
    // eslint-disable-next-line no-control-regex -- what must not reach a terminal
    assert.doesNotMatch(json.stdout, /[\x00-\x09\x0b-\x1f\x7f-\x9f]/, `${what} --json: escaped`);
    const events = json.stdout.split('\n').map((line) => JSON.parse(line) as unknown);
    assert.ok(
      events.some((e) => JSON.stringify(e) === JSON.stringify({ line: hostile })),
      `${what} --json: one {"line"} per line: ${json.stdout}`,
    );
  }

  // A plain ssh client gets text for a person; the daemon grants no PTY, so it always escapes.
  const plain = await f.ssh(alice, ['logs', ...args]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.ok(plain.stdout.split('\n').includes(shown), plain.stdout);
  // eslint-disable-next-line no-control-regex -- what must not reach a terminal
  assert.doesNotMatch(plain.stdout, /[\x1b\x07\x7f\x9b]/);
}
