/**
 * MACD with TA-Lib's alignment (TA_MACD, default compatibility), so that our numbers match
 * TA-Lib's for the same input:
 * - if slow < fast the two periods are swapped (as TA_MACD does);
 * - both EMAs start at index slow−1: the slow EMA is seeded with the simple average of
 *   values[0..slow−1], and the fast EMA is seeded *at the same index* with the simple
 *   average of values[slow−fast..slow−1] (not at index fast−1 as a standalone EMA would be);
 *   k = 2/(period+1) for each;
 * - the MACD line is fast − slow from index slow−1; the signal is an EMA of the MACD line
 *   seeded with the simple average of its first `signal` values;
 * - TA_MACD's first output (line, signal and histogram alike) is at index slow+signal−2
 *   (33 for 12,26,9): all three are NaN before that.
 */
import { checkPeriod, type Indicator } from './indicator.js';

export interface MacdResult {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly hist: Float64Array;
}

function periods(fast: number, slow: number, signal: number): [number, number, number] {
  checkPeriod('macd fast period', fast, 2);
  checkPeriod('macd slow period', slow, 2);
  checkPeriod('macd signal period', signal, 1);
  return slow < fast ? [slow, fast, signal] : [fast, slow, signal];
}

export function macd(values: Float64Array, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): MacdResult {
  const [fast, slow, sig] = periods(fastPeriod, slowPeriod, signalPeriod);
  const n = values.length;
  const line = new Float64Array(n).fill(NaN);
  const signal = new Float64Array(n).fill(NaN);
  const hist = new Float64Array(n).fill(NaN);
  const first = slow + sig - 2;
  if (n <= first) return { macd: line, signal, hist };
  const kf = 2 / (fast + 1);
  const ks = 2 / (slow + 1);
  const kg = 2 / (sig + 1);
  let sumSlow = 0;
  let sumFast = 0;
  for (let i = 0; i < slow; i++) {
    const x = values[i] as number;
    sumSlow += x;
    if (i >= slow - fast) sumFast += x;
  }
  let emaFast = sumFast / fast;
  let emaSlow = sumSlow / slow;
  let sigSum = emaFast - emaSlow;
  // Raw MACD line from slow−1; the signal needs `sig` of them before the first output.
  const raw = new Float64Array(sig);
  raw[0] = sigSum;
  for (let i = slow; i <= first; i++) {
    const x = values[i] as number;
    emaFast += kf * (x - emaFast);
    emaSlow += ks * (x - emaSlow);
    const m = emaFast - emaSlow;
    raw[i - slow + 1] = m;
    sigSum += m;
  }
  let sigEma = sigSum / sig;
  let m = raw[sig - 1] as number;
  line[first] = m;
  signal[first] = sigEma;
  hist[first] = m - sigEma;
  for (let i = first + 1; i < n; i++) {
    const x = values[i] as number;
    emaFast += kf * (x - emaFast);
    emaSlow += ks * (x - emaSlow);
    m = emaFast - emaSlow;
    sigEma += kg * (m - sigEma);
    line[i] = m;
    signal[i] = sigEma;
    hist[i] = m - sigEma;
  }
  return { macd: line, signal, hist };
}

export interface MacdPoint {
  readonly macd: number;
  readonly signal: number;
  readonly hist: number;
}

const WARMING: MacdPoint = { macd: NaN, signal: NaN, hist: NaN };

/** Streaming MACD with the same alignment; `update` returns NaNs while warming up. */
export class MacdStream implements Indicator {
  private readonly fast: number;
  private readonly slow: number;
  private readonly sig: number;
  private readonly buf: Float64Array;
  private count = 0;
  private emaFast = NaN;
  private emaSlow = NaN;
  private sigSum = 0;
  private sigEma = NaN;
  last: MacdPoint = WARMING;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    [this.fast, this.slow, this.sig] = periods(fastPeriod, slowPeriod, signalPeriod);
    this.buf = new Float64Array(this.slow);
  }

  /** Returns the MACD line (NaN while warming up); the full point is in `last`. */
  update(x: number): number {
    return this.next(x).macd;
  }

  next(x: number): MacdPoint {
    const i = this.count++;
    const { fast, slow, sig } = this;
    if (i < slow) {
      this.buf[i] = x;
      if (i < slow - 1) return (this.last = WARMING);
      let s = 0;
      let f = 0;
      for (let j = 0; j < slow; j++) {
        s += this.buf[j] as number;
        if (j >= slow - fast) f += this.buf[j] as number;
      }
      this.emaSlow = s / slow;
      this.emaFast = f / fast;
    } else {
      this.emaFast += (2 / (fast + 1)) * (x - this.emaFast);
      this.emaSlow += (2 / (slow + 1)) * (x - this.emaSlow);
    }
    const m = this.emaFast - this.emaSlow;
    const first = slow + sig - 2;
    if (i < first) {
      this.sigSum += m;
      return (this.last = WARMING);
    }
    if (i === first) this.sigEma = (this.sigSum + m) / sig;
    else this.sigEma += (2 / (sig + 1)) * (m - this.sigEma);
    return (this.last = { macd: m, signal: this.sigEma, hist: m - this.sigEma });
  }

  get isStable(): boolean {
    return this.count > this.slow + this.sig - 2;
  }
}
