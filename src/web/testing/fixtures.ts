/** Hand-written fakes for the dashboard tests: a store with signals, a scenario, a backtest. */
import { isoDate, type Clock, type IsoDate } from '../../core/time.js';
import { openStore, saveSignalOnce, type Store } from '../../store/index.js';
import type { WebAssets, WebDeps } from '../app.js';
import { vixLevelsFromScale } from '../params.js';

export const TOKEN = 'test-token-0123456789abcdef';

export function fixedClock(ms = Date.UTC(2026, 0, 30, 21)): Clock {
  return { nowMs: () => ms };
}

/** A signal of the DESIGN §6 shape. */
export function fakeSignal(date: string, over: { regime?: string; targetFraction?: number; signalScore?: number; contracts?: number; credit?: number } = {}): Record<string, unknown> {
  const contracts = over.contracts ?? 7;
  return {
    date,
    regime: over.regime ?? 'moderate',
    inputs: { spxClose: 6939.03, vixClose: 17.44, vixRsi14: 55.1, spxMacdHist: -1.2, breadthDivergence: 0.3, tradingDaysToNextEvent: 4 },
    condor: {
      status: 'opened',
      reason: null,
      expiration: '2026-02-02',
      legs: [
        { type: 'put', strike: 6750, qty: contracts },
        { type: 'put', strike: 6800, qty: -contracts },
        { type: 'call', strike: 7040, qty: -contracts },
        { type: 'call', strike: 7090, qty: contracts },
      ],
      contracts,
      creditPerContract: over.credit ?? 412.35,
      maxLossPerContract: 5000 - (over.credit ?? 412.35),
      breakevens: { lower: 6795.88, upper: 7044.12 },
    },
    hedge: {
      policy: 'alvh',
      basis: 'deltaNotional',
      targetFraction: over.targetFraction ?? 0.1425,
      signalScore: over.signalScore ?? 0.375,
      layers: [
        { name: 'L1', instrument: 'vixCall', position: 'long VIX 2026-04-15 22 call', expiration: '2026-04-15', strike: 22, contracts: 9, exposure: 0.0861, targetFraction: 0.0855, cost: 3105.5, action: 'hold' },
        { name: 'L2', instrument: 'vixCall', position: 'long VIX 2026-02-18 20 call', expiration: '2026-02-18', strike: 20, contracts: 11, exposure: 0.0566, targetFraction: 0.057, cost: 1210.0, action: 'open' },
        { name: 'L3', instrument: 'vixCallCalendar', position: null, expiration: null, strike: null, contracts: 0, exposure: 0, targetFraction: 0, cost: 0, action: 'none' },
      ],
      rationale: ['VIX 17.44 closed in the moderate regime (15–25).', 'Signal score 0.375 puts the target at 14.25% of notional.'],
    },
  };
}

export function storeWithSignals(dates: readonly string[] = ['2026-01-28', '2026-01-29']): Store {
  const store = openStore(':memory:', fixedClock());
  dates.forEach((d, i) => saveSignalOnce(store, d, fakeSignal(d, { regime: i % 2 === 0 ? 'low' : 'moderate', targetFraction: 0.07 + 0.01 * i, signalScore: 0.2 + 0.1 * i })));
  return store;
}

export const fakeAssets: WebAssets = { uplotJs: '/* uPlot */', uplotCss: '/* uPlot css */', appJs: '/* app */' };

/** A scenario of the runScenario shape: P&L = 100·move% + 50·(VIX − 17). */
export function fakeScenario(moves: number[] | null, vix: number[] | null, horizonDays: number): Record<string, unknown> {
  const m = moves ?? [-0.1, -0.05, 0, 0.05];
  const v = vix ?? [12, 17, 30, 80];
  const grid = (f: (mv: number, vx: number) => number): number[][] => v.map((vx) => m.map((mv) => f(mv, vx)));
  const condor = grid((mv) => (Math.abs(mv) > 0.02 ? -20_000 : 2_800));
  const hedge = grid((_mv, vx) => 500 * (vx - 17.44));
  return {
    date: '2026-01-30',
    horizon: { kind: horizonDays === 0 ? 'today' : 'days', days: horizonDays, date: '2026-01-30' },
    spot: 6939.03,
    vixPts: 17.44,
    spxMovesFrac: m,
    vixLevelsPts: v,
    baseline: { condorUsd: -2800, hedgeUsd: 4315.5 },
    condorPnlUsd: condor,
    hedgePnlUsd: hedge,
    totalPnlUsd: condor.map((r, i) => r.map((x, j) => x + (hedge[i]?.[j] ?? 0))),
    hedgePnlByLayerUsd: { L1: hedge },
    notes: ['modelled'],
  };
}

/** `backtest` is the comparison JSON (the tests build it from the backtest fixture). */
export function fakeDeps(store: Store, backtest: () => unknown, today: IsoDate = isoDate('2026-01-30')): WebDeps & { calls: { signal: number; backtest: number } } {
  const calls = { signal: 0, backtest: 0 };
  return {
    store,
    token: TOKEN,
    assets: fakeAssets,
    calls,
    computeSignal: () => {
      calls.signal++;
      return saveSignalOnce(store, today, () => fakeSignal(today, { regime: 'high', targetFraction: 0.3125, signalScore: 0.625, contracts: 5, credit: 388.1 }));
    },
    runScenario: (q) => fakeScenario(q.spxMovesFrac, q.vixScale === null ? q.vixLevelsPts : vixLevelsFromScale(17.44, q.vixScale), q.horizon.kind === 'days' ? q.horizon.days : 0),
    backtestJson: () => {
      calls.backtest++;
      return backtest();
    },
  };
}
