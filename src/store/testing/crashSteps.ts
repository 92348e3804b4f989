/** The deterministic steps of the crash test (shared by the writer and the test). */
import { addDays, isoDate } from '../../core/time.js';

export const CRASH_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

export function crashDay(i: number): string {
  return addDays(isoDate('2000-01-01'), i);
}

/** The deterministic payload of day i: large enough to span several pages. */
export function crashPayload(i: number): { day: number; values: number[] } {
  return { day: i, values: Array.from({ length: 400 }, (_, k) => Math.sin(i * 1000 + k) * 100) };
}
