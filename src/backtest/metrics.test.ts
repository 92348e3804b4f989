import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { isoDate, type IsoDate } from '../core/time.js';
import { spxOption, vixOption } from '../portfolio/instruments.js';
import { canonicalTrades, computeMetrics, cvar, dailyReturns, drawdown, drawdownSeries, olsSlope, tradeListHash, worstMonth } from './metrics.js';
import { allocatePolicyRun, validateResult, type MarketSeries, type PolicyRun, type Trade } from './types.js';
import { syntheticResult } from './fixture.js';

const D = (xs: string[]): IsoDate[] => xs.map((x) => isoDate(x));

function runFrom(equity: number[], patch: (run: PolicyRun) => void = () => {}): PolicyRun {
  const run = allocatePolicyRun('test', equity.length);
  run.equity.set(equity);
  for (let i = 1; i < equity.length; i++) run.pnl.condor[i] = (equity[i] ?? 0) - (equity[i - 1] ?? 0);
  patch(run);
  return run;
}
function flatMarket(n: number, rate = 0): MarketSeries {
  return { spx: new Float64Array(n).fill(4000), vix: new Float64Array(n).fill(15), tbillRateFrac: new Float64Array(n).fill(rate) };
}

describe('metrics on a hand-computed 5-day equity curve', () => {
  // equity 100, 110, 99, 105, 120 → returns +10%, −10%, +6.0606%, +14.2857%
  const dates = D(['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01']);
  const run = runFrom([100, 110, 99, 105, 120]);
  const m = computeMetrics(dates, run, flatMarket(5));
  const r = [0.1, -0.1, 105 / 99 - 1, 120 / 105 - 1];
  const mu = (0.1 - 0.1 + 6 / 99 + 15 / 105) / 4;

  it('returns, drawdown, recovery, tail', () => {
    expect(Array.from(dailyReturns(run.equity))).toEqual(r.map((x) => expect.closeTo(x, 14)));
    expect(m.maxDrawdown, '110 → 99').toBeCloseTo(0.1, 14);
    expect(m.recoveryDays, 'trough at day 2, back above 110 on day 4').toBe(2);
    expect(m.cvar95, 'ceil(5% of 4) = 1 worst day').toBeCloseTo(0.1, 14);
    expect(m.worstDay).toBeCloseTo(-0.1, 14);
    expect(m.totalReturn).toBeCloseTo(0.2, 14);
    expect(m.years, '31 days / 365.25').toBeCloseTo(31 / 365.25, 14);
    expect(m.cagr).toBeCloseTo(Math.pow(1.2, 365.25 / 31) - 1, 10);
    expect(m.calmar).toBeCloseTo((m.cagr ?? 0) / 0.1, 10);
  });

  it('volatility, Sharpe and Sortino against the textbook formulas (rf = 0)', () => {
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mu) ** 2, 0) / 3);
    expect(m.volatility).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(m.sharpe).toBeCloseTo((mu / sd) * Math.sqrt(252), 12);
    // downside deviation over all 4 days: sqrt(0.1² / 4) = 0.05
    expect(m.sortino).toBeCloseTo((mu / 0.05) * Math.sqrt(252), 12);
  });

  it('worst calendar month and win rates', () => {
    expect(m.worstMonthLabel).toBe('2024-02');
    expect(m.worstMonth, 'Feb close 105 over Jan close 110').toBeCloseTo(105 / 110 - 1, 14);
    expect(worstMonth(dates, run.equity)?.ret).toBeCloseTo(-1 / 22, 14);
    expect(m.winRateDays, '3 of 4 days up').toBe(0.75);
    expect(m.condorWinRate).toBe(0.75);
  });

  it('excess returns use the T-bill over the calendar gap', () => {
    const m5 = computeMetrics(dates, run, flatMarket(5, 0.05));
    const gaps = [1, 1, 28, 1];
    const ex = r.map((x, i) => x - Math.expm1((0.05 * (gaps[i] ?? 0)) / 365));
    const exMu = ex.reduce((s, x) => s + x, 0) / 4;
    const exSd = Math.sqrt(ex.reduce((s, x) => s + (x - exMu) ** 2, 0) / 3);
    expect(m5.sharpe).toBeCloseTo((exMu / exSd) * Math.sqrt(252), 12);
    expect(m5.volatility, 'volatility does not depend on rf').toBeCloseTo(m.volatility ?? 0, 14);
  });
});

describe('hedge metrics', () => {
  it('spend per year, spend of credit and betas', () => {
    const dates = D(['2023-01-02', '2023-07-02', '2024-01-02']);
    // 365 days → years = 365/365.25
    const run = runFrom([1000, 1010, 1040], (r) => {
      r.hedgeSpend.set([0, 30, 10]);
      r.condorCredit.set([0, 100, 100]);
      r.pnl.L1.set([0, 5, 20]);
      r.pnl.condor.set([0, 5, 10]);
      r.hedgeValue.set([0, 200, 150]);
    });
    const mk: MarketSeries = { spx: Float64Array.from([100, 99, 97]), vix: Float64Array.from([15, 17, 21]), tbillRateFrac: new Float64Array(3) };
    const m = computeMetrics(dates, run, mk);
    expect(m.hedgeCostPerYear).toBeCloseTo(40 / (365 / 365.25), 10);
    expect(m.hedgeSpendOfCredit).toBeCloseTo(0.2, 14);
    // tbill 0 + hurdle 5%: day 1 holds nothing, day 2 carries 200 over 184 days
    expect(m.hedgeCapitalCostPerYear).toBeCloseTo((200 * Math.expm1((0.05 * 184) / 365)) / (365 / 365.25), 10);
    expect(computeMetrics(dates, run, mk, { hurdleSpreadFrac: 0 }).hedgeCapitalCostPerYear).toBe(0);
    expect(m.hedgePnlPerYear).toBeCloseTo(25 / (365 / 365.25), 10);
    // y = (0.005, 20/1010), x_vix = (2, 4): slope = Δy/Δx
    expect(m.hedgeBetaVixPerPt).toBeCloseTo((20 / 1010 - 0.005) / 2, 14);
    expect(m.hedgeBetaSpx).toBeCloseTo((20 / 1010 - 0.005) / (97 / 99 - 1 - -0.01), 10);
  });

  it('returns null where a metric is undefined', () => {
    const dates = D(['2024-01-02', '2024-01-03', '2024-01-04']);
    const m = computeMetrics(dates, runFrom([100, 100, 100]), flatMarket(3));
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.calmar).toBeNull();
    expect(m.hedgeSpendOfCredit).toBeNull();
    expect(m.maxDrawdown).toBe(0);
    expect(m.winRateDays).toBeNull();
  });

  it('OLS slope of an exact line', () => {
    expect(olsSlope([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(2, 14);
    expect(olsSlope([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe('metric properties', () => {
  const eqArb = fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 3, maxLength: 200 }).map((rs) => {
    const e = [1000];
    for (const r of rs) e.push((e[e.length - 1] ?? 1000) * (1 + r));
    return e;
  });
  const datesFor = (n: number): IsoDate[] => {
    const out: IsoDate[] = [];
    for (let i = 0; i < n; i++) out.push(isoDate(new Date(Date.UTC(2000, 0, 3 + i)).toISOString().slice(0, 10)));
    return out;
  };

  it('max drawdown in [0, 1], equal to the max of the drawdown series', () => {
    fc.assert(
      fc.property(eqArb, (e) => {
        const f = Float64Array.from(e);
        const dd = drawdown(f).maxDrawdown;
        const series = drawdownSeries(f);
        return dd >= 0 && dd <= 1 && Math.abs(dd - Math.max(...series)) < 1e-12;
      }),
    );
  });

  it('Sharpe is invariant to scaling the equity and to leverage when rf = 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 5, maxLength: 100 }), fc.double({ min: 0.1, max: 50, noNaN: true }), (rs, c) => {
        fc.pre(Math.max(...rs) - Math.min(...rs) > 1e-4); // a (near-)constant series has no meaningful Sharpe
        const build = (k: number, scale: number): number[] => {
          const e = [scale];
          for (const r of rs) e.push((e[e.length - 1] ?? scale) * (1 + k * r));
          return e;
        };
        const dates = datesFor(rs.length + 1);
        const a = computeMetrics(dates, runFrom(build(1, 1000)), flatMarket(dates.length)).sharpe;
        const b = computeMetrics(dates, runFrom(build(1, 1000 * c)), flatMarket(dates.length)).sharpe;
        const lev = computeMetrics(dates, runFrom(build(3, 1000)), flatMarket(dates.length)).sharpe;
        if (a === null) return b === null;
        return Math.abs(a - (b ?? Number.NaN)) < 1e-9 * Math.max(1, Math.abs(a)) && Math.abs(a - (lev ?? Number.NaN)) < 1e-6 * Math.max(1, Math.abs(a));
      }),
    );
  });

  it('CVaR95 lies between the mean loss and the worst loss', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 300 }), (rs) => {
        const c = cvar(rs) ?? Number.NaN;
        const worst = -Math.min(...rs);
        const meanLoss = -rs.reduce((s, x) => s + x, 0) / rs.length;
        return c <= worst + 1e-12 && c >= meanLoss - 1e-12;
      }),
    );
  });
});

describe('trade list hash', () => {
  const trades: Trade[] = [
    { date: isoDate('2024-06-03'), tag: 'condor', action: 'open', instrument: spxOption('put', 5200, isoDate('2024-06-04')), qty: -2, price: 0.85, feesCents: 250 },
    { date: isoDate('2024-06-03'), tag: 'L1', action: 'open', instrument: vixOption('call', 17, isoDate('2024-09-18')), qty: 5, price: 1.2300000000000002, feesCents: 550 },
  ];
  it('serialises canonically and hashes with SHA-256', () => {
    expect(canonicalTrades(trades)).toBe('2024-06-03|condor|open|spxOption|put|5200.00|2024-06-04||-2|0.850000|250\n2024-06-03|L1|open|vixOption|call|17.00|2024-09-18||5|1.230000|550');
    expect(tradeListHash(trades)).toBe(createHash('sha256').update(canonicalTrades(trades)).digest('hex'));
    const moved = [trades[0], { ...trades[1], qty: 6 }] as Trade[];
    expect(tradeListHash(moved), 'a changed quantity changes the hash').not.toBe(tradeListHash(trades));
  });
});

describe('synthetic fixture', () => {
  it('is deterministic and satisfies the accounting identity', () => {
    const a = syntheticResult();
    const b = syntheticResult();
    expect(() => validateResult(a)).not.toThrow();
    expect(a.dates.length).toBe(320);
    expect(Object.keys(a.policies).sort()).toEqual(['alvh', 'none', 'static10', 'vxth']);
    expect(Array.from(a.policies.alvh?.equity ?? [])).toEqual(Array.from(b.policies.alvh?.equity ?? []));
    expect(tradeListHash(a.policies.alvh?.trades ?? [])).toBe(tradeListHash(b.policies.alvh?.trades ?? []));
  });
  it('validateResult catches a broken identity', () => {
    const r = syntheticResult({ days: 30 });
    const run = r.policies.none;
    if (run) run.pnl.condor[5] = (run.pnl.condor[5] ?? 0) + 1;
    expect(() => validateResult(r)).toThrow(/P&L tags sum/);
  });
});
