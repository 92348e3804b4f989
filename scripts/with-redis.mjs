#!/usr/bin/env node
// Runs a command with a local Redis for the queue tests: ALVH_TEST_REDIS_URL points at it.
// When ALVH_TEST_REDIS_URL is already set (CI starts its own), the command just runs.
// Otherwise Debian's redis-server is started on a free loopback port with no persistence and
// stopped when the command ends; when it is missing and we may install packages (root with
// apt-get), it is installed first, as scripts/ensure-chromium.mjs does for chromium.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
if (cmd === undefined) {
  console.error('usage: node scripts/with-redis.mjs COMMAND [ARGS...]');
  process.exit(2);
}

function run(env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (process.env.ALVH_TEST_REDIS_URL) process.exit(await run(process.env));

const REDIS = process.env.ALVH_REDIS_SERVER ?? '/usr/bin/redis-server';
if (!existsSync(REDIS)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`tests: ${REDIS} not found; install Debian's redis-server (sudo apt-get install -y redis-server), set ALVH_REDIS_SERVER, or set ALVH_TEST_REDIS_URL to a running Redis`);
    process.exit(2);
  }
  console.error('tests: installing Debian redis-server for the queue tests (apt-get install -y redis-server)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
}

const port = await new Promise((resolve, reject) => {
  const s = createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'alvh-redis-'));
const redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
const stop = () => {
  if (redis.exitCode === null) redis.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stop);

function ping() {
  return new Promise((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port }, () => c.write('PING\r\n'));
    c.on('data', (d) => {
      c.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    c.on('error', () => resolve(false));
  });
}
let ready = false;
for (let k = 0; k < 100 && !ready; k++) {
  ready = await ping();
  if (!ready) await new Promise((r) => setTimeout(r, 100));
}
if (!ready) {
  console.error(`tests: redis-server did not answer on 127.0.0.1:${port}`);
  process.exit(1);
}
const code = await run({ ...process.env, ALVH_TEST_REDIS_URL: `redis://127.0.0.1:${port}` });
stop();
process.exit(code);
