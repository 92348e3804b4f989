/**
 * A deterministic synthetic backtest result (seeded, no market data): a few hundred
 * weekdays with a volatility spike, four policies filled the way the loop fills them. For
 * developing and testing the metrics, scorecards and the report; not market history.
 */
import { addDays, isoDate, weekday, type IsoDate } from '../core/time.js';
import { seededRng } from '../core/time.js';
import { spxOption, vixOption } from '../portfolio/instruments.js';
import { allocatePolicyRun, type BacktestResult, type Layer, type PolicyRun } from './types.js';

export interface FixtureOptions {
  days?: number;
  from?: IsoDate;
  seed?: number;
  notional?: number;
}

/** Policy → hedge size multiplier and layer split used by the synthetic fixture. */
const POLICY_SHAPE: Record<string, { size: (regime: number) => number; split: (regime: number) => [number, number, number] }> = {
  none: { size: () => 0, split: () => [0, 0, 0] },
  static10: { size: () => 0.1, split: () => [1, 0, 0] },
  alvh: { size: (g) => [0.07, 0.15, 0.3][g] ?? 0.07, split: (g) => (g === 0 ? [1, 0, 0] : g === 1 ? [0.6, 0.4, 0] : [0.4, 0.35, 0.25]) },
  vxth: { size: (g) => [0, 0.01 * 8, 0.005 * 8][g] ?? 0, split: () => [1, 0, 0] },
};

export function syntheticResult(opts: FixtureOptions = {}): BacktestResult {
  const n = opts.days ?? 320;
  const notional = opts.notional ?? 100_000;
  const rng = seededRng(opts.seed ?? 20200219);
  const gauss = (): number => {
    const u = Math.max(1e-12, rng.next());
    const v = rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const dates: IsoDate[] = [];
  let d = opts.from ?? isoDate('2019-08-01');
  while (dates.length < n) {
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6) dates.push(d);
    d = addDays(d, 1);
  }
  const spx = new Float64Array(n);
  const vix = new Float64Array(n);
  const tbill = new Float64Array(n).fill(0.015);
  spx[0] = 3000;
  vix[0] = 14;
  const shockStart = Math.floor(n * 0.45);
  for (let i = 1; i < n; i++) {
    const shock = i >= shockStart && i < shockStart + 12 ? -0.012 : i >= shockStart + 12 && i < shockStart + 40 ? 0.004 : 0;
    const vol = (vix[i - 1] ?? 15) / 100 / Math.sqrt(252);
    const ret = 0.0003 + shock + vol * gauss();
    spx[i] = (spx[i - 1] ?? 3000) * (1 + ret);
    const target = 15;
    vix[i] = Math.min(80, Math.max(9, (vix[i - 1] ?? 15) + 0.08 * (target - (vix[i - 1] ?? 15)) - 250 * ret + 0.5 * gauss()));
  }

  const policies: Record<string, PolicyRun> = {};
  for (const [name, shape] of Object.entries(POLICY_SHAPE)) {
    const run = allocatePolicyRun(name, n);
    run.equity[0] = notional;
    let regime = 0;
    for (let i = 0; i < n; i++) {
      const v = vix[i] ?? 15;
      regime = v < 15 ? 0 : v <= 25 ? 1 : 2;
      if (name !== 'none') run.regime[i] = regime;
      const eqPrev = i > 0 ? (run.equity[i - 1] ?? notional) : notional;
      const size = shape.size(regime);
      const split = shape.split(regime);
      const layers: Layer[] = ['L1', 'L2', 'L3'];
      for (let k = 0; k < 3; k++) {
        const layer = layers[k] ?? 'L1';
        run.exposure[layer][i] = size * (split[k] ?? 0);
      }
      if (i === 0) continue;
      // condor: credit ~0.4% of risk budget; loses when SPX moves beyond ~1.2 daily sd
      const credit = 0.0008 * eqPrev;
      const move = Math.abs((spx[i] ?? 0) / (spx[i - 1] ?? 1) - 1);
      const breach = Math.max(0, move - (1.8 * (vix[i - 1] ?? 15)) / 100 / Math.sqrt(252));
      const condorPnl = credit - Math.min(0.05 * eqPrev, breach * 2 * eqPrev);
      run.condorCredit[i] = credit;
      // hedge: exposure × notional gains with VIX up-moves, decays daily
      const dv = (vix[i] ?? 0) - (vix[i - 1] ?? 0);
      const fees = size > 0 ? -Math.round(eqPrev * size * 0.00004 * 100) / 100 : 0;
      let hedge = 0;
      for (let k = 0; k < 3; k++) {
        const layer = layers[k] ?? 'L1';
        const ex = (run.exposure[layer][i - 1] ?? 0) * eqPrev;
        const p = ex * (0.03 * dv + 0.004 * Math.max(0, dv) ** 2 - 0.0008 * (k === 2 ? 0.5 : 1));
        run.pnl[layer][i] = p;
        hedge += p;
      }
      run.hedgeSpend[i] = size > 0 ? eqPrev * size * 0.0008 - fees : 0;
      // Net hedge flow: the purchases out, the hedge P&L's realised half back in.
      run.hedgeCashFlow[i] = -(run.hedgeSpend[i] ?? 0) + 0.5 * hedge;
      run.condorEligible[i] = 1;
      run.condorContracts[i] = credit > 0 ? 1 : 0;
      run.hedgeValue[i] = eqPrev * size * 0.02;
      const interest = eqPrev * Math.expm1(((tbill[i - 1] ?? 0) * 1) / 365);
      run.pnl.condor[i] = condorPnl;
      run.pnl.cash[i] = interest;
      run.pnl.fees[i] = fees - 5;
      run.equity[i] = eqPrev + condorPnl + hedge + interest + fees - 5;
      const di = dates[i] ?? dates[0] ?? isoDate('2019-10-01');
      const k = Math.round((spx[i - 1] ?? 3000) / 5) * 5;
      run.trades.push({ date: di, tag: 'condor', action: 'open', instrument: spxOption('put', k - 50, di), qty: -1, price: credit / 100, feesCents: 500 });
      if (size > 0 && i % 21 === 1) {
        run.trades.push({ date: di, tag: 'L1', action: 'open', instrument: vixOption('call', Math.round(v + 5), addDays(di, 90)), qty: Math.max(1, Math.round((size * eqPrev) / 2000)), price: 1.1, feesCents: 110 });
      }
    }
    policies[name] = run;
  }
  const from = dates[0] ?? isoDate('2019-10-01');
  const to = dates[n - 1] ?? from;
  return {
    from,
    to,
    notional,
    basis: 'deltaNotional',
    dates,
    market: { spx, vix, tbillRateFrac: tbill },
    policies,
    notes: ['Synthetic fixture: seeded random market, not history.'],
  };
}
