// Parsing what HAProxy 2.6 answers, from answers captured from the real thing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShowProc } from '../../../../src/daemon/routing/haproxy/master-cli.js';
import {
  parseInfoPid,
  parseServerLoad,
  parseServersState,
} from '../../../../src/daemon/routing/haproxy/runtime-output.js';

const HEADER =
  '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port';

void test('show servers state: ready, drain, maint from op and admin state', () => {
  const text = [
    '1',
    HEADER,
    '3 be_web_production 1 s_a 127.0.0.1 2 0 1 1 0 1 0 0 0 0 0 0 - 9001 - 0 0 - - 0',
    '3 be_web_production 2 s_b 127.0.0.1 2 8 3 3 0 1 0 0 0 0 0 0 - 9002 - 0 0 - - 0',
    '3 be_web_production 3 s_c 127.0.0.1 0 1 1 1 0 1 0 0 0 0 0 0 - 9003 - 0 0 - - 0',
    '',
  ].join('\n');
  assert.deepEqual(
    parseServersState(text)?.map((s) => [s.backend, s.name, s.host, s.port, s.weight, s.mode]),
    [
      ['be_web_production', 's_a', '127.0.0.1', 9001, 1, 'ready'],
      ['be_web_production', 's_b', '127.0.0.1', 9002, 3, 'drain'],
      ['be_web_production', 's_c', '127.0.0.1', 9003, 1, 'maint'],
    ],
  );
  assert.deepEqual(parseServersState(`1\n${HEADER}\n`), []);
  assert.equal(parseServersState("Can't find backend.\n"), null);
});

void test('show stat: sessions plus queue of one server; show info: the pid', () => {
  const text = [
    '# pxname,svname,qcur,qmax,scur,smax,slim,stot',
    'be_web_production,s_a,1,0,2,1,,3',
    'be_web_production,s_b,0,0,0,0,,0',
    '',
  ].join('\n');
  assert.equal(parseServerLoad(text, 's_a'), 3);
  assert.equal(parseServerLoad(text, 's_b'), 0);
  assert.equal(parseServerLoad(text, 's_zz'), null);
  assert.equal(parseServerLoad('No such proxy.\n', 's_a'), null);
  assert.equal(parseInfoPid('Name: HAProxy\nPid: 1906\nUptime: 0d\n'), 1906);
  assert.equal(parseInfoPid('Unknown command\n'), null);
});

void test('show proc: master counters, current and old workers', () => {
  const text = `#<PID>          <type>          <reloads>       <uptime>        <version>
3285            master          2 [failed: 1]   0d00h00m01s     2.6.12-1+deb12u4
# workers
3346            worker          0               0d00h00m00s     2.6.12-1+deb12u4
# old workers
3286            worker          1               0d00h00m01s     2.6.12-1+deb12u4
# programs

`;
  assert.deepEqual(parseShowProc(text), {
    masterPid: 3285,
    reloads: 2,
    failedReloads: 1,
    workers: [3346],
    oldWorkers: [3286],
  });
  assert.equal(parseShowProc('Unknown command.\n'), null);
});
