import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock, IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import { dailySignal } from '../signals/daily.js';
import { checkpointsBefore, closeStore, openStore, saveCheckpoint, CHECKPOINTS_KEPT, type Store } from '../store/index.js';
import { dataFingerprint } from '../engine/checkpoint.js';
import { embedded } from './testing/engine.js';
import { defaultSignalSettings, publishDailySignal, shippedCheckpointText, signalResumePoint, signalSettingsKey, type SignalSettings } from './publishSignal.js';
import { SHIPPED_CHECKPOINT_FILE } from './shippedCheckpoint.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempStore(): Store {
  const d = mkdtempSync(join(tmpdir(), 'alvh-checkpoint-'));
  dirs.push(d);
  let t = 1_780_000_000_000;
  const clock: Clock = { nowMs: () => (t += 1000) };
  return openStore(join(d, 'alvh.sqlite'), clock);
}

/** The signal a full replay from the first day gives (no checkpoint anywhere). */
function fullReplay(data: MarketData, day: IsoDate, s: SignalSettings): unknown {
  return dailySignal(data, day, s.policy, s.condor, DEFAULT_CALIBRATION, { notional: s.notional, costs: DEFAULT_COST_MODEL });
}

/**
 * The engine's part of a published signal: without the ticket, and without the words that
 * come from it (each layer's action and "L1 today: …" line say what the account's orders do).
 */
function withoutTicket(payload: unknown): unknown {
  const { ticket: _t, ...rest } = payload as { ticket: unknown; hedge: { rationale: string[]; layers: { action?: string; engineAction?: string }[] } };
  const hedge = rest.hedge;
  return {
    ...rest,
    hedge: { ...hedge, rationale: hedge.rationale.filter((l) => !/^L\d today:/.test(l)), layers: hedge.layers.map(({ action: _a, engineAction: _e, ...l }) => l) },
  };
}

describe('the shipped engine checkpoint', () => {
  it('is exactly what a full replay gives (else run `npm run checkpoint:update`)', () => {
    const shipped = readFileSync(join('data', SHIPPED_CHECKPOINT_FILE), 'utf8');
    expect(shippedCheckpointText(embedded()), 'data/engine/signal-checkpoint.json is stale: npm run checkpoint:update').toBe(shipped);
  });

  it("serves the default signal of the data's last day, which equals the full replay", () => {
    const data = embedded();
    const last = data.daily.dates[data.daily.n - 1] as IsoDate;
    const s = defaultSignalSettings();
    const resume = signalResumePoint(null, data, last, s);
    expect(resume?.date, 'resumes at the day before').toBe(data.daily.dates[data.daily.n - 2]);
    if (resume === null) return;
    const resumed = dailySignal(data, last, s.policy, s.condor, DEFAULT_CALIBRATION, { notional: s.notional, costs: DEFAULT_COST_MODEL, resume });
    expect(resumed).toEqual(fullReplay(data, last, s));
    expect(signalResumePoint(null, data, last, { ...s, notional: 250_000 }), 'other settings: not used').toBeNull();
    expect(signalResumePoint(null, data, data.daily.dates[data.daily.n - 2] as IsoDate, s), 'not for its own day or before').toBeNull();
  });
});

describe('checkpoints in the store', () => {
  const s = defaultSignalSettings();

  it("resumes the next day's run from the stored day and publishes what a full replay gives", () => {
    const data = embedded();
    const store = tempStore();
    publishDailySignal(store, data, '2020-03-12' as IsoDate, s);
    const key = signalSettingsKey(data, s);
    expect(checkpointsBefore(store, key, '2020-03-13').map((c) => c.date), 'stored with the signal').toEqual(['2020-03-12']);
    expect(signalResumePoint(store, data, '2020-03-13' as IsoDate, s)?.date).toBe('2020-03-12');
    const next = publishDailySignal(store, data, '2020-03-13' as IsoDate, s);
    expect(withoutTicket(next.signal.payload)).toEqual(withoutTicket(JSON.parse(JSON.stringify({ ...(fullReplay(data, '2020-03-13' as IsoDate, s) as object), ticket: null }))));
    closeStore(store);
  });

  it('replays from the first day when the data before the stored day was revised', () => {
    const data = embedded();
    const store = tempStore();
    publishDailySignal(store, data, '2008-10-09' as IsoDate, s);
    const spxClose = data.daily.spxClose.slice();
    spxClose[4000] = (spxClose[4000] as number) * 1.01;
    const revised: MarketData = { ...data, daily: { ...data.daily, spxClose } };
    expect(signalResumePoint(store, revised, '2008-10-10' as IsoDate, s), 'fingerprint differs: not trusted').toBeNull();
    expect(signalResumePoint(store, data, '2008-10-10' as IsoDate, s)?.date, 'unrevised: trusted').toBe('2008-10-09');
    closeStore(store);
  });

  it('ignores an unreadable stored checkpoint (a cache) and replays', () => {
    const data = embedded();
    const store = tempStore();
    const key = signalSettingsKey(data, s);
    const i = data.daily.dates.indexOf('2008-10-09' as IsoDate);
    saveCheckpoint(store, { settingsKey: key, date: '2008-10-09' as IsoDate, dataFingerprint: dataFingerprint(data, i), state: '{"not":"a checkpoint"}' });
    expect(signalResumePoint(store, data, '2008-10-10' as IsoDate, s)).toBeNull();
    closeStore(store);
  });

  it(`keeps the latest ${CHECKPOINTS_KEPT} per settings`, () => {
    const data = embedded();
    const store = tempStore();
    const days = data.daily.dates.slice(7000, 7000 + CHECKPOINTS_KEPT + 2) as IsoDate[];
    for (const d of days) publishDailySignal(store, data, d, s);
    const kept = checkpointsBefore(store, signalSettingsKey(data, s), '9999-12-31').map((c) => c.date);
    expect(kept).toEqual(days.slice(-CHECKPOINTS_KEPT).reverse());
    closeStore(store);
  });
});
