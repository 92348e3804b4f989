/**
 * Typed market data (DESIGN §3). Daily series are aligned on SPX trading days in
 * Float64Arrays (NaN where a series has no value); quotes in VIX points and index points
 * stay at the edge units named here, rates and yields are continuously compounded fractions.
 */
import type { IsoDate } from '../core/time.js';

export type { IsoDate };

export interface DailyFrame {
  /** SPX trading days, ascending, from 1990-01-02. */
  dates: IsoDate[];
  n: number;
  spxOpen: Float64Array;
  spxHigh: Float64Array;
  spxLow: Float64Array;
  spxClose: Float64Array;
  /** VIX open/high/low are NaN before 2004-06-14 where Cboe published only the close, and on the few inconsistent bars. */
  vixOpen: Float64Array;
  vixHigh: Float64Array;
  vixLow: Float64Array;
  vixClose: Float64Array;
  /** Closes in index points, NaN where missing (VIX9D from 2011, VIX3M from 2009-09, VIX6M 2008..2026-04, VIX1D from 2024-09, VVIX from 2007, SKEW from 1990). */
  vix9d: Float64Array;
  vix3m: Float64Array;
  vix6m: Float64Array;
  vix1d: Float64Array;
  vvix: Float64Array;
  skew: Float64Array;
  /** 13-week T-bill as a continuously compounded fraction (from the discount yield), forward-filled. */
  rateFrac: Float64Array;
  /** S&P 500 trailing dividend yield as a continuous fraction, month M's value from the first trading day of month M+1, forward-filled. */
  divYieldFrac: Float64Array;
  /** NYSE advancing / declining issues, NaN where missing (holes before 1994-06-20, 6 days after). */
  advances: Float64Array;
  declines: Float64Array;
}

/** The frame's value columns (every field but `dates` and `n`), in one fixed order. */
export type DailyFrameColumn = Exclude<keyof DailyFrame, 'dates' | 'n'>;
export const DAILY_FRAME_COLUMNS: readonly DailyFrameColumn[] = [
  'spxOpen', 'spxHigh', 'spxLow', 'spxClose', 'vixOpen', 'vixHigh', 'vixLow', 'vixClose',
  'vix9d', 'vix3m', 'vix6m', 'vix1d', 'vvix', 'skew', 'rateFrac', 'divYieldFrac', 'advances', 'declines',
];

/** VIX futures daily settlements (VIX points), one row per (date, contract), sorted by (date, expiry). */
export interface VxSettles {
  date: IsoDate[];
  expiry: IsoDate[];
  settle: Float64Array;
}

export type EventKind = 'fomc' | 'cpi' | 'ppi' | 'vix_expiry' | 'spx_monthly_expiry';
export const EVENT_KINDS: readonly EventKind[] = ['fomc', 'cpi', 'ppi', 'vix_expiry', 'spx_monthly_expiry'];

export interface MarketEvent {
  date: IsoDate;
  kind: EventKind;
  detail: string;
}

export interface MarketData {
  daily: DailyFrame;
  vx: VxSettles;
  events: MarketEvent[];
  /**
   * The dates of the observations behind the series the frame carries forward: `rate` the
   * T-bill rows, `divYield` the monthly dividend-yield rows (dated on the month's 1st). Absent
   * when the source does not record them (then a finite value counts as observed that day).
   */
  observedDates?: { readonly rate?: readonly IsoDate[]; readonly divYield?: readonly IsoDate[] };
}

export type OptionType = 'call' | 'put';

/** One row of an end-of-day SPX chain snapshot (prices in index points; NaN = no quote). */
export interface SpxChainRow {
  expiration: IsoDate;
  strike: number;
  type: OptionType;
  bid: number;
  ask: number;
  last: number;
  volume: number;
  openInterest: number;
  /** 'SPX' (AM-settled monthly) or 'SPXW' (PM-settled weekly/daily). */
  root: 'SPX' | 'SPXW';
}

/** One row of the VIX option end-of-day bars (close = last trade; NaN if the option did not trade). */
export interface VixChainRow {
  expiration: IsoDate;
  strike: number;
  type: OptionType;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Cboe VXTH daily file: the one-month ~30-delta VIX call held by the index and its mark. */
export interface VxthCallRow {
  date: IsoDate;
  vxth: number;
  spx: number;
  dividendPoints: number;
  callExpiration: IsoDate;
  callStrike: number;
  /** Quotes at the roll only (0 on other days). */
  callBid: number;
  callAsk: number;
  callMid: number;
  numberOfCalls: number;
}

/** One monthly contract of a VIX futures curve snapshot. */
export interface VxCurveSnapshotRow {
  expiry: IsoDate;
  symbol: string;
  settle: number;
}

/** One (snapshot date, expiration) row of the SPX ATM implied-vol term snapshots (Yahoo IVs, fractions). */
export interface SpxAtmIvRow {
  snapshotDate: IsoDate;
  expiration: IsoDate;
  dte: number;
  spot: number;
  atmStrike: number;
  atmIvFrac: number;
  atmCallIvFrac: number;
  atmPutIvFrac: number;
  atmCallOi: number;
  atmPutOi: number;
}
