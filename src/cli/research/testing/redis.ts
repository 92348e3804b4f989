/**
 * Test-only: the Redis of the queue tests. `npm test` and .ci/run start one and set
 * ALVH_TEST_REDIS_URL; a bare `npx vitest run` starts Debian's redis-server here on a free
 * loopback port instead (and stops it after).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  readonly url: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const p = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(p));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

export async function testRedis(): Promise<TestRedis> {
  const given = process.env.ALVH_TEST_REDIS_URL;
  if (given !== undefined && given !== '') return { url: given, stop: () => undefined };
  const bin = process.env.ALVH_REDIS_SERVER ?? '/usr/bin/redis-server';
  if (!existsSync(bin)) throw new Error(`the queue tests need Redis: set ALVH_TEST_REDIS_URL or install redis-server (${bin} not found); npm test starts one`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'alvh-redis-'));
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let k = 0; k < 100; k++) {
    if (await answers(url)) return { url, stop: () => { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`redis-server did not answer on ${url}`);
}
