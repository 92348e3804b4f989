import { describe, expect, it } from 'vitest';
import { answerParagraph, type AnswerInput } from './narrative.js';

type M = AnswerInput['policies'][string]['metrics'];
const metrics = (over: Partial<M>): M => ({
  years: 10, finalEquity: 100_000, totalReturn: 0, cagr: 0, volatility: 0.1, sharpe: 0, sortino: 0, maxDrawdown: 0.2, calmar: 0, cvar95: 0.01, worstDay: -0.02,
  worstMonth: -0.05, worstMonthLabel: '2020-03', recoveryDays: null, winRateDays: 0.5, condorWinRate: 0.8, hedgeCostPerYear: 0, hedgePnlPerYear: 0,
  hedgeCapitalCostPerYear: 0, hedgeSpendOfCredit: 0, hedgeBetaSpx: null, hedgeBetaVixPerPt: null, returnBasis: 'compounded', ruinedOn: null, hedgeNetCostPerYear: 0, hedgeNetCostOfCredit: 0, condorDaysOpened: 2520, condorDaysEligible: 2520, ...over,
});

function input(alvhEquity: number): AnswerInput {
  return {
    from: '2020-01-02',
    to: '2020-06-30',
    notional: 1_000_000,
    basis: 'deltaNotional',
    policies: {
      alvh: { metrics: metrics({ finalEquity: alvhEquity, cagr: 0.05, maxDrawdown: 0.12, hedgeCostPerYear: 40_000, hedgeSpendOfCredit: 0.8, hedgePnlPerYear: -15_000, hedgeNetCostPerYear: 15_000 }) },
      static10: { metrics: metrics({ finalEquity: 1_000_000, cagr: 0, maxDrawdown: 0.1, hedgeCostPerYear: 30_000, hedgeSpendOfCredit: 0.6, hedgePnlPerYear: -20_000, hedgeNetCostPerYear: 20_000 }) },
      none: { metrics: metrics({ finalEquity: 900_000, cagr: -0.1, maxDrawdown: 0.3 }) },
    },
  };
}

describe('the backtest answer paragraph', () => {
  it('says the prices were the chains\' where a run had --chains, and modelled otherwise', () => {
    expect(answerParagraph(input(1_100_000))).toContain('Option prices are modelled');
    const text = answerParagraph({ ...input(1_100_000), optionPrices: 'chains' });
    expect(text).toContain('Option prices are the real end-of-day quotes of your chains where they list the contracts');
    expect(text).not.toContain('Option prices are modelled');
  });
  it('names the winner on each measure with its cost, the basis, and that prices are modelled', () => {
    const text = answerParagraph(input(1_100_000));
    expect(text).toBe(
      'Answer: from 2020-01-02 to 2020-06-30, starting from $1,000,000, alvh won on final equity ($1,100,000, CAGR 5.00%; hedge spend $40,000 a year (80.0% of the condor credit; $15,000 a year net of what the hedge paid back), condors on 2,520 days), ' +
        'and static10 had the smallest maximum drawdown (10.0%; hedge spend $30,000 a year (60.0% of the condor credit; $20,000 a year net of what the hedge paid back), condors on 2,520 days). ' +
        "ALVH ended above the classic 10%-of-notional rule (static10): $1,100,000 against $1,000,000, maximum drawdown 12.0% against 10.0%; ALVH's hedge spend $40,000 a year (80.0% of the condor credit; $15,000 a year net of what the hedge paid back), condors on 2,520 days, static10's hedge spend $30,000 a year (60.0% of the condor credit; $20,000 a year net of what the hedge paid back), condors on 2,520 days. " +
        'Unhedged, the same condors ended at $900,000 (maximum drawdown 30.0%). ' +
        'Hedge sizes are fractions of condor notional on the deltaNotional basis (delta notional, Σ contracts × 100 × |Δ| × the same-expiry VIX future). ' +
        'Option prices are modelled (SPX options on the model smile, VIX options by Black-76 on the same-expiry VIX future), not traded quotes.',
    );
  });

  it('follows the numbers: a lower ALVH equity flips the verdict and the winner', () => {
    const text = answerParagraph(input(800_000));
    expect(text).toMatch(/^Answer: .* static10 won on final equity \(\$1,000,000, .*\) and on maximum drawdown too\./);
    expect(text).toContain('ALVH ended below the classic 10%-of-notional rule (static10): $800,000 against $1,000,000');
  });

  it("uses the engine's net hedge cost (not the hedge P&L) and its condor days", () => {
    const m = metrics({ hedgeCostPerYear: 10, hedgePnlPerYear: -4, hedgeNetCostPerYear: 7, condorDaysOpened: 1234 });
    const text = answerParagraph({ ...input(1_100_000), policies: { alvh: { metrics: m } } });
    expect(text).toContain('$7 a year net of what the hedge paid back), condors on 1,234 days');
  });

  it('says so when every policy lost (nearly) all its capital, instead of naming a winner on final equity', () => {
    const lost = (cagr: number): { metrics: M } => ({ metrics: metrics({ finalEquity: 0.4, cagr, maxDrawdown: 1 }) });
    const text = answerParagraph({ ...input(0), policies: { alvh: lost(-0.3838), static10: lost(-0.384), none: lost(-0.3959) } });
    expect(text).toMatch(/^Answer: from 2020-01-02 to 2020-06-30, starting from \$1,000,000, every policy lost more than 99% of its capital \(CAGR alvh -38\.38%, static10 -38\.40%, none -39\.59%\)/);
    expect(text).not.toContain('won on final equity');
    expect(text).toContain('ALVH against the classic 10%-of-notional rule (static10): CAGR -38.38% against -38.40%');
  });
});
