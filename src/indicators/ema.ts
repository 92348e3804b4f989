/**
 * Exponential moving average, TA-Lib convention (TA_EMA, default compatibility): the first
 * output, at index N−1, is the simple average of the first N values; then
 * ema = ema + k (x − ema) with k = 2/(N+1). NaN during warm-up.
 */
import { checkPeriod, type Indicator } from './indicator.js';

export function ema(values: Float64Array, period: number): Float64Array {
  checkPeriod('ema period', period);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (n < period) return out;
  const k = 2 / (period + 1);
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i] as number;
  let prev = sum / period;
  out[period - 1] = prev;
  for (let i = period; i < n; i++) {
    prev += k * ((values[i] as number) - prev);
    out[i] = prev;
  }
  return out;
}

export class EmaStream implements Indicator {
  private readonly k: number;
  private count = 0;
  private sum = 0;
  private value = NaN;

  constructor(readonly period: number) {
    checkPeriod('ema period', period);
    this.k = 2 / (period + 1);
  }

  update(x: number): number {
    this.count++;
    if (this.count < this.period) {
      this.sum += x;
      return NaN;
    }
    if (this.count === this.period) {
      this.sum += x;
      this.value = this.sum / this.period;
    } else {
      this.value += this.k * (x - this.value);
    }
    return this.value;
  }

  get isStable(): boolean {
    return this.count >= this.period;
  }
}
