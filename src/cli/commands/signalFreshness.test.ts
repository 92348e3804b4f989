import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { nextTradingDay } from '../../core/calendar.js';
import { systemClock, type IsoDate } from '../../core/time.js';
import { closeStore, getHedgeBook, getSignal, listSignals, openStore, signalRevisions, storePath, upsertSeries } from '../../store/index.js';
import type { PublishedSignal } from '../../signals/today.js';
import { loadEmbeddedData } from '../engineInputs.js';
import { reportError } from '../main.js';
import { runCli } from '../testing/run.js';
import { makeRegister } from './signal.js';

/** `alvh signal` alone on a clock fixed at 18:00 New York time of `day` (after the close), ending like `main` does. */
function signalOn(day: IsoDate): (args: string[]) => Promise<{ code: number; out: string; err: string }> {
  const entry = async (argv: readonly string[]): Promise<number> => {
    const program = new Command('alvh').exitOverride();
    makeRegister({ clock: { nowMs: () => Date.parse(`${day}T22:00:00Z`) } })(program);
    program.commands.forEach((c) => c.exitOverride());
    try {
      await program.parseAsync([...argv]);
      return 0;
    } catch (err) {
      return reportError(err);
    }
  };
  return (args) => runCli(args, entry);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempHome(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-fresh-'));
  dirs.push(d);
  return join(d, 'home');
}

/**
 * A home whose data runs two trading days past the embedded data with SPX only (as after an
 * `alvh data update` where Cboe's VIX file lagged): the VIX close of the last day is carried
 * forward from the embedded data's last VIX close.
 */
function homeWithoutVix(): { home: string; last: IsoDate; vixAsOf: IsoDate; vixGap: IsoDate[] } {
  const data = loadEmbeddedData();
  const d = data.daily;
  const d1 = nextTradingDay(d.dates[d.n - 1] as IsoDate);
  const d2 = nextTradingDay(d1);
  let k = d.n - 1;
  while (!Number.isFinite(d.vixClose[k] as number)) k--;
  const vixAsOf = d.dates[k] as IsoDate;
  const home = tempHome();
  const store = openStore(storePath(home), systemClock);
  upsertSeries(store, 'SPX', [d1, d2].flatMap((date, j) => ['open', 'high', 'low', 'close'].map((field) => ({ date, field, value: 7680 + 10 * j }))));
  closeStore(store);
  return { home, last: d2, vixAsOf, vixGap: [...d.dates.slice(k + 1), d1, d2] };
}

describe('alvh signal: freshness as data, --strict, and republishing after new data', () => {
  it('says a stale VIX first (text, JSON, ticket), refuses it under --strict, and republishes once the VIX days arrive', async () => {
    const { home, last, vixAsOf, vixGap } = homeWithoutVix();
    const run = signalOn(last);

    const strict = await run(['signal', '--home', home, '--strict']);
    expect(strict.code, strict.err).toBe(3);
    expect(strict.err).toMatch(new RegExp(`^alvh: --strict: refused \\(exit 3, nothing stored\\): STALE INPUTS .*VIX close as of ${vixAsOf}`));
    expect(strict.err.trimEnd().split('\n'), 'one line').toHaveLength(1);
    const store0 = openStore(storePath(home), systemClock);
    expect(listSignals(store0), 'nothing stored').toEqual([]);
    closeStore(store0);

    const text = await run(['signal', '--home', home]);
    expect(text.code, text.err).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0], 'the stale inputs come first').toMatch(new RegExp(`^STALE INPUTS .*VIX close as of ${vixAsOf} \\(\\d+ trading days old; limit 1\\)`));
    const ticketAt = lines.findIndex((l) => l.startsWith('Order ticket'));
    expect(lines[ticketAt - 1], 'and first on the ticket').toBe(lines[0]);
    const published = await run(['signal', '--home', home, '--json']);
    const s1 = JSON.parse(published.out) as PublishedSignal;
    expect(s1.date).toBe(last);
    expect(Object.keys(s1.inputsAsOf)).toEqual(expect.arrayContaining(['spx', 'vix', 'vix9d', 'vix3m', 'vvix', 'vx', 'breadth', 'rate']));
    expect(s1.inputsAsOf.spx).toBe(last);
    expect(s1.inputsAsOf.vix).toBe(vixAsOf);
    expect(s1.stale.find((x) => x.input === 'vix')).toMatchObject({ asOf: vixAsOf, limitTradingDays: 1 });
    expect(s1.ticket.staleWarning).toBe(lines[0]);

    // `alvh data update` brings the missing VIX days (here: 19.75 every day).
    const store = openStore(storePath(home), systemClock);
    upsertSeries(store, 'VIX', vixGap.flatMap((date) => ['open', 'high', 'low', 'close'].map((field) => ({ date, field, value: 19.75 }))));
    closeStore(store);
    const shown = await run(['signal', '--home', home]);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out, 'the stored signal is shown unchanged, with its stale close').toMatch(new RegExp(`VIX ${s1.inputs.vixClose.toFixed(2)}`));
    expect(shown.out).toMatch(new RegExp(`Newer data since this signal was published: vix now to ${last} \\(was ${vixAsOf}\\)\\. \`alvh signal --republish\``));

    const re = await run(['signal', '--home', home, '--republish', '--reason', 'VIX closes added', '--json']);
    expect(re.code, re.err).toBe(0);
    expect(re.err).toMatch(new RegExp(`Republished the signal of ${last} .* as revision 2 \\(VIX closes added\\)`));
    const s2 = JSON.parse(re.out) as PublishedSignal;
    expect(s2.inputs.vixClose).toBe(19.75);
    expect(s2.inputsAsOf.vix).toBe(last);
    expect(s2.stale.map((x) => x.input), 'VIX is fresh now').not.toContain('vix');
    expect(s1.stale.map((x) => x.input), 'SPX was fresh on the day (the clock is that evening)').not.toContain('spx');
    const after = openStore(storePath(home), systemClock);
    try {
      expect(getSignal(after, last)).toMatchObject({ revision: 2, reason: 'VIX closes added' });
      expect(signalRevisions(after, last).map((r) => [r.revision, (r.payload as PublishedSignal).inputs.vixClose, r.replacedBecause])).toEqual([[1, s1.inputs.vixClose, 'VIX closes added']]);
      expect(getHedgeBook(after)?.date, 'the live book of the day is the new signal’s').toBe(last);
      const l1 = s2.hedge.layers.find((l) => l.name === 'L1');
      expect(getHedgeBook(after)?.positions.filter((p) => p.layer === 'L1').map((p) => p.qty)).toEqual(l1 !== undefined && l1.contracts > 0 ? [l1.contracts] : []);
    } finally {
      closeStore(after);
    }
    const again = await run(['signal', '--home', home, '--json']);
    expect(JSON.parse(again.out), 'alvh signal now prints the latest revision').toEqual(s2);
    expect(again.err).toMatch(/already published .*\(revision 2: VIX closes added\)/);

    const noDay = await run(['signal', '--home', home, '--republish', '--date', '2026-08-03']);
    expect(noDay.code).toBe(2);
    expect(noDay.err).toMatch(/^alvh: --republish: no signal of 2026-08-03 is stored/);
  });

  it('writes the rationale from the ticket: on a fresh store the words say what the orders do', async () => {
    const home = tempHome();
    const r = await runCli(['signal', '--home', home, '--json']);
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as PublishedSignal;
    const hedgeOrders = s.ticket.orders.filter((o) => o.layer !== 'condor');
    expect(hedgeOrders.length, 'a fresh store buys the whole book').toBeGreaterThan(0);
    for (const l of s.hedge.layers) {
      const mine = hedgeOrders.filter((o) => o.layer === l.name);
      const line = s.hedge.rationale.find((x) => x.startsWith(`${l.name} today:`));
      if (mine.length === 0) {
        expect(line, l.name).toMatch(/today: no order/);
        expect(l.action).toBe('no order');
      } else {
        for (const o of mine) expect(line, l.name).toContain(`${o.action.replace(/_/g, ' ')} ${o.qty} ${o.symbol} (new position)`);
        expect(l.action).toBe(mine.map((o) => `${o.action.replace(/_/g, ' ')} ${o.qty} ${o.symbol}`).join(', '));
      }
      expect(line, 'never the engine book’s “hold” beside an opening order').not.toMatch(/hold \(within/);
    }
  });
});

describe('one "today": alvh size --today and alvh signal', () => {
  it('give the same regime, score, target by layer and book from the same inputs', async () => {
    const home = tempHome();
    const size = await runCli(['size', '--today', '--home', home, '--notional', '250000', '--json']);
    expect(size.code, size.err).toBe(0);
    const z = JSON.parse(size.out) as { date: string; regime: string; signalScore: number; targetFraction: number; inputsAsOf: Record<string, string>; layers: { layer: string; alvhFraction: number; alvhContracts: number }[] };
    const sig = await runCli(['signal', '--home', home, '--notional', '250000', '--json']);
    expect(sig.code, sig.err).toBe(0);
    const s = JSON.parse(sig.out) as PublishedSignal;
    expect(z.date).toBe(s.date);
    expect(z.regime).toBe(s.regime);
    expect(z.signalScore, 'one score (the MACD component has its previous value in both)').toBe(s.hedge.signalScore);
    expect(z.targetFraction, 'one target').toBe(s.hedge.targetFraction);
    expect(z.layers.map((l) => [l.layer, l.alvhFraction, l.alvhContracts]), 'one book').toEqual(s.hedge.layers.map((l) => [l.name, l.targetFraction, l.contracts]));
    expect(z.inputsAsOf).toEqual(s.inputsAsOf);
    const text = await runCli(['size', '--today', '--home', home, '--notional', '250000']);
    expect(text.out, 'no "no previous value" fallback').not.toMatch(/no previous value/);
  });
});
