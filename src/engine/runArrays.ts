/**
 * The per-day arrays shared by the simulation's EngineRun and the backtest's PolicyRun,
 * allocated once per run and written in place (here because the engine may not import
 * backtest, while backtest imports the engine).
 */

/** Regime code of a day without a regime (policies other than ALVH). */
export const NO_REGIME = 255;

export interface RunArrays {
  /** End-of-day equity: cash + positions marked to the model. */
  equity: Float64Array;
  /** Daily P&L by tag; condor/L1/L2/L3 gross of fees, `fees` all commissions and fees, `cash` interest. Σ = equity change (day 0: from the starting capital). */
  pnl: { condor: Float64Array; L1: Float64Array; L2: Float64Array; L3: Float64Array; cash: Float64Array; fees: Float64Array };
  /** 0 low, 1 moderate, 2 high; NO_REGIME = no regime (policies other than ALVH). */
  regime: Uint8Array;
  /** Exposure per layer at the close, fraction of condor notional, in the policy's basis. */
  exposure: { L1: Float64Array; L2: Float64Array; L3: Float64Array };
  /** Net debit paid to increase hedges plus all hedge commissions and fees (>= 0). */
  hedgeSpend: Float64Array;
  /** Credit after costs of the condors opened that day (>= 0). */
  condorCredit: Float64Array;
  /** Market value of the open hedge positions at the close (capital tied up in hedges). */
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
