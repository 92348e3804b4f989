import { describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy } from '../hedge/policy.js';
import { signalScore } from '../hedge/signalScore.js';
import { ablationVariants } from './ablation.js';

describe('signal ablation', () => {
  const variants = ablationVariants(defaultPolicy('alvh'));
  it('switches off each component in turn, the triggers, and everything (bands only); every variant is a valid policy', () => {
    expect(variants.map((v) => v.name)).toEqual(['full', 'no-rsi', 'no-macd', 'no-breadth', 'no-events', 'no-triggers', 'bands-only']);
    for (const v of variants) expect(parsePolicy(v.policy), v.name).toEqual(v.policy);
    expect(variants[2]?.policy.signal.weights).toEqual({ rsi: 1, macd: 0, breadth: 1, events: 1 });
  });
  it('bands only: the score sits at the middle of the band whatever the inputs', () => {
    const p = variants.find((v) => v.name === 'bands-only')?.policy;
    if (p === undefined) throw new Error('no bands-only variant');
    const s = signalScore(p.signal, { vixRsi14: 95, spxMacdHist: -5, spxMacdHistPrev: 1, breadthDivergence01: 1, tradingDaysToNextEvent: 1 });
    expect(s.score01).toBe(0.5);
  });
});
