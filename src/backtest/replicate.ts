/**
 * Cboe's benchmark strategy indices replicated on the market model (`alvh replicate`):
 *
 * - PUT: sell the one-month at-the-money SPX put (the listed strike at or just below the
 *   index) on each monthly expiration, collateralized in T-bills: n = value / strike.
 * - BXM: hold the S&P 500 (dividends reinvested) and sell the one-month call at the listed
 *   strike at or just above the index, one call per unit of index held.
 * - CNDR: sell the one-month ~0.20-delta put and call, buy the ~0.05-delta put and call,
 *   collateral and premium in T-bills, n = value / index (the notional of the index value).
 * - VXTH: the S&P 500 (dividends reinvested) plus one-month ~0.30-delta VIX calls bought
 *   on each VIX expiration for 1% of the value when the same-expiry VIX future is in
 *   [15, 30), 0.5% in [30, 50], none otherwise.
 *
 * Rolls happen at the close of the expiration day, after the expiring options settle: SPX
 * monthly options at the day's open (the SET; AM settlement), VIX options at the day's VIX
 * open (the SOQ proxy). Strikes snap to the listed grid (SPX 5 points, VIX 1 point). Every
 * price comes from the day's market model (dayModel) as in the backtest. A pure module over
 * the model; the day loop, instruments and settlement rules will switch to the engine's
 * once they land (src/engine/).
 */
import { spxMonthlyExpiration, vixExpiration } from '../core/calendar.js';
import { InputError } from '../core/errors.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { bsmDelta, bsmPrice } from '../pricing/bsm.js';
import { black76Delta, black76Price } from '../pricing/black76.js';
import type { OptionType } from '../pricing/types.js';
import { DEFAULT_CALIBRATION, dayModel, vixOptionYears, type DayModel, type ModelCalibration } from '../portfolio/marketModel.js';
import { spxYearsToSettlement } from '../portfolio/quote.js';

export type ReplicatedIndex = 'cndr' | 'vxth' | 'put' | 'bxm';
export const REPLICATED_INDICES: readonly ReplicatedIndex[] = ['cndr', 'vxth', 'put', 'bxm'];

export const REPLICATION_RULES: Readonly<Record<ReplicatedIndex, string>> = {
  put: 'Cboe PUT: monthly, sell the one-month ATM SPX put (listed strike at or below the index), n = value / strike, T-bill collateral; SPX options AM-settled at the open',
  bxm: 'Cboe BXM: S&P 500 with dividends reinvested, monthly sell the one-month call at the listed strike at or above the index, one call per index unit; AM-settled at the open',
  cndr: 'Cboe CNDR: monthly, sell ~0.20-delta SPX put and call, buy ~0.05-delta put and call (one month, AM-settled at the open), n = value / index, collateral and premium in T-bills',
  vxth: 'Cboe VXTH: S&P 500 with dividends reinvested plus one-month ~0.30-delta VIX calls bought on each VIX expiration for 1% of value (same-expiry future 15-30), 0.5% (30-50), none otherwise; settled at the SOQ (the VIX open)',
};

export interface ReplicationLeg {
  root: 'SPX' | 'VIX';
  type: OptionType;
  expiration: IsoDate;
  strike: number;
  /** Signed units (+ long, − short), per 1 of index value scale (fractional, as Cboe's indices). */
  qty: number;
  /** Model price at the roll (points). */
  price: number;
}

export interface ReplicationRoll {
  date: IsoDate;
  legs: ReplicationLeg[];
  /** Net premium received (+) or paid (−) at the roll, in index value units. */
  credit: number;
}

export interface Replication {
  index: ReplicatedIndex;
  from: IsoDate;
  to: IsoDate;
  rules: string;
  /** Daily closes, based at 100 on `from`. */
  levels: [IsoDate, number][];
  rolls: ReplicationRoll[];
}

const SPX_STRIKE_STEP = 5;
const VIX_STRIKE_STEP = 1;

function snap(x: number, step: number): number {
  return Math.max(step, Math.round(x / step) * step);
}

/** The next SPX monthly expiration strictly after `date`. */
export function nextSpxMonthly(date: IsoDate): IsoDate {
  let y = Number(date.slice(0, 4));
  let m = Number(date.slice(5, 7));
  for (;;) {
    const e = spxMonthlyExpiration(y, m);
    if (e > date) return e;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/** The listed strike whose model |delta| is nearest `target` (searched outward from the money). */
export function strikeByDelta(m: DayModel, type: OptionType, expiration: IsoDate, target: number): number {
  const years = spxYearsToSettlement(m.date, expiration);
  const atm = snap(m.spot, SPX_STRIKE_STEP);
  const dir = type === 'call' ? 1 : -1;
  let best = atm;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let k = atm, steps = 0; k > 0 && steps < 2000; k += dir * SPX_STRIKE_STEP, steps++) {
    const d = Math.abs(bsmDelta(type, m.spot, k, years, m.rateFrac, m.divFrac, m.spxVol(k, years)));
    const err = Math.abs(d - target);
    if (err < bestErr) {
      bestErr = err;
      best = k;
    }
    if (d < target) break;
  }
  return best;
}

function spxValue(m: DayModel, leg: ReplicationLeg): number {
  const years = spxYearsToSettlement(m.date, leg.expiration);
  if (!(years > 0)) return 0;
  return bsmPrice(leg.type, m.spot, leg.strike, years, m.rateFrac, m.divFrac, m.spxVol(leg.strike, years));
}

function vixValue(m: DayModel, leg: ReplicationLeg): number {
  const years = vixOptionYears(daysBetween(m.date, leg.expiration));
  if (!(years > 0)) return 0;
  const f = m.vxFuture(leg.expiration).price;
  return black76Price(leg.type, f, leg.strike, years, m.rateFrac, m.vixOptionVol(leg.expiration, leg.strike));
}

/** Option value of a leg at the close of the model's day (its settlement on its expiration day). */
function legValue(data: MarketData, i: number, m: DayModel, leg: ReplicationLeg): number {
  if (m.date >= leg.expiration) {
    // Settled at the open of the expiration day: SET (SPX open) or SOQ (VIX open).
    const open = leg.root === 'SPX' ? data.daily.spxOpen[i] : data.daily.vixOpen[i];
    const close = leg.root === 'SPX' ? data.daily.spxClose[i] : data.daily.vixClose[i];
    const s = open !== undefined && open > 0 ? open : (close ?? Number.NaN);
    return Math.max(leg.type === 'call' ? s - leg.strike : leg.strike - s, 0);
  }
  return leg.root === 'SPX' ? spxValue(m, leg) : vixValue(m, leg);
}

interface State {
  cash: number;
  /** Units of the S&P 500 held (BXM, VXTH). */
  units: number;
  legs: ReplicationLeg[];
}

function openLegs(index: ReplicatedIndex, m: DayModel, value: number): ReplicationLeg[] {
  const exp = nextSpxMonthly(m.date);
  const leg = (type: OptionType, strike: number, qty: number): ReplicationLeg => {
    const l: ReplicationLeg = { root: 'SPX', type, expiration: exp, strike, qty, price: 0 };
    l.price = spxValue(m, l);
    return l;
  };
  if (index === 'put') {
    const k = Math.floor(m.spot / SPX_STRIKE_STEP) * SPX_STRIKE_STEP;
    return [leg('put', k, -value / k)];
  }
  if (index === 'bxm') {
    const k = Math.ceil(m.spot / SPX_STRIKE_STEP) * SPX_STRIKE_STEP;
    return [leg('call', k, -value / m.spot)];
  }
  // cndr
  const n = value / m.spot;
  const sp = strikeByDelta(m, 'put', exp, 0.2);
  const sc = strikeByDelta(m, 'call', exp, 0.2);
  let lp = strikeByDelta(m, 'put', exp, 0.05);
  let lc = strikeByDelta(m, 'call', exp, 0.05);
  if (lp >= sp) lp = sp - SPX_STRIKE_STEP;
  if (lc <= sc) lc = sc + SPX_STRIKE_STEP;
  return [leg('put', lp, n), leg('put', sp, -n), leg('call', sc, -n), leg('call', lc, n)];
}

function vxthLegs(m: DayModel, value: number): ReplicationLeg[] {
  const exp = m.vixExpiries(1)[0] as IsoDate;
  const f = m.vxFuture(exp).price;
  const weight = f >= 15 && f < 30 ? 0.01 : f >= 30 && f <= 50 ? 0.005 : 0;
  if (weight === 0) return [];
  const years = vixOptionYears(daysBetween(m.date, exp));
  let best = snap(f, VIX_STRIKE_STEP);
  let bestErr = Number.POSITIVE_INFINITY;
  for (let k = snap(f, VIX_STRIKE_STEP); k < 4 * f; k += VIX_STRIKE_STEP) {
    const d = black76Delta('call', f, k, years, m.rateFrac, m.vixOptionVol(exp, k));
    if (Math.abs(d - 0.3) < bestErr) {
      bestErr = Math.abs(d - 0.3);
      best = k;
    }
    if (d < 0.3) break;
  }
  const l: ReplicationLeg = { root: 'VIX', type: 'call', expiration: exp, strike: best, qty: 0, price: 0 };
  l.price = vixValue(m, l);
  l.qty = l.price > 0 ? (weight * value) / l.price : 0;
  return [l];
}

/** Replicates `index` over the trading days of the data in [from, to]. */
export function replicate(data: MarketData, index: ReplicatedIndex, from: IsoDate, to: IsoDate, calib: ModelCalibration = DEFAULT_CALIBRATION): Replication {
  const dates = data.daily.dates;
  const i0 = dates.findIndex((d) => d >= from);
  let i1 = dates.length - 1;
  while (i1 >= 0 && (dates[i1] as IsoDate) > to) i1--;
  if (i0 < 0 || i1 < i0) throw new InputError('--from', `no trading day of the data in ${from}..${to} (data ${dates[0] ?? ''}..${dates[dates.length - 1] ?? ''})`);
  const st: State = { cash: 100, units: 0, legs: [] };
  const levels: [IsoDate, number][] = [];
  const rolls: ReplicationRoll[] = [];
  let value = 100;
  for (let i = i0; i <= i1; i++) {
    const m = dayModel(data, i, calib);
    if (i > i0) {
      const prev = dates[i - 1] as IsoDate;
      const dt = daysBetween(prev, m.date) / 365;
      const r = data.daily.rateFrac[i - 1] ?? 0;
      const q = data.daily.divYieldFrac[i - 1] ?? 0;
      st.cash *= Math.exp(r * dt);
      // Dividends of the units held, reinvested as cash.
      st.cash += st.units * (data.daily.spxClose[i - 1] ?? 0) * (Math.exp(q * dt) - 1);
    }
    let optValue = 0;
    for (const leg of st.legs) optValue += leg.qty * legValue(data, i, m, leg);
    value = st.cash + st.units * m.spot + optValue;
    const rollDay = i === i0 || m.date === (index === 'vxth' ? vixExpirationOf(m.date) : spxMonthlyOf(m.date));
    if (rollDay) {
      // Settle what expired (cash), then open the next month's options at the close.
      st.cash += optValue;
      st.legs = [];
      if (index === 'put' || index === 'cndr') {
        st.units = 0;
        st.cash = value;
        st.legs = openLegs(index, m, value);
      } else {
        st.units = value / m.spot;
        st.cash = 0;
        st.legs = index === 'bxm' ? openLegs('bxm', m, value) : vxthLegs(m, value);
        if (index === 'vxth') {
          const cost = st.legs.reduce((s, l) => s + l.qty * l.price, 0);
          st.units = (value - cost) / m.spot;
          st.cash = 0;
        }
      }
      let premium = 0;
      for (const l of st.legs) premium -= l.qty * l.price;
      if (index !== 'vxth') st.cash += premium;
      rolls.push({ date: m.date, legs: st.legs.map((l) => ({ ...l })), credit: premium });
    }
    levels.push([m.date, value]);
  }
  return { index, from: dates[i0] as IsoDate, to: dates[i1] as IsoDate, rules: REPLICATION_RULES[index], levels, rolls };
}

/** The monthly SPX expiration of the month of `date`. */
function spxMonthlyOf(date: IsoDate): IsoDate {
  return spxMonthlyExpiration(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
}

/** The monthly VIX expiration of the month of `date`. */
function vixExpirationOf(date: IsoDate): IsoDate {
  return vixExpiration(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
}

export interface ReplicationComparison {
  /** Months with a month-end value in both series. */
  months: number;
  /** First and last month-end compared (YYYY-MM). */
  from: string;
  to: string;
  monthlyCorrelation: number | null;
  /** Annualized (compound) return over the common span, fractions. */
  annualReturnModel: number;
  annualReturnReal: number;
  /** Annualized standard deviation of the monthly return difference (model − real). */
  trackingError: number | null;
  /** The real index's five worst months with the replica's return beside them. */
  worstMonths: { month: string; real: number; model: number }[];
}

function monthEnds(levels: readonly (readonly [IsoDate, number])[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [d, v] of levels) if (Number.isFinite(v)) out.set(d.slice(0, 7), v);
  return out;
}

function correlation(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  if (n < 3) return null;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] ?? 0;
    mb += b[i] ?? 0;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] ?? 0) - ma;
    const y = (b[i] ?? 0) - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

/**
 * Side-by-side figures of a replica and the real index on their common months: monthly
 * returns from month-end values (the last day of each month both series have).
 */
export function compareReplication(model: readonly (readonly [IsoDate, number])[], real: readonly (readonly [IsoDate, number])[]): ReplicationComparison {
  const first = model[0]?.[0] ?? ('' as IsoDate);
  const last = model[model.length - 1]?.[0] ?? ('' as IsoDate);
  const inSpan = real.filter(([d]) => d >= first && d <= last);
  const mm = monthEnds(model);
  const rm = monthEnds(inSpan);
  const keys = [...rm.keys()].filter((k) => mm.has(k)).sort();
  if (keys.length < 2) throw new InputError('--compare', `fewer than two common months with the replica (${first}..${last})`);
  const rModel: number[] = [];
  const rReal: number[] = [];
  const labels: string[] = [];
  for (let k = 1; k < keys.length; k++) {
    const a = keys[k - 1] as string;
    const b = keys[k] as string;
    rModel.push((mm.get(b) ?? 0) / (mm.get(a) ?? 1) - 1);
    rReal.push((rm.get(b) ?? 0) / (rm.get(a) ?? 1) - 1);
    labels.push(b);
  }
  const years = rModel.length / 12;
  const growth = (xs: readonly number[]): number => xs.reduce((g, x) => g * (1 + x), 1);
  const diffs = rModel.map((x, i) => x - (rReal[i] ?? 0));
  const md = diffs.reduce((s, x) => s + x, 0) / diffs.length;
  const sd = diffs.length > 1 ? Math.sqrt(diffs.reduce((s, x) => s + (x - md) ** 2, 0) / (diffs.length - 1)) : null;
  const order = rReal.map((_, i) => i).sort((x, y) => (rReal[x] ?? 0) - (rReal[y] ?? 0));
  return {
    months: rModel.length,
    from: keys[0] ?? '',
    to: keys[keys.length - 1] ?? '',
    monthlyCorrelation: correlation(rModel, rReal),
    annualReturnModel: Math.pow(growth(rModel), 1 / years) - 1,
    annualReturnReal: Math.pow(growth(rReal), 1 / years) - 1,
    trackingError: sd === null ? null : sd * Math.sqrt(12),
    worstMonths: order.slice(0, 5).map((i) => ({ month: labels[i] ?? '', real: rReal[i] ?? 0, model: rModel[i] ?? 0 })),
  };
}
