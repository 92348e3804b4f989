/**
 * `alvh serve`: the dashboard. Composes the web app with the store, the chart library and
 * the engine functions (the web layer imports none of them itself), then listens.
 */
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import { systemClock, type IsoDate } from '../../core/time.js';
import { closeStore, getHedgeBook, hedgeBookSource, latestSignal, marketDataVersion, openStore, storePath, type Store, type StoredSignal } from '../../store/index.js';
import type { MarketData } from '../../market/types.js';
import { homeMarketData } from '../market.js';
import { defaultBacktestJson } from '../engineWiring.js';
import { defaultBacktestKey, readOrComputeBacktest } from '../backtestCache.js';
import { DEFAULT_CALIBRATION, dayModel } from '../../portfolio/marketModel.js';
import { defaultSignalSettings, publishDailySignal } from '../publishSignal.js';
import { createDashboard, startServer, vixLevelsFromScale, type RunningServer, type ScenarioQuery, type WebDeps } from '../../web/index.js';
import { addHomeOption, homeDir } from '../home.js';
import { int } from '../options.js';
import { loadChartAssets, loadClientScript } from '../report-assets.js';
import { storedSignalBook } from '../scenarioBook.js';
import { lastVixClose, scenarioOnDay } from './scenario.js';
import { tradingDayIndex } from '../../market/series.js';

export interface ServeFlags {
  host?: string;
  port?: string;
  home?: string;
  backtest?: string;
}

export interface Dashboard {
  readonly server: RunningServer;
  readonly store: Store;
  readonly token: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The Host headers a server bound to `host:port` answers to (DNS-rebinding guard). */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = LOOPBACK.has(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  return new Set(names.map((n) => `${n}:${port}`));
}

/** The server's market data: the embedded data with the store's updates, reloaded when `alvh data update` writes rows. */
export type MarketDataOf = () => MarketData;

export function storeMarketData(store: Store, home: string): MarketDataOf {
  let version: string | null = null;
  let data: MarketData | null = null;
  return () => {
    const v = marketDataVersion(store);
    if (data === null || v !== version) {
      data = homeMarketData(home, systemClock, { writesHome: true, store });
      version = v;
    }
    return data;
  };
}

/**
 * The scenario of the latest stored signal's book (the live book's hedge when fills were
 * recorded for its date), priced by the market model of its date.
 */
export function scenarioFromStore(store: Store, q: ScenarioQuery, data: MarketData): unknown {
  const s = latestSignal(store);
  if (s === null) throw new InputError('signal', 'no signal stored yet: compute one first');
  return scenarioOfSignal(store, s, q, data);
}

function scenarioOfSignal(store: Store, s: StoredSignal, q: ScenarioQuery, data: MarketData): unknown {
  const { book, note } = storedSignalBook(store, s, data);
  let vixLevelsPts = q.vixLevelsPts;
  if (q.vixScale !== null) {
    // multiples of the VIX close the scenario takes as today's (the last one on or before the date)
    const v = lastVixClose(data, tradingDayIndex(data.daily, s.date as IsoDate, 'date'));
    if (v === null) throw new InputError('vixScale', `no VIX close on or before ${s.date}`);
    vixLevelsPts = vixLevelsFromScale(v.value, q.vixScale);
  }
  const r = scenarioOnDay(data, s.date as IsoDate, book, { spxMovesFrac: q.spxMovesFrac, vixLevelsPts }, q.horizon);
  return note === null ? r : { ...r, notes: [note, ...r.notes] };
}

/**
 * `scenarioFromStore` with the last `size` answers kept, keyed by the stored signal (date and
 * creation time: a new signal is a new key), the live book of its date (recorded fills change
 * the hedge), the market data's version and the query.
 */
export function memoScenarios(store: Store, dataOf: MarketDataOf, size = 32): (q: ScenarioQuery) => unknown {
  const memo = new Map<string, unknown>();
  return (q) => {
    const s = latestSignal(store);
    if (s === null) throw new InputError('signal', 'no signal stored yet: compute one first');
    const live = getHedgeBook(store, s.date);
    const key = JSON.stringify([s.date, s.createdAtMs, live?.date ?? null, live?.positions ?? null, hedgeBookSource(store, live).code, marketDataVersion(store), q]);
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const r = scenarioOfSignal(store, s, q, dataOf());
    memo.set(key, r);
    if (memo.size > size) memo.delete(memo.keys().next().value as string);
    return r;
  };
}

/**
 * The engine work of the first view, done before the server says it is ready: the data set,
 * the market model of the last data day (the scenario panels price on it), and the default
 * backtest comparison, read from `HOME/cache` or computed and cached there.
 */
export function warmEngine(home: string, dataOf: MarketDataOf, withBacktest: boolean, print: (line: string) => void, clockMs: () => number = () => performance.now()): (() => unknown) | null {
  // the embedded data (through the parsed copy in HOME/cache) with the store's updates
  const data = dataOf();
  dayModel(data, data.daily.n - 1, DEFAULT_CALIBRATION);
  if (!withBacktest) return null;
  const t0 = clockMs();
  let bt: ReturnType<typeof readOrComputeBacktest>;
  try {
    bt = readOrComputeBacktest(home, defaultBacktestKey(), defaultBacktestJson);
  } catch (e) {
    // the page's backtest panel shows the error (and a later view retries)
    print(`backtest comparison: failed at start (${e instanceof Error ? e.message : String(e)})`);
    return defaultBacktestJson;
  }
  if (bt.source === 'cache') print(`backtest comparison: read from ${bt.path}`);
  else {
    const s = ((clockMs() - t0) / 1000).toFixed(1);
    print(`backtest comparison: computed in ${s} s, ${bt.writeError === undefined ? `cached in ${bt.path}` : `not cached (${bt.writeError})`}`);
  }
  return () => bt.json;
}

/** Starts the dashboard; `print` receives the lines for the terminal. */
export async function startDashboard(flags: ServeFlags, env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<Dashboard> {
  const host = flags.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new InputError('--host', `not a host name or address: "${host}"`);
  const port = flags.port === undefined ? 8787 : int('--port', flags.port, 0);
  if (port > 65535) throw new InputError('--port', `must be in 0..65535, got ${port}`);
  const envToken = env['ALVH_TOKEN'];
  if (envToken !== undefined && envToken !== '' && (envToken.length < 16 || /\s/.test(envToken))) {
    throw new InputError('ALVH_TOKEN', 'must be at least 16 characters without spaces');
  }
  const token = envToken !== undefined && envToken !== '' ? envToken : randomBytes(32).toString('base64url');
  let backtestFile: unknown = undefined;
  if (flags.backtest !== undefined) {
    try {
      backtestFile = JSON.parse(readFileSync(flags.backtest, 'utf8')) as unknown;
    } catch (e) {
      throw new InputError('--backtest', `cannot read "${flags.backtest}" as JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof backtestFile !== 'object' || backtestFile === null || !('policies' in backtestFile)) {
      throw new InputError('--backtest', `${flags.backtest} is not the output of alvh backtest --json (no "policies")`);
    }
  }
  const home = homeDir(flags.home, env);
  const store = openStore(storePath(home), systemClock);
  const dataOf = storeMarketData(store, home);
  const assets = loadChartAssets();
  let bound = port;
  const deps: WebDeps = {
    store,
    token,
    assets: { uplotJs: assets.js, uplotCss: assets.css, appJs: loadClientScript('dashboard') },
    runScenario: memoScenarios(store, dataOf),
    computeSignal: () => {
      // The same publication as `alvh signal`: the last day of the data with the store's
      // updates; the signal, its order ticket and the live book, once per date.
      const data = dataOf();
      const day = data.daily.dates[data.daily.n - 1];
      if (day === undefined) throw new InputError('data', 'the data set is empty');
      return publishDailySignal(store, data, day, defaultSignalSettings());
    },
    checkHost: (h) => allowedHosts(host, bound).has(h),
    backtestJson: () => backtestFile,
  };
  let server: RunningServer;
  try {
    const computed = warmEngine(home, dataOf, backtestFile === undefined, print);
    if (computed !== null) deps.backtestJson = computed;
  } catch (e) {
    closeStore(store);
    throw e;
  }
  const dashboard = createDashboard(deps);
  try {
    server = await startServer(dashboard.app, { host, port });
  } catch (e) {
    closeStore(store);
    throw new InputError('--port', `cannot listen on ${host}:${port}: ${e instanceof Error ? e.message : String(e)}`);
  }
  bound = server.port;
  // every answer of the first view prepared before "listening" is printed
  await dashboard.warm(server.url);
  if (envToken === undefined || envToken === '') print(`token (for POST requests, shown once): ${token}`);
  print(`listening on ${server.url}`);
  if (!LOOPBACK.has(host)) print(`warning: listening on ${host}, not only on this machine; anyone who can reach it can read the dashboard`);
  return {
    server,
    store,
    token,
    close: async () => {
      await server.close();
      closeStore(store);
    },
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('serve')
    .description("The dashboard: today's signal, scenarios, the hedge book, history and the backtest comparison, on a local web page.")
    .option('--host <host>', 'address to bind (default 127.0.0.1: this machine only)')
    .option('--port <n>', 'TCP port (default 8787; 0 picks a free one)')
    .option('--backtest <file>', 'the JSON written by alvh backtest --json, shown in the backtest panel (default: the default backtest, read from HOME/cache or computed at start and cached there)');
  addHomeOption(cmd)
    .addHelpText(
      'after',
      `
Examples:
  alvh serve
  ALVH_TOKEN=$(openssl rand -hex 24) alvh serve --port 9000 --backtest bt.json

Prints "listening on http://HOST:PORT" when ready: the data set, today's market model and
the backtest comparison are prepared before that line (the default comparison is cached in
HOME/cache/backtest-KEY.json, keyed by the alvh version, the data, the policies and the
settings; delete the file to recompute it). Mutating requests (POST /api/signal)
need "Authorization: Bearer TOKEN": the token is $ALVH_TOKEN, else a random one printed
once at start. Every response carries a strict Content-Security-Policy.`,
    )
    .action(async (flags: ServeFlags) => {
      const d = await startDashboard(flags, process.env, (line) => process.stdout.write(`${line}\n`));
      const stop = (): void => {
        void d.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
