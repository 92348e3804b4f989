import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { isoDate } from '../../core/time.js';
import { condorPayoffAtExpiry, makeIronCondor } from '../../portfolio/condor.js';
import type { ScenarioResult } from '../../engine/scenario.js';
import { runCli } from '../testing/run.js';
import { systemClock } from '../../core/time.js';
import { closeStore, openStore, saveSignalOnce, storePath } from '../../store/index.js';
import { fakeSignal } from '../../web/testing/fixtures.js';
import { bookFromJson, layerLegs } from '../scenarioBook.js';
import { describeHolding } from '../../engine/types.js';
import { vixOption } from '../../portfolio/instruments.js';

const BOOK = 'examples/book.json';
const dir = mkdtempSync(join(tmpdir(), 'alvh-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alvh scenario', () => {
  it('--json prints the default 8 × 16 grid; at the condor expiry the condor P&L is the payoff minus today’s mark', async () => {
    const r = await runCli(['scenario', '--book', BOOK, '--horizon', 'expiry', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as ScenarioResult;
    expect(s.date).toBe('2026-01-30');
    expect(s.spot, 'SPX close of 2026-01-30 in data/spx_daily.csv').toBe(6939.03);
    expect(s.vixPts, 'VIX close of 2026-01-30 in data/vix_daily.csv').toBe(17.44);
    expect(s.horizon).toEqual({ kind: 'expiry', days: 3, date: '2026-02-02' });
    expect(s.totalPnlUsd.length).toBe(8);
    expect(s.totalPnlUsd.every((row) => row.length === 16)).toBe(true);
    const condor = makeIronCondor({ putWing: 6750, shortPut: 6800, shortCall: 7040, callWing: 7090, expiry: isoDate('2026-02-02'), qty: 5 });
    s.spxMovesFrac.forEach((m, j) => {
      const expected = condorPayoffAtExpiry(condor, 6939.03 * (1 + m)) - s.baseline.condorUsd;
      for (let i = 0; i < 8; i++) expect(s.condorPnlUsd[i]?.[j], `move ${m}`).toBeCloseTo(expected, 6);
    });
    expect(s.baseline.condorUsd < 0 && s.baseline.condorUsd > -5 * 50 * 100, 'the short condor is marked at minus a credit below the width').toBe(true);
    // the hedge (long VIX calls, a calendar) gains as VIX rises, whatever SPX does
    for (let i = 1; i < 8; i++) expect((s.hedgePnlUsd[i]?.[0] ?? 0) > (s.hedgePnlUsd[i - 1]?.[0] ?? 0), `VIX row ${i}`).toBe(true);
  });

  it('horizon today: no move at today’s VIX is exactly zero, and the text output labels prices as modelled', async () => {
    const r = await runCli(['scenario', '--book', BOOK, '--spx-moves', '-1:1:1', '--vix', '17.44,30', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as ScenarioResult;
    expect(s.totalPnlUsd[0]?.[1]).toBe(0);
    const t = await runCli(['scenario', '--book', BOOK, '--horizon', '5d']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/Total P&L \(modelled\)/);
    expect(t.out).toMatch(/horizon days = 2026-02-04 \(\+5 days\)/);
  });

  it('on a day without a VIX close, uses the last VIX close and says so', async () => {
    // 1997-01-31 is an SPX day absent from the Cboe VIX file (data/CORRECTIONS.md): since the
    // embedded data ends on one common last day, a gap inside the history is the embedded case.
    const book = join(dir, 'late.json');
    writeFileSync(book, JSON.stringify({ hedge: [{ layer: 'F', kind: 'vixFuture', expiration: '1997-02-19', qty: 1 }] }));
    const r = await runCli(['scenario', '--book', book, '--date', '1997-01-31', '--vix', '20', '--spx-moves', '0', '--json']);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out) as ScenarioResult;
    expect(s.vixPts, 'VIX close of 1997-01-30 in data/vix_daily.csv').toBe(19.47);
    expect(s.notes.join(' ')).toMatch(/no VIX close on 1997-01-31: today's VIX is the last close, of 1997-01-30/);
  });

  it('bad flags and books exit 2 naming the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ condor: { expiration: '2026-02-02', legs: [{ type: 'put', strike: -1, qty: 1 }] } }));
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '{');
    for (const [args, field] of [
      [['--horizon', 'tomorrow'], '--horizon'],
      [['--spx-moves', '5:-5:1'], '--spx-moves'],
      [['--vix', '0'], '--vix'],
      [['--date', '2026-01-31'], '--date'],
      [['--futures-beta', '-1'], '--futures-beta'],
    ] as const) {
      const r = await runCli(['scenario', '--book', BOOK, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(new RegExp(`^alvh: ${field}`));
    }
    expect((await runCli(['scenario', '--home', join(dir, 'empty'), '--date', '2026-01-31'])).err, 'no book, no stored signal, not a trading day').toMatch(/^alvh: --date: 2026-01-31 is not a trading day/);
    expect((await runCli(['scenario', '--book', bad])).err).toMatch(/^alvh: --book .*condor\.legs\.0\.strike/);
    expect((await runCli(['scenario', '--book', notJson])).err).toMatch(/^alvh: --book: .* is not JSON/);
  });

  it('without --book values the stored signal of --date (default the latest) from the store', async () => {
    const home = join(dir, 'home');
    const store = openStore(storePath(home), systemClock);
    saveSignalOnce(store, '2026-01-30', fakeSignal('2026-01-30'));
    closeStore(store);
    const r = await runCli(['scenario', '--home', home, '--horizon', 'expiry', '--spx-moves', '0', '--vix', '30', '--json']);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out) as ScenarioResult;
    expect(s.date).toBe('2026-01-30');
    expect(Object.keys(s.hedgePnlByLayerUsd).sort(), 'the layers held in the signal').toEqual(['L1', 'L2']);
    expect(s.condorPnlUsd[0]?.[0], 'the 7 condors expire worthless and keep their mark').toBeCloseTo(-s.baseline.condorUsd, 6);
  });

  it("without --book and without a stored signal, values the engine's signal of --date", async () => {
    const r = await runCli(['scenario', '--home', join(dir, 'nothing'), '--date', '2020-03-16', '--horizon', 'expiry', '--json']);
    expect(r.err).toBe('');
    const s = JSON.parse(r.out) as ScenarioResult;
    const sig = JSON.parse((await runCli(['signal', '--date', '2020-03-16', '--json'])).out) as { condor: { expiration: string; contracts: number }; hedge: { layers: { name: string; contracts: number }[] } };
    expect(s.date).toBe('2020-03-16');
    expect(s.horizon.date, 'the condor of the signal').toBe(sig.condor.expiration);
    const held = sig.hedge.layers.filter((l) => l.contracts > 0).map((l) => l.name).sort();
    expect(Object.keys(s.hedgePnlByLayerUsd).sort(), 'every layer the signal holds').toEqual(held);
    expect(held.length > 0, 'in March 2020 ALVH holds VIX calls').toBe(true);
  });

  it('reads a signal as a book: condor legs and every layer leg from its position', () => {
    const { book, date } = bookFromJson(
      {
        date: '2026-01-30',
        condor: { status: 'opened', expiration: '2026-02-02', legs: [{ type: 'put', strike: 6750, qty: 3 }, { type: 'put', strike: 6800, qty: -3 }], contracts: 3 },
        hedge: {
          policy: 'alvh',
          layers: [
            { name: 'L1', instrument: 'vixCall', position: 'long VIX 2026-04-15 22 call', contracts: 9 },
            { name: 'L3', instrument: 'vixCallCalendar', position: 'long VIX 2026-03-18 25.5 call / short VIX 2026-02-18 25.5 call', contracts: 2 },
            { name: 'L2', instrument: 'vixCall', position: null, contracts: 0 },
          ],
        },
      },
      'signal',
    );
    expect(date).toBe('2026-01-30');
    expect(book.condor?.legs.length).toBe(2);
    expect(book.hedge.map((p) => [p.layer, p.instrument.expiry, p.instrument.kind === 'vixOption' ? p.instrument.strike : null, p.qty])).toEqual([
      ['L1', '2026-04-15', 22, 9],
      ['L3', '2026-03-18', 25.5, 2],
      ['L3', '2026-02-18', 25.5, -2],
    ]);
    expect(() => layerLegs('L1', 'long SPX 2026-04-15 22 call', 1)).toThrow(InputError);
    // the engine's own wording of a calendar reads back into its legs
    const text = describeHolding({ units: 3, legs: [{ instrument: vixOption('call', 27.5, isoDate('2026-03-18')), perUnit: 1 }, { instrument: vixOption('call', 27.5, isoDate('2026-02-18')), perUnit: -1 }] });
    expect(layerLegs('L3', text, 3).map((p) => [p.instrument.expiry, p.instrument.kind === 'vixOption' ? p.instrument.strike : null, p.qty])).toEqual([
      ['2026-03-18', 27.5, 3],
      ['2026-02-18', 27.5, -3],
    ]);
    const skipped = bookFromJson({ condor: { expiration: null, legs: [] }, hedge: [] }, 'b');
    expect(skipped.book.condor, 'a skipped condor is no condor').toBeNull();
  });
});

describe('scenarios of a signal held in the alternative instruments', () => {
  it('reads the ETP and variance-swap layers of a real signal and reprices them (stored signal → dashboard and alvh scenario)', async () => {
    const { embedded } = await import('../testing/engine.js');
    const { dailySignal } = await import('../../signals/daily.js');
    const { readPolicyFile, condorFromFlags } = await import('../engineInputs.js');
    const { DEFAULT_CALIBRATION, dayModel } = await import('../../portfolio/marketModel.js');
    const { runScenario } = await import('../../engine/scenario.js');
    const data = embedded();
    const day = isoDate('2025-04-08');
    const policy = readPolicyFile('--policy', 'examples/policies/alvh-alternatives.yaml');
    const sig = dailySignal(data, day, { name: 'alts', policy }, condorFromFlags({ fixedNotional: true }), DEFAULT_CALIBRATION, { notional: 100_000 });
    // The stored form: canonical JSON, as the store keeps it.
    const { book } = bookFromJson(JSON.parse(JSON.stringify(sig)), 'signal');
    const kinds = book.hedge.map((p) => [p.layer, p.instrument.kind, p.qty]);
    expect(kinds, 'L2 in VIX30D shares and L3 in a variance swap, as the ticket of 2025-04-08 buys them').toEqual([
      ['L1', 'vixOption', 7],
      ['L2', 'etp', 140],
      ['L3', 'varianceSwap', 4],
    ]);
    const i = data.daily.dates.indexOf(day);
    const vix = sig.inputs.vixClose;
    const r = runScenario(dayModel(data, i, DEFAULT_CALIBRATION), vix, book, { spxMovesFrac: [-0.1, 0], vixLevelsPts: [vix, vix * 1.5] }, { kind: 'today' });
    for (const layer of ['L1', 'L2', 'L3']) {
      expect(r.hedgePnlByLayerUsd[layer]?.[0]?.[1], `${layer}: unchanged market, zero`).toBeCloseTo(0, 9);
      expect(r.hedgePnlByLayerUsd[layer]?.[1]?.[1] ?? 0, `${layer}: VIX × 1.5 pays`).toBeGreaterThan(0);
    }
    const etpLayer = sig.hedge.layers.find((l) => l.name === 'L2');
    expect(etpLayer?.alt?.kind === 'etp' ? etpLayer.alt.levelUsd : null, 'the modelled share price of the ticket (81.55 limit, 81.53 mid)').toBeCloseTo(81.53, 2);
  });
});

describe('scenarios of the live book', () => {
  it("accrues a variance swap from the SPX closes exactly as the engine does, and reads the live book's positions", async () => {
    const { embedded } = await import('../testing/engine.js');
    const { dailySignal } = await import('../../signals/daily.js');
    const { readPolicyFile, condorFromFlags } = await import('../engineInputs.js');
    const { DEFAULT_CALIBRATION } = await import('../../portfolio/marketModel.js');
    const { hedgeFromLiveBook, swapAccrual } = await import('../scenarioBook.js');
    const data = embedded();
    const policy = readPolicyFile('--policy', 'examples/policies/alvh-alternatives.yaml');
    const day = isoDate('2025-04-16');
    const sig = dailySignal(data, day, { name: 'alts', policy }, condorFromFlags({ fixedNotional: true }), DEFAULT_CALIBRATION, { notional: 100_000 });
    const swap = sig.hedge.layers.find((l) => l.alt?.kind === 'varianceSwap')?.alt;
    if (swap?.kind !== 'varianceSwap') throw new Error('the alternatives policy holds a variance swap on 2025-04-16');
    expect(swap.observed, 'a few returns observed since the trade').toBeGreaterThan(0);
    expect(swapAccrual(data, swap.tradeDate, swap.expiry, day), 'the accrual from the closes is the engine\'s').toEqual({ returns: swap.returns, observed: swap.observed, sumSqLogReturns: swap.sumSqLogReturns });

    const etpAlt = sig.hedge.layers.find((l) => l.alt?.kind === 'etp')?.alt;
    const level = etpAlt?.kind === 'etp' ? etpAlt.levelUsd : Number.NaN;
    const live = [
      { layer: 'L1', instrument: { kind: 'vixOption', type: 'call', strike: 30, expiry: '2025-06-18', multiplier: 100 }, qty: 3 },
      { layer: 'L2', instrument: { kind: 'etp', symbol: 'VIX30D', asOf: '2025-04-16', levelAsOf: 77.5 }, qty: 40 },
      { layer: 'L3', instrument: { kind: 'varianceSwap', strikeVar: swap.strikeVar, tradeDate: swap.tradeDate, expiry: swap.expiry }, qty: 2 },
    ];
    const hedge = hedgeFromLiveBook(live, [], data, day);
    expect(hedge.map((h) => [h.layer, h.instrument.kind, h.qty])).toEqual([
      ['L1', 'vixOption', 3],
      ['L2', 'etp', 40],
      ['L3', 'varianceSwap', 2],
    ]);
    expect(hedge[1]?.instrument.kind === 'etp' ? hedge[1].instrument.levelUsd : null, 'the level recorded with the shares').toBe(77.5);
    expect(hedge[2]?.instrument.kind === 'varianceSwap' ? hedge[2].instrument.observed : null, 'accrued from the closes').toBe(swap.observed);
    const settled = [{ layer: 'L1', instrument: { kind: 'vixOption', type: 'call', strike: 30, expiry: '2025-04-16', multiplier: 100 }, qty: 3 }, { layer: 'L1', instrument: { kind: 'vixOption', type: 'call', strike: 30, expiry: '2025-03-18', multiplier: 100 }, qty: 5 }];
    expect(hedgeFromLiveBook(settled, [], data, day).map((h) => h.qty), 'an option that expired before the day has settled; one expiring on it is valued').toEqual([3]);
    const noLevel = [{ layer: 'L2', instrument: { kind: 'etp', symbol: 'VIX30D', asOf: '2025-04-01' }, qty: 40 }];
    expect(() => hedgeFromLiveBook(noLevel, [], data, day), 'no level of the day anywhere').toThrow(/level of 2025-04-16 is unknown/);
    const fromSignal = hedgeFromLiveBook(noLevel, [{ layer: 'L2', instrument: { kind: 'etp', symbol: 'VIX30D', expiry: null, levelUsd: level }, qty: 1 }], data, day);
    expect(fromSignal[0]?.instrument.kind === 'etp' ? fromSignal[0].instrument.levelUsd : null, "else the signal's level").toBe(level);
  });
});
