import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../core/time.js';
import { closeStore, getHedgeBook, getSignal, listSignals, openStore, saveHedgeBook, type HedgePosition, type Store } from '../store/index.js';
import { publishSignal, STORE_WRITES } from './publishSignal.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempStore(): Store {
  const d = mkdtempSync(join(tmpdir(), 'alvh-publish-'));
  dirs.push(d);
  let t = 1_780_000_000_000;
  const clock: Clock = { nowMs: () => (t += 1000) };
  return openStore(join(d, 'alvh.sqlite'), clock);
}

const L1: HedgePosition = { layer: 'L1', instrumentKey: 'VIX 2026-10-21 27 C', instrument: { kind: 'vixOption', type: 'call', strike: 27, expiry: '2026-10-21', multiplier: 100 }, qty: 11, entryPrice: 1.84 };

describe('publishing the daily signal', () => {
  it('stores the signal and the live book once; a second run returns the stored one without computing', () => {
    const store = tempStore();
    let calls = 0;
    const compute = (): { payload: unknown; book: HedgePosition[] } => {
      calls++;
      return { payload: { date: '2026-07-23', run: calls }, book: [L1] };
    };
    const a = publishSignal(store, '2026-07-23', compute);
    const b = publishSignal(store, '2026-07-23', compute);
    expect(a.status).toBe('inserted');
    expect(b.status).toBe('existing');
    expect(calls, 'the second run computes nothing').toBe(1);
    expect(b.signal).toEqual(a.signal);
    expect(listSignals(store), 'one row per date').toHaveLength(1);
    expect(getHedgeBook(store)?.positions).toEqual([L1]);
    expect(getHedgeBook(store)?.date).toBe('2026-07-23');
    closeStore(store);
  });

  it('passes the live book on or before the date to compute', () => {
    const store = tempStore();
    saveHedgeBook(store, '2026-07-20', [L1]);
    let seen: unknown = 'not called';
    publishSignal(store, '2026-07-23', (live) => {
      seen = live;
      return { payload: {}, book: [] };
    });
    expect(seen).toEqual({ date: '2026-07-20', positions: [L1] });
    expect(getHedgeBook(store)?.positions, 'the 07-23 snapshot is the (empty) target book').toEqual([]);
    expect(getHedgeBook(store, '2026-07-22')?.positions, 'earlier snapshots are kept').toEqual([L1]);
    closeStore(store);
  });

  it('writes neither the signal nor the book when the book write fails after the signal write', () => {
    const store = tempStore();
    saveHedgeBook(store, '2026-07-20', [L1]);
    const failing = {
      ...STORE_WRITES,
      saveHedgeBook: (...args: Parameters<typeof STORE_WRITES.saveHedgeBook>): never => {
        STORE_WRITES.saveHedgeBook(...args); // the write happens, then the process "fails"
        throw new Error('disk full');
      },
    };
    expect(() => publishSignal(store, '2026-07-23', () => ({ payload: { x: 1 }, book: [] }), failing)).toThrow(/disk full/);
    expect(getSignal(store, '2026-07-23'), 'signal rolled back').toBeNull();
    expect(getHedgeBook(store)?.date, 'book rolled back to the previous snapshot').toBe('2026-07-20');
    expect(getHedgeBook(store)?.positions).toEqual([L1]);
    // And a failure before the book write (a bad position) rolls the signal back too.
    const bad = { ...L1, qty: 1.5 };
    expect(() => publishSignal(store, '2026-07-23', () => ({ payload: { x: 1 }, book: [bad] }))).toThrow(/qty: must be a whole number/);
    expect(getSignal(store, '2026-07-23')).toBeNull();
    // The next healthy run publishes normally.
    expect(publishSignal(store, '2026-07-23', () => ({ payload: { x: 2 }, book: [] })).status).toBe('inserted');
    expect(getSignal(store, '2026-07-23')?.payload).toEqual({ x: 2 });
    closeStore(store);
  });

  it('keeps the first signal when another process publishes the date between compute and write', () => {
    const store = tempStore();
    const r = publishSignal(store, '2026-07-23', () => {
      // Another process wins the race while this one computes.
      publishSignal(store, '2026-07-23', () => ({ payload: { by: 'other' }, book: [L1] }));
      return { payload: { by: 'me' }, book: [] };
    });
    expect(r.status).toBe('existing');
    expect(r.signal.payload).toEqual({ by: 'other' });
    expect(getHedgeBook(store)?.positions, 'the winner’s book is kept').toEqual([L1]);
    closeStore(store);
  });
});
