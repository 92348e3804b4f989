import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { chainFileName, chainFileText } from '../adapters/chains/layouts.js';
import { embeddedChainSnapshots } from '../adapters/chains/snapshots.js';
import { homeCacheDir } from './homePath.js';
import { runCli } from './testing/run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-home-path-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('homeCacheDir', () => {
  it("is the cache folder of the home that exists: --home first, then $ALVH_HOME, then the user's ~/.alvh", () => {
    const flag = fs.mkdtempSync(path.join(tmp, 'flag-'));
    const env = fs.mkdtempSync(path.join(tmp, 'env-'));
    const user = fs.mkdtempSync(path.join(tmp, 'user-'));
    fs.mkdirSync(path.join(user, '.alvh'));
    expect(homeCacheDir(flag, { ALVH_HOME: env }, user)).toBe(path.join(flag, 'cache'));
    expect(homeCacheDir(undefined, { ALVH_HOME: env }, user)).toBe(path.join(env, 'cache'));
    expect(homeCacheDir(undefined, {}, user)).toBe(path.join(user, '.alvh', 'cache'));
  });

  it('is null, not an error, where there is no home: none created, none resolvable, an empty --home', () => {
    expect(homeCacheDir(undefined, { ALVH_HOME: path.join(tmp, 'never-made') }, tmp)).toBeNull();
    expect(fs.existsSync(path.join(tmp, 'never-made')), 'nothing created').toBe(false);
    expect(homeCacheDir(undefined, {}, '')).toBeNull();
    expect(homeCacheDir(' ', {}, tmp)).toBeNull();
  });

  it('backtest --chains DIR runs without a home at all (no HOME, no ALVH_HOME): the chain cache is optional', async () => {
    const dir = path.join(tmp, 'chains');
    fs.mkdirSync(dir);
    const s = embeddedChainSnapshots()[0];
    if (s === undefined) throw new Error('no snapshot');
    fs.writeFileSync(path.join(dir, chainFileName('spx', s.date, false)), chainFileText('generic', s.rows));
    vi.stubEnv('HOME', '');
    vi.stubEnv('ALVH_HOME', '');
    expect(os.homedir(), 'the process has no home directory').toBe('');
    const r = await runCli(['backtest', '--from', '2026-01-28', '--to', '2026-02-03', '--chains', dir]);
    expect(r.err).not.toMatch(/--home/);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/none\s+20\.0% of 20/);
  });
});
