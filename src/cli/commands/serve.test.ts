import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveSignalOnce } from '../../store/index.js';
import type { ScenarioResult } from '../../engine/scenario.js';
import { fakeSignal } from '../../web/testing/fixtures.js';
import { syntheticResult } from '../../backtest/fixture.js';
import { toBacktestJson } from '../../backtest/summary.js';
import { allowedHosts, memoScenarios, startDashboard } from './serve.js';
import { embedded } from '../testing/engine.js';
import { closeStore, openStore } from '../../store/index.js';
import { fixedClock } from '../../web/testing/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alvh serve', () => {
  it('prints the token once and the URL, answers health, guards POST, and prices the stored book with the market model', async () => {
    const lines: string[] = [];
    const d = await startDashboard({ port: '0', home: join(dir, 'home') }, {}, (l) => lines.push(l));
    let full: string;
    try {
      const cached = /^backtest comparison: computed in \d+\.\d s, cached in (.*\/home\/cache\/backtest-[0-9a-f]{32}\.json)$/.exec(lines[0] ?? '');
      expect(cached, `the default comparison is computed at start and cached: ${lines[0]}`).not.toBeNull();
      expect(existsSync(cached?.[1] ?? ''), 'cache file').toBe(true);
      expect(lines[1]).toMatch(/^token \(for POST requests, shown once\): [A-Za-z0-9_-]{43}$/);
      expect(lines[2]).toBe(`listening on http://127.0.0.1:${d.server.port}`);
      full = await (await fetch(`${d.server.url}/api/backtest`)).text();
      const j = JSON.parse(full) as { policies: Record<string, { equity: [string, number][] }> };
      expect(Object.keys(j.policies), 'the four default policies').toEqual(['alvh', 'static10', 'vxth', 'none']);
      const view = (await (await fetch(`${d.server.url}/api/backtest/view`)).json()) as { sampled: { days: number; points: number }; dates: string[] };
      expect(view.sampled.days, 'the view samples the whole history').toBe(j.policies['alvh']?.equity.length);
      expect(view.dates.length).toBe(view.sampled.points);
      expect(d.server.port > 0).toBe(true);
      const health = await fetch(`${d.server.url}/api/health`);
      expect(await health.json()).toEqual({ ok: true });
      expect(health.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect((await fetch(`${d.server.url}/api/signal`, { method: 'POST' })).status).toBe(401);
      const noSignal = await fetch(`${d.server.url}/api/scenario`);
      expect(noSignal.status, 'no stored signal yet').toBe(400);

      saveSignalOnce(d.store, '2026-01-30', fakeSignal('2026-01-30'));
      const r = (await (await fetch(`${d.server.url}/api/scenario?horizon=expiry&spxMoves=0&vix=17.44`)).json()) as ScenarioResult;
      expect(r.spot, 'SPX close of 2026-01-30 in the embedded data').toBe(6939.03);
      expect(r.horizon.date).toBe('2026-02-02');
      // at expiry, no move: the condor (7 × 6750/6800/7040/7090) expires worthless and keeps its mark
      expect(r.condorPnlUsd[0]?.[0]).toBeCloseTo(-r.baseline.condorUsd, 6);
      expect(Object.keys(r.hedgePnlByLayerUsd).sort()).toEqual(['L1', 'L2']);
      // the payoff's VIX levels as multiples of the day's VIX close (17.44): the same answer as the explicit levels
      const scaled = (await (await fetch(`${d.server.url}/api/scenario?horizon=expiry&spxMoves=-2,0&vixScale=1,1.5,2.5`)).json()) as ScenarioResult;
      expect(scaled.vixLevelsPts).toEqual([17.44, 26.16, 43.6]);
      const explicit = (await (await fetch(`${d.server.url}/api/scenario?horizon=expiry&spxMoves=-2,0&vix=17.44,26.16,43.6`)).json()) as ScenarioResult;
      expect(scaled.totalPnlUsd).toEqual(explicit.totalPnlUsd);
      expect((await fetch(`${d.server.url}/api/scenario?vix=20&vixScale=1`)).status, 'not both').toBe(400);
    } finally {
      await d.close();
    }
    // a second start on the same home reads the cached comparison
    const again: string[] = [];
    const d2 = await startDashboard({ port: '0', home: join(dir, 'home') }, {}, (l) => again.push(l));
    try {
      expect(again[0]).toMatch(/^backtest comparison: read from .*\/home\/cache\/backtest-[0-9a-f]{32}\.json$/);
      expect(await (await fetch(`${d2.server.url}/api/backtest`)).text(), 'the same comparison').toBe(full);
    } finally {
      await d2.close();
    }
  });

  it('uses $ALVH_TOKEN without printing it, and refuses a short one', async () => {
    const lines: string[] = [];
    const token = 'env-token-0123456789';
    const bt = join(dir, 'bt-small.json');
    writeFileSync(bt, JSON.stringify(toBacktestJson(syntheticResult())));
    const d = await startDashboard({ port: '0', home: join(dir, 'home2'), backtest: bt }, { ALVH_TOKEN: token }, (l) => lines.push(l));
    try {
      expect(lines.join('\n')).not.toContain(token);
      expect(lines).toEqual([`listening on ${d.server.url}`]);
      const res = await fetch(`${d.server.url}/api/signal`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      expect(res.status, "authorized: the engine's signal of the last data day is computed and stored").toBe(201);
      const body = (await res.json()) as { status: string; date: string; signal: { date: string; condor: unknown; hedge: { policy: string; targetFraction: number } } };
      expect(body.status).toBe('inserted');
      expect(body.signal.date).toBe(body.date);
      expect(body.signal.hedge.policy).toBe('alvh');
      const latest = (await (await fetch(`${d.server.url}/api/signal/latest`)).json()) as { date: string; signal: unknown };
      expect(latest.date).toBe(body.date);
      expect(latest.signal, 'the stored signal is what was returned').toEqual(body.signal);
      expect((body.signal as { ticket?: { pricesModelled?: boolean } }).ticket?.pricesModelled, 'published with its order ticket, as by alvh signal').toBe(true);
      const book = (await (await fetch(`${d.server.url}/api/book`)).json()) as { stored: { date: string } | null };
      expect(book.stored?.date, 'the live hedge book is recorded with the signal').toBe(body.date);
      const again = await fetch(`${d.server.url}/api/signal`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      expect(again.status, 'insert-once').toBe(200);
      const scen = await fetch(`${d.server.url}/api/scenario?horizon=today&spxMoves=0&vix=20`);
      expect(scen.status, `the stored signal is a valid book: ${await scen.clone().text()}`).toBe(200);
      const given = (await (await fetch(`${d.server.url}/api/backtest`)).json()) as { policies: Record<string, unknown> };
      expect(Object.keys(given.policies), 'the --backtest file is served as it is').toEqual(['none', 'static10', 'alvh', 'vxth']);
      const cached = existsSync(join(dir, 'home2', 'cache')) ? readdirSync(join(dir, 'home2', 'cache')) : [];
      expect(cached.filter((f) => f.startsWith('backtest-')), 'no comparison cached with --backtest').toEqual([]);
    } finally {
      await d.close();
    }
    await expect(startDashboard({ port: '0', home: join(dir, 'h3') }, { ALVH_TOKEN: 'short' }, () => {})).rejects.toThrow(/^ALVH_TOKEN:/);
  });

  it('rejects bad flags naming them', async () => {
    await expect(startDashboard({ port: '70000', home: dir }, {}, () => {})).rejects.toThrow(/^--port:/);
    await expect(startDashboard({ host: 'a b', home: dir }, {}, () => {})).rejects.toThrow(/^--host:/);
    const notBt = join(dir, 'bt.json');
    writeFileSync(notBt, '{"x": 1}');
    await expect(startDashboard({ port: '0', home: dir, backtest: notBt }, {}, () => {})).rejects.toThrow(/^--backtest:/);
  });

  it('keeps scenario answers per stored signal and query', () => {
    const store = openStore(':memory:', fixedClock(1_000));
    try {
      const run = memoScenarios(store, () => embedded(), 2);
      const q = { horizon: { kind: 'today' as const }, spxMovesFrac: [0], vixLevelsPts: [20], vixScale: null };
      expect(() => run(q), 'no signal yet').toThrow(/^signal:/);
      saveSignalOnce(store, '2026-01-29', fakeSignal('2026-01-29'));
      const a = run(q) as ScenarioResult;
      expect(run({ ...q }), 'the same answer for the same signal and query').toBe(a);
      expect(a.date).toBe('2026-01-29');
      saveSignalOnce(store, '2026-01-30', fakeSignal('2026-01-30'));
      const b = run(q) as ScenarioResult;
      expect(b.date, 'a new signal is a new key').toBe('2026-01-30');
      run({ ...q, vixLevelsPts: [30] });
      run({ ...q, vixLevelsPts: [40] });
      expect(run(q), 'evicted after two newer answers: computed again, equal').not.toBe(b);
      expect(run(q)).toEqual(b);
    } finally {
      closeStore(store);
    }
  });

  it('answers only to its own Host names', () => {
    expect([...allowedHosts('127.0.0.1', 8787)]).toEqual(['127.0.0.1:8787', 'localhost:8787', '[::1]:8787']);
    expect(allowedHosts('192.168.1.5', 80).has('evil.example:80')).toBe(false);
  });
});
