/**
 * The per-day arrays shared by the simulation's EngineRun and the backtest's PolicyRun,
 * allocated once per run and written in place (here because signals may not import
 * backtest, while backtest may import signals).
 */

/** Regime code of a day without a regime (policies other than ALVH). */
export const NO_REGIME = 255;

export interface RunArrays {
  equity: Float64Array;
  pnl: { condor: Float64Array; L1: Float64Array; L2: Float64Array; L3: Float64Array; cash: Float64Array; fees: Float64Array };
  regime: Uint8Array;
  exposure: { L1: Float64Array; L2: Float64Array; L3: Float64Array };
  hedgeSpend: Float64Array;
  condorCredit: Float64Array;
  hedgeValue: Float64Array;
  /** Net hedge cash flow of the day, dollars (+ received): sales + settlements − purchases − hedge fees. */
  hedgeCashFlow: Float64Array;
  /** Condors sold that day (fractional units by default; 0 when none). */
  condorContracts: Float64Array;
  /** 1 on the days the condor rules allowed a trade (a quoted condor), else 0. */
  condorEligible: Uint8Array;
}

/** The daily arrays of one run of `n` days (zeros; regime = NO_REGIME). */
export function allocateRunArrays(n: number): RunArrays {
  const f = (): Float64Array => new Float64Array(n);
  return {
    equity: f(),
    pnl: { condor: f(), L1: f(), L2: f(), L3: f(), cash: f(), fees: f() },
    regime: new Uint8Array(n).fill(NO_REGIME),
    exposure: { L1: f(), L2: f(), L3: f() },
    hedgeSpend: f(),
    condorCredit: f(),
    hedgeValue: f(),
    hedgeCashFlow: f(),
    condorContracts: f(),
    condorEligible: new Uint8Array(n),
  };
}
