/**
 * Relative Strength Index, Wilder's smoothing in TA-Lib's convention (TA_RSI, default
 * compatibility): the first output is at index N, from the simple averages of the first N
 * changes; after that avg = (avg·(N−1) + change)/N. When average gain and loss are both 0
 * (a flat series) TA-Lib outputs 0, and so do we. Output in [0, 100]; NaN during warm-up.
 */
import { checkPeriod, type Indicator } from './indicator.js';

export function rsi(values: Float64Array, period: number): Float64Array {
  checkPeriod('rsi period', period);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (n <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  out[period] = ratio(gain, loss);
  for (let i = period + 1; i < n; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    gain = (gain * (period - 1) + (d > 0 ? d : 0)) / period;
    loss = (loss * (period - 1) + (d < 0 ? -d : 0)) / period;
    out[i] = ratio(gain, loss);
  }
  return out;
}

function ratio(gain: number, loss: number): number {
  const total = gain + loss;
  return total === 0 ? 0 : 100 * (gain / total); // as TA-Lib: stays within [0, 100]
}

export class RsiStream implements Indicator {
  private count = 0;
  private prev = NaN;
  private gain = 0;
  private loss = 0;

  constructor(readonly period: number) {
    checkPeriod('rsi period', period);
  }

  update(x: number): number {
    const d = x - this.prev;
    this.prev = x;
    this.count++;
    if (this.count === 1) return NaN;
    const up = d > 0 ? d : 0;
    const down = d < 0 ? -d : 0;
    const changes = this.count - 1;
    if (changes <= this.period) {
      this.gain += up;
      this.loss += down;
      if (changes < this.period) return NaN;
      this.gain /= this.period;
      this.loss /= this.period;
    } else {
      this.gain = (this.gain * (this.period - 1) + up) / this.period;
      this.loss = (this.loss * (this.period - 1) + down) / this.period;
    }
    return ratio(this.gain, this.loss);
  }

  get isStable(): boolean {
    return this.count > this.period;
  }
}
