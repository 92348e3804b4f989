/** Route tests through hono's app.request(): no port, an in-memory SQLite store, hand-written fakes. */
import { describe, expect, it } from 'vitest';
import { syntheticResult } from '../backtest/fixture.js';
import { toBacktestJson } from '../backtest/summary.js';
import { latestSignal, listSignals, openStore, saveFills, saveHedgeBook } from '../store/index.js';
import { acceptsGzip, authorized, createApp, createDashboard, CSP, FIRST_VIEW_API, FIRST_VIEW_PATHS } from './app.js';
import { backtestView } from './backtestView.js';
import { fakeDeps, fixedClock, storeWithSignals, TOKEN } from './testing/fixtures.js';

const backtest = () => toBacktestJson(syntheticResult());

function setup() {
  const store = storeWithSignals();
  const deps = fakeDeps(store, backtest);
  return { store, deps, app: createApp(deps) };
}

describe('dashboard routes', () => {
  it('GET /api/health answers {ok: true} with the security headers', async () => {
    const { app } = setup();
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('content-security-policy'), 'strict CSP').toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('the CSP allows only the own origin and no inline script or style', () => {
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("style-src 'self'");
    expect(CSP).toContain("frame-ancestors 'none'");
    expect(CSP, 'no inline script').not.toContain('unsafe-inline');
    expect(CSP, 'no eval').not.toContain('unsafe-eval');
    expect(CSP, 'no external origin').not.toMatch(/https?:|\*/);
  });

  it('every response carries the CSP, including the page, assets, 404 and 401', async () => {
    const { app } = setup();
    for (const [path, init, status] of [
      ['/', undefined, 200],
      ['/assets/app.js', undefined, 200],
      ['/assets/uPlot.iife.min.js', undefined, 200],
      ['/nope', undefined, 404],
      ['/api/signal', { method: 'POST' }, 401],
    ] as const) {
      const res = await app.request(path, init);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-security-policy'), path).toBe(CSP);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('the page has no inline script or style and loads its script from the allow-list', async () => {
    const { app } = setup();
    const html = await (await app.request('/')).text();
    expect(html).toMatch(/<script src="\/assets\/app\.js" defer><\/script>/);
    // the one <script> without src is the first view's data block: JSON, never executed
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([^]*?)<\/script>/g)];
    expect(inline.map((m) => m[1]), 'no inline script, one JSON data block').toEqual([' type="application/json" id="first-view"']);
    const data = inline[0]?.[2] ?? '';
    expect(data, 'no < inside: it cannot close the element').not.toContain('<');
    const firstView = JSON.parse(data) as Record<string, { status: number; body: unknown }>;
    expect(Object.keys(firstView).sort(), 'every first-view answer').toEqual([...FIRST_VIEW_API].sort());
    for (const path of FIRST_VIEW_API) {
      const res = await app.request(path);
      expect(firstView[path], `${path}: the API's answer`).toEqual({ status: res.status, body: await res.json() });
    }
    expect(html, 'no <style> element').not.toMatch(/<style/);
    expect(html, 'no style attribute').not.toMatch(/\sstyle=/);
    expect(html, 'no external origin').not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('modelled');
    const js = await app.request('/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('POST /api/signal needs the bearer token: none and wrong are 401, right computes and stores once', async () => {
    const { app, store, deps } = setup();
    const none = await app.request('/api/signal', { method: 'POST' });
    expect(none.status, 'no token').toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    for (const bad of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', TOKEN, `Basic ${TOKEN}`, `bearer ${TOKEN}`, `Bearer  ${TOKEN}`]) {
      const res = await app.request('/api/signal', { method: 'POST', headers: { Authorization: bad } });
      expect(res.status, `wrong token ${JSON.stringify(bad)}`).toBe(401);
    }
    expect(deps.calls.signal, 'nothing computed without the token').toBe(0);
    expect(listSignals(store).length).toBe(2);

    const ok = await app.request('/api/signal', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status, 'stored').toBe(201);
    const body = (await ok.json()) as { status: string; date: string; signal: { hedge: { targetFraction: number } } };
    expect(body.status).toBe('inserted');
    expect(body.date).toBe('2026-01-30');
    expect(body.signal.hedge.targetFraction).toBe(0.3125);
    expect(latestSignal(store)?.date).toBe('2026-01-30');

    const again = await app.request('/api/signal', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(again.status, 'insert-once: the same signal again').toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('existing');
    expect(listSignals(store).length).toBe(3);
  });

  it('other mutating methods also need the token', async () => {
    const { app } = setup();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      expect((await app.request('/api/health', { method })).status, method).toBe(401);
    }
  });

  it('authorized() compares in constant time and accepts only the exact token', () => {
    expect(authorized(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(authorized(undefined, TOKEN)).toBe(false);
    expect(authorized('Bearer', TOKEN)).toBe(false);
    expect(authorized(`Bearer ${TOKEN.toUpperCase()}`, TOKEN)).toBe(false);
  });

  it('refuses a short token', () => {
    const store = openStore(':memory:', fixedClock());
    expect(() => createApp({ ...fakeDeps(store, backtest), token: 'short' })).toThrow(/token/);
  });

  it('path traversal and unknown paths are 404, never a file', async () => {
    const { app } = setup();
    const attempts = [
      '/assets/../package.json',
      '/assets/%2e%2e/package.json',
      '/assets/%2E%2E%2Fpackage.json',
      '/assets/..%2f..%2fetc%2fpasswd',
      '/assets/..\\..\\package.json',
      '/assets/%5c..%5cpackage.json',
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '//etc/passwd',
      '/etc/passwd',
      '/assets//etc/passwd',
      '/assets/app.js/../../src/web/app.ts',
      '/assets/APP.JS',
      '/assets/app.js%00.png',
      '/node_modules/uplot/dist/uPlot.iife.min.js',
      '/src/web/app.ts',
    ];
    for (const p of attempts) {
      const res = await app.request(`http://localhost${p}`);
      expect(res.status, p).toBe(404);
      const text = await res.text();
      expect(text, p).not.toMatch(/"name": "alvh"|root:|import /);
    }
  });

  it('GET /api/signal/latest, /api/signals and /api/book read the store', async () => {
    const { app } = setup();
    const latest = (await (await app.request('/api/signal/latest')).json()) as { date: string; signal: { condor: { contracts: number } } };
    expect(latest.date).toBe('2026-01-29');
    expect(latest.signal.condor.contracts).toBe(7);
    const list = (await (await app.request('/api/signals')).json()) as { signals: { date: string; regime: string; targetFraction: number; signalScore: number }[] };
    expect(list.signals.map((s) => [s.date, s.regime, s.targetFraction])).toEqual([
      ['2026-01-28', 'low', 0.07],
      ['2026-01-29', 'moderate', 0.08],
    ]);
    const book = (await (await app.request('/api/book')).json()) as { date: string; layers: { name: string; contracts: number }[]; stored: unknown };
    expect(book.date).toBe('2026-01-29');
    expect(book.layers.map((l) => [l.name, l.contracts])).toEqual([
      ['L1', 9],
      ['L2', 11],
      ['L3', 0],
    ]);
    expect(book.stored).toBeNull();
  });

  it('GET /api/book says where the live book comes from: the signal as if filled, then recorded fills', async () => {
    const { app, store } = setup();
    const L1 = { layer: 'L1', instrumentKey: 'VIX 2026-04-15 22 C', instrument: { kind: 'vixOption', type: 'call', strike: 22, expiry: '2026-04-15', multiplier: 100 }, qty: 9, entryPrice: 1.5 };
    saveHedgeBook(store, '2026-01-29', [L1]);
    type Live = { stored: { date: string; source: string; fills: number; sets: number; positions: { instrumentKey: string; qty: number }[] } };
    const before = (await (await app.request('/api/book')).json()) as Live;
    expect(before.stored).toMatchObject({ date: '2026-01-29', source: 'signal', fills: 0, sets: 0 });
    expect(before.stored.positions.map((p) => [p.instrumentKey, p.qty])).toEqual([['VIX 2026-04-15 22 C', 9]]);
    saveFills(store, '2026-01-29', [{ line: 5, layer: 'L1', instrumentKey: L1.instrumentKey, instrument: L1.instrument, action: 'BUY_TO_OPEN', orderedQty: 9, filledQty: 7, fillPrice: 1.55, source: 'fills.csv' }]);
    const after = (await (await app.request('/api/book')).json()) as Live;
    expect(after.stored).toMatchObject({ source: 'fills', fills: 1 });
  });

  it('an empty store answers latest = null, not an error', async () => {
    const store = openStore(':memory:', fixedClock());
    const app = createApp(fakeDeps(store, backtest));
    const res = await app.request('/api/signal/latest');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ date: null, createdAtMs: null, signal: null });
  });

  it('GET /api/scenario parses the grid (percent → fraction) and rejects bad input with 400 naming the field', async () => {
    const { app } = setup();
    const r = (await (await app.request('/api/scenario?horizon=5d&spxMoves=-2:1:1&vix=15,30')).json()) as { spxMovesFrac: number[]; vixLevelsPts: number[]; horizon: { days: number } };
    expect(r.spxMovesFrac).toEqual([-0.02, -0.01, 0, 0.01]);
    expect(r.vixLevelsPts).toEqual([15, 30]);
    expect(r.horizon.days).toBe(5);
    for (const [q, field] of [['horizon=tomorrow', 'horizon'], ['spxMoves=1:0:1', 'spxMoves'], ['spxMoves=-1000:1000:0.001', 'spxMoves'], ['vix=abc', 'vix'], ['vix=-5', 'vix']] as const) {
      const res = await app.request(`/api/scenario?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, q).toMatch(new RegExp(`^${field}:`));
    }
  });

  it('GET /api/backtest computes once and caches', async () => {
    const { app, deps } = setup();
    const a = (await (await app.request('/api/backtest')).json()) as { policies: Record<string, { equity: unknown[]; crises: unknown[] }> };
    const b = await (await app.request('/api/backtest')).json();
    expect(Object.keys(a.policies).sort()).toEqual(['alvh', 'none', 'static10', 'vxth']);
    expect(b).toEqual(a);
    expect(deps.calls.backtest, 'computed once').toBe(1);
  });

  it('GET /api/backtest/view is the display view of the same comparison, and warm() prepares the first view', async () => {
    const store = storeWithSignals();
    const deps = fakeDeps(store, () => toBacktestJson(syntheticResult({ days: 2000 })));
    const seen: string[] = [];
    const d = createDashboard({ ...deps, checkHost: (h) => (seen.push(h), h === '127.0.0.1:8787'), logError: (e) => { throw e; } });
    await d.warm('http://127.0.0.1:8787');
    expect(deps.calls.backtest, 'computed during the warm-up').toBe(1);
    expect(seen.length, 'every first-view path went through the app, Host check included (the page asks for its embedded answers too)').toBe(FIRST_VIEW_PATHS.length + FIRST_VIEW_API.length);
    const full = (await (await d.app.request('http://127.0.0.1:8787/api/backtest')).json()) as unknown;
    const view = (await (await d.app.request('http://127.0.0.1:8787/api/backtest/view')).json()) as { sampled: { points: number; days: number } };
    expect(view, 'the view of what /api/backtest serves').toEqual(JSON.parse(JSON.stringify(backtestView(full))));
    expect(view.sampled.days).toBe(2000);
    expect(view.sampled.points).toBeLessThan(2000);
    expect(deps.calls.backtest, 'still once').toBe(1);
  });

  it('engine functions that are not injected answer 501, and an internal error leaks nothing', async () => {
    const store = storeWithSignals();
    const errors: unknown[] = [];
    const app = createApp({ store, token: TOKEN, assets: { uplotJs: '', uplotCss: '', appJs: '' }, backtestJson: () => { throw new Error('secret /home/path'); }, logError: (e) => errors.push(e) });
    expect((await app.request('/api/scenario')).status).toBe(501);
    expect((await app.request('/api/signal', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(501);
    expect((await app.request('/api/backtest/view')).status, 'view: the same error').toBe(500);
    const res = await app.request('/api/backtest');
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret');
    expect(errors.length, 'logged on the server, each time (a failed run is retried)').toBe(2);
  });

  it('a Host check refuses DNS-rebinding requests', async () => {
    const store = storeWithSignals();
    const app = createApp({ ...fakeDeps(store, backtest), checkHost: (h) => h === '127.0.0.1:8787' });
    expect((await app.request('http://127.0.0.1:8787/api/health')).status).toBe(200);
    const res = await app.request('http://evil.example:8787/api/health');
    expect(res.status).toBe(421);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });
});

describe('compression', () => {
  it('reads Accept-Encoding', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('deflate')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('serves the page and its assets gzipped once, identical to the plain answer', async () => {
    const { app } = setup();
    const { gunzipSync } = await import('node:zlib');
    for (const path of ['/', '/assets/app.js', '/api/backtest/view']) {
      const plain = await app.request(path);
      expect(plain.headers.get('content-encoding'), `${path} plain`).toBeNull();
      const gz = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gz.headers.get('content-encoding'), path).toBe('gzip');
      expect(gz.headers.get('vary')).toContain('Accept-Encoding');
      expect(gz.headers.get('content-security-policy')).toBe(CSP);
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'), `${path} round-trips`).toBe(await plain.text());
    }
  });

  it('gzips a large answer when the client accepts it, and it round-trips', async () => {
    const { app } = setup();
    const plain = await (await app.request('/api/backtest')).text();
    const res = await app.request('/api/backtest', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const { gunzipSync } = await import('node:zlib');
    const body = gunzipSync(Buffer.from(await res.arrayBuffer()));
    expect(body.toString('utf8')).toBe(plain);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });
});
