/**
 * The dashboard's HTTP app (hono). It reads the store and calls the engine through
 * functions the CLI injects (the web layer never imports the engine): today's signal,
 * the scenario grid, the backtest comparison.
 *
 * Security model:
 * - every mutating request (POST …) needs `Authorization: Bearer TOKEN`, compared in
 *   constant time (SHA-256 of both sides, then timingSafeEqual);
 * - every response carries a strict Content-Security-Policy (same origin only, no inline
 *   script or style), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
 *   `X-Frame-Options: DENY`;
 * - static files come only from an allow-list map keyed by the exact request path,
 *   never from a file path built from user input: anything else is a 404;
 * - an optional Host check (`checkHost`) refuses DNS-rebinding requests.
 */
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { createHash, timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { DomainError } from '../core/errors.js';
import { getHedgeBook, hedgeBookSource, latestSignal, listSignals, type StoredSignal, type Store } from '../store/index.js';
import { dashboardCss, dashboardHtml } from './page.js';
import { CLIENT_JS } from './client.js';
import { parseHorizon, parseSpxMovesPct, parseVixLevels, parseVixScale, type HorizonSpec } from './params.js';
import { backtestView } from './backtestView.js';

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const JSON_TYPE = 'application/json';

export interface ScenarioQuery {
  horizon: HorizonSpec;
  /** SPX moves as fractions (null: the default grid). */
  spxMovesFrac: number[] | null;
  /** VIX levels in points (null: the default grid, or `vixScale`). */
  vixLevelsPts: number[] | null;
  /** VIX levels as multiples of today's VIX (rounded to cents; null: `vixLevelsPts`). */
  vixScale: number[] | null;
}

/** Static files the CLI hands over (the chart library read from node_modules). */
export interface WebAssets {
  uplotJs: string;
  uplotCss: string;
}

export interface WebDeps {
  store: Store;
  /** The bearer token of mutating requests (non-empty). */
  token: string;
  assets: WebAssets;
  /** Computes and stores today's signal (insert-once); returns what the store holds. */
  computeSignal?: () => Promise<{ status: 'inserted' | 'existing' | 'revised'; signal: StoredSignal }> | { status: 'inserted' | 'existing' | 'revised'; signal: StoredSignal };
  /** The scenario grid for the book of the latest stored signal. */
  runScenario?: (q: ScenarioQuery) => Promise<unknown> | unknown;
  /**
   * The backtest comparison (`alvh backtest --json` shape); called once, then kept as the
   * serialized answers of `/api/backtest` and `/api/backtest/view`.
   */
  backtestJson?: () => Promise<unknown> | unknown;
  /** Returns false for a Host header the server does not answer to (DNS rebinding). */
  checkHost?: (host: string) => boolean;
  /** Where unexpected errors are reported (default: stderr). */
  logError?: (err: unknown) => void;
}


function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time check of an `Authorization` header against the token. */
export function authorized(header: string | undefined, token: string): boolean {
  const m = header === undefined ? null : /^Bearer ([^\s]+)$/.exec(header);
  const given = m?.[1] ?? '';
  // compare digests so that neither the length nor the content leaks through timing
  const ok = timingSafeEqual(digest(given), digest(token));
  return ok && given.length > 0;
}

/** The signal history as the dashboard shows it: one row per stored signal. */
export function signalRow(s: StoredSignal): Record<string, unknown> {
  const p = (s.payload ?? {}) as Record<string, unknown>;
  const condor = (p['condor'] ?? {}) as Record<string, unknown>;
  const hedge = (p['hedge'] ?? {}) as Record<string, unknown>;
  const inputs = (p['inputs'] ?? {}) as Record<string, unknown>;
  const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  return {
    date: s.date,
    regime: typeof p['regime'] === 'string' ? p['regime'] : null,
    spxClose: num(inputs['spxClose']),
    vixClose: num(inputs['vixClose']),
    contracts: num(condor['contracts']),
    creditPerContract: num(condor['creditPerContract']),
    maxLossPerContract: num(condor['maxLossPerContract']),
    targetFraction: num(hedge['targetFraction']),
    signalScore: num(hedge['signalScore']),
    policy: typeof hedge['policy'] === 'string' ? hedge['policy'] : null,
  };
}

/**
 * The API answers of the page's first view, exactly as the page script asks for them: the
 * page embeds them (see `dashboardHtml`), and the script fetches only what is not there.
 */
export const FIRST_VIEW_API = [
  '/api/signal/latest',
  '/api/book',
  '/api/signals',
  '/api/backtest/view',
  '/api/scenario?horizon=today',
  '/api/scenario?horizon=expiry&spxMoves=-10:5:0.25&vixScale=1,1.5,2.5',
] as const;

/** The GET requests of the page's first view (warmed up before a server says it is ready). */
export const FIRST_VIEW_PATHS = ['/', '/assets/app.js', '/assets/app.css', '/assets/uPlot.iife.min.js', '/assets/uPlot.min.css', ...FIRST_VIEW_API] as const;

export interface Dashboard {
  readonly app: Hono;
  /**
   * Prepares every answer of the first view: the backtest answers (serialized once) and one
   * pass over `FIRST_VIEW_PATHS` through the app (`origin`: the server's `http://HOST:PORT`,
   * so that the Host check passes), which also builds the scenario's day model.
   */
  warm(origin: string): Promise<void>;
}

export function createApp(deps: WebDeps): Hono {
  return createDashboard(deps).app;
}

/** An answer prepared once: its body and, for clients that accept it, the body gzipped once (on first use). */
interface Prepared {
  type: string;
  body: string;
  gzip(): Uint8Array;
}

function prepare(type: string, body: string): Prepared {
  let gz: Uint8Array | null = null;
  return {
    type,
    body,
    gzip: () => (gz ??= gzipSync(body)),
  };
}

/** True when `Accept-Encoding` allows gzip (listed without q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Answers a prepared body, gzipped when the client accepts it (the compress middleware then leaves it alone). */
function sendPrepared(c: Context, p: Prepared, cacheControl?: string): Response {
  const headers: Record<string, string> = { 'Content-Type': p.type, Vary: 'Accept-Encoding' };
  if (cacheControl !== undefined) headers['Cache-Control'] = cacheControl;
  if (acceptsGzip(c.req.header('accept-encoding'))) return c.body(p.gzip() as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': 'gzip' });
  return c.body(p.body, 200, headers);
}

/** Serialized backtest answers: the full JSON and the display view. */
interface BacktestAnswers {
  full: Prepared;
  view: Prepared;
}

export function createDashboard(deps: WebDeps): Dashboard {
  if (deps.token.length < 16) throw new DomainError('invalid_input', 'token: must be at least 16 characters');
  const app = new Hono();
  const files = new Map<string, Prepared>([
    ['/assets/app.js', prepare('text/javascript; charset=utf-8', CLIENT_JS)],
    ['/assets/app.css', prepare('text/css; charset=utf-8', dashboardCss())],
    ['/assets/uPlot.iife.min.js', prepare('text/javascript; charset=utf-8', deps.assets.uplotJs)],
    ['/assets/uPlot.min.css', prepare('text/css; charset=utf-8', deps.assets.uplotCss)],
  ]);
  let backtest: Promise<BacktestAnswers> | null = null;
  const backtestAnswers = (get: () => Promise<unknown> | unknown): Promise<BacktestAnswers> => {
    backtest ??= Promise.resolve()
      .then(get)
      .then((j) => ({ full: prepare(JSON_TYPE, JSON.stringify(j)), view: prepare(JSON_TYPE, JSON.stringify(backtestView(j))) }));
    return backtest.catch((err: unknown) => {
      backtest = null; // a failed run is retried on the next request
      throw err;
    });
  };

  app.use('*', async (c, next) => {
    if (deps.checkHost !== undefined && !deps.checkHost(c.req.header('host') ?? new URL(c.req.url).host)) {
      c.res = c.json({ error: { code: 'bad_host', message: 'unexpected Host header' } }, 421);
    } else await next();
    c.res.headers.set('Content-Security-Policy', CSP);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    c.res.headers.set('X-Frame-Options', 'DENY');
    c.res.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.use('*', compress());

  // Mutating requests: the bearer token, before anything else runs.
  app.use('*', async (c, next) => {
    const m = c.req.method;
    if (m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS' && !authorized(c.req.header('authorization'), deps.token)) {
      return c.json({ error: { code: 'unauthorized', message: 'this request needs Authorization: Bearer TOKEN (printed by alvh serve)' } }, 401, {
        'WWW-Authenticate': 'Bearer realm="alvh"',
      });
    }
    await next();
    return;
  });

  app.get('/api/health', (c) => c.json({ ok: true }));

  app.get('/api/signal/latest', (c) => {
    const s = latestSignal(deps.store);
    // no signal yet is an answer, not an error: {date: null, signal: null}
    if (s === null) return c.json({ date: null, createdAtMs: null, signal: null });
    return c.json({ date: s.date, createdAtMs: s.createdAtMs, signal: s.payload });
  });

  app.get('/api/signals', (c) => c.json({ signals: listSignals(deps.store).map(signalRow) }));

  app.post('/api/signal', async (c) => {
    if (deps.computeSignal === undefined) return notAvailable(c, 'computing a signal');
    const r = await deps.computeSignal();
    return c.json({ status: r.status, date: r.signal.date, signal: r.signal.payload }, r.status === 'inserted' ? 201 : 200);
  });

  /** The live book and where it comes from (a signal as if its ticket filled, recorded fills, or set by hand). */
  const liveBook = (store: Store, b: NonNullable<ReturnType<typeof getHedgeBook>>): unknown => {
    const src = hedgeBookSource(store, b);
    return { date: b.date, positions: b.positions, source: src.code, fills: src.fills, sets: src.sets };
  };
  app.get('/api/book', (c) => {
    const s = latestSignal(deps.store);
    const p = (s?.payload ?? null) as { condor?: unknown; hedge?: { layers?: unknown; policy?: unknown } } | null;
    const stored = getHedgeBook(deps.store);
    return c.json({
      date: s?.date ?? null,
      condor: p?.condor ?? null,
      policy: p?.hedge?.policy ?? null,
      layers: p?.hedge?.layers ?? [],
      stored: stored === null ? null : liveBook(deps.store, stored),
    });
  });

  app.get('/api/scenario', async (c) => {
    if (deps.runScenario === undefined) return notAvailable(c, 'scenario analysis');
    const h = c.req.query('horizon');
    const moves = c.req.query('spxMoves');
    const vix = c.req.query('vix');
    const scale = c.req.query('vixScale');
    if (vix !== undefined && scale !== undefined) throw new DomainError('invalid_input', 'vixScale: give vix (levels) or vixScale (multiples of today\'s VIX), not both');
    const q: ScenarioQuery = {
      horizon: h === undefined ? { kind: 'today' } : parseHorizon('horizon', h),
      spxMovesFrac: moves === undefined ? null : parseSpxMovesPct('spxMoves', moves),
      vixLevelsPts: vix === undefined ? null : parseVixLevels('vix', vix),
      vixScale: scale === undefined ? null : parseVixScale('vixScale', scale),
    };
    return c.json(await deps.runScenario(q));
  });

  // The full comparison (daily equity of every policy) and the view the page draws.
  app.get('/api/backtest', async (c) => {
    if (deps.backtestJson === undefined) return notAvailable(c, 'the backtest comparison');
    return sendPrepared(c, (await backtestAnswers(deps.backtestJson)).full);
  });
  app.get('/api/backtest/view', async (c) => {
    if (deps.backtestJson === undefined) return notAvailable(c, 'the backtest comparison');
    return sendPrepared(c, (await backtestAnswers(deps.backtestJson)).view);
  });

  // The page, with the first view's API answers embedded: each one is the answer of the same
  // request through this app (same routes, same serialization), status included.
  app.get('/', async (c) => {
    const parts: string[] = [];
    for (const path of FIRST_VIEW_API) {
      const res = await app.fetch(new Request(new URL(path, c.req.url), { headers: { host: c.req.header('host') ?? new URL(c.req.url).host } }));
      const text = await res.text();
      if (res.headers.get('content-type')?.startsWith(JSON_TYPE) === true) parts.push(`${JSON.stringify(path)}:{"status":${res.status},"body":${text}}`);
    }
    return c.html(dashboardHtml(`{${parts.join(',')}}`));
  });

  app.get('*', (c) => {
    const f = files.get(c.req.path);
    if (f === undefined) return c.json({ error: { code: 'not_found', message: 'not found' } }, 404);
    return sendPrepared(c, f, 'no-cache');
  });

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'not found' } }, 404));

  app.onError((err, c) => {
    if (err instanceof DomainError && err.code !== 'invariant') return c.json({ error: { code: err.code, message: err.message } }, 400);
    (deps.logError ?? defaultLogError)(err);
    return c.json({ error: { code: 'internal', message: 'internal error (see the server log)' } }, 500);
  });

  const warm = async (origin: string): Promise<void> => {
    // a failure is answered (and logged) by the route below, and retried on the next request
    if (deps.backtestJson !== undefined) await backtestAnswers(deps.backtestJson).catch(() => undefined);
    for (const path of FIRST_VIEW_PATHS) {
      const res = await app.fetch(new Request(`${origin}${path}`, { headers: { 'Accept-Encoding': 'gzip' } }));
      await res.arrayBuffer();
    }
  };
  return { app, warm };
}

function defaultLogError(err: unknown): void {
  process.stderr.write(`alvh serve: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
}

function notAvailable(c: Context, what: string): Response {
  return c.json({ error: { code: 'not_available', message: `${what} is not available in this server` } }, 501);
}
