/**
 * The dashboard in headless Chromium: the real server on port 0 with injected fakes and
 * the real uPlot, loaded like a user would. Checks no console error, no CSP violation,
 * the numbers shown equal the API's, the charts and heat map are drawn, and the token
 * form stores a signal.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticResult } from '../backtest/fixture.js';
import { toBacktestJson } from '../backtest/summary.js';
import { answerParagraph, type AnswerInput } from '../report/narrative.js';
import { loadChartAssets, loadClientScript } from '../cli/report-assets.js';
import { launchChromium } from '../testing/chromium.js';
import { reviseSignal, saveHedgeBook } from '../store/index.js';
import { createApp } from './app.js';
import { startServer } from './server.js';
import { fakeDeps, fakeSignal, storeWithSignals, TOKEN } from './testing/fixtures.js';

/** The page's document as the waits use it (functions, not strings: the CSP forbids eval). */
type Doc = { document: { getElementById(i: string): { textContent: string | null } | null } };

const dir = mkdtempSync(join(tmpdir(), 'alvh-web-'));
afterAll(() => rmSync(join(dir, 'profile'), { recursive: true, force: true }));

describe('dashboard in a browser', () => {
  it('loads without errors, shows the API numbers, draws the panels and stores a signal with the token', async () => {
    // 35 stored signals, the weekdays up to 2026-01-29: the table lists the latest 30 until "show all"
    const dates: string[] = [];
    for (let t = Date.UTC(2026, 0, 29); dates.length < 35; t -= 86_400_000) if (![0, 6].includes(new Date(t).getUTCDay())) dates.unshift(new Date(t).toISOString().slice(0, 10));
    const store = storeWithSignals(dates);
    // the account's live book of the latest signal (as if its ticket filled)
    saveHedgeBook(store, '2026-01-29', [
      { layer: 'L1', instrumentKey: 'VIX 2026-04-15 22 C', instrument: { kind: 'vixOption', type: 'call', strike: 22, expiry: '2026-04-15', multiplier: 100 }, qty: 9, entryPrice: 1.5 },
      { layer: 'L2', instrumentKey: 'VIX 2026-03-18 20 C', instrument: { kind: 'vixOption', type: 'call', strike: 20, expiry: '2026-03-18', multiplier: 100 }, qty: 11, entryPrice: 1.1 },
    ]);
    // the latest signal was republished after new data; its breadth input is still stale
    reviseSignal(store, '2026-01-29', { ...fakeSignal('2026-01-29', { regime: 'moderate', targetFraction: 0.41, signalScore: 0.5 }), stale: [{ input: 'breadth', asOf: '2026-01-20', ageTradingDays: 7, limitTradingDays: 1 }] }, 'VIX closes added');
    const a = loadChartAssets();
    // long enough for the chart to be sampled (the crisis table and the full series come from /api/backtest)
    // with an equal-cost block as `alvh backtest --equal-cost` writes it
    const measures = { netHedgeCostPerYear: 1282.4, crisisHedgePnl: 8661, crisisHedgeReturn: 0.006, crisisPayoffPerCostUsd: 0.18, cagr: -0.36, sharpe: -1.2, maxDrawdown: 0.99, worstCrisisDrawdown: 0.3, finalEquity: 3.5 };
    const equalCost = { tolerance: 0.01, policies: [{ name: 'alvh', basis: 'deltaNotional', adaptive: measures, matched: { ...measures, netHedgeCostPerYear: 1272, targetFraction: 0.1278 }, statics: [], note: null }] };
    const app = createApp({ ...fakeDeps(store, () => ({ ...toBacktestJson(syntheticResult({ days: 1500 })), equalCost })), assets: { uplotJs: a.js, uplotCss: a.css, appJs: loadClientScript('dashboard') } });
    const server = await startServer(app, { host: '127.0.0.1', port: 0 });
    const context = await launchChromium(join(dir, 'profile'));
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const foreign: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
      });
      const apiRequests: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/')) apiRequests.push(r.url());
      });
      await page.goto(`${server.url}/`);
      await page.waitForSelector('html[data-ready="1"]', { timeout: 20_000 });
      expect(apiRequests, 'the first view draws from the answers embedded in the page').toEqual([]);

      const api = (await (await fetch(`${server.url}/api/signal/latest`)).json()) as {
        signal: { condor: { contracts: number; creditPerContract: number }; hedge: { targetFraction: number; signalScore: number } };
      };
      const c = api.signal.condor;
      const h = api.signal.hedge;
      expect(await page.textContent('#contracts'), 'contracts').toBe(String(c.contracts));
      expect(Number(await page.getAttribute('#contracts', 'data-value'))).toBe(c.contracts);
      expect(await page.textContent('#credit'), 'credit').toBe(`${c.creditPerContract.toFixed(2)} USD`);
      expect(Number(await page.getAttribute('#credit', 'data-value'))).toBe(c.creditPerContract);
      expect(await page.textContent('#target-fraction'), 'target fraction').toBe(`${(h.targetFraction * 100).toFixed(2)}%`);
      expect(Number(await page.getAttribute('#target-fraction', 'data-value'))).toBe(h.targetFraction);
      expect(await page.textContent('#signal-score')).toBe(h.signalScore.toFixed(3));
      // a stale input is said first, and the latest revision says it was revised
      expect(await page.isVisible('#signal-stale')).toBe(true);
      expect(await page.textContent('#signal-stale')).toBe('STALE INPUTS: breadth as of 2026-01-20 (7 trading days old; limit 1). Values are carried forward; run alvh data update, then alvh signal --republish.');
      expect(await page.textContent('#headline')).toMatch(/^STALE INPUTS — 2026-01-29/);
      expect(await page.textContent('#headline'), 'a notional basis').toMatch(/, hedge target 41\.00% of notional$/);
      expect(await page.textContent('#signal-revision')).toBe('Revised: revision 2 (VIX closes added); the earlier version is kept in the store.');
      // the legends show the last day's values without hovering
      const legend = await page.$$eval('#chart-score .u-legend .u-series', (trs) => trs.map((tr) => [tr.querySelector('.u-label')?.textContent, tr.querySelector('.u-value')?.textContent]));
      expect(legend.slice(0, 3), 'date, score and target of the latest signal').toEqual([['date', '2026-01-29'], ['signal score', '0.5'], ['target (fraction of notional)', '41.00%']]);
      expect(await page.$$eval('#rationale li', (li) => li.length), 'rationale lines').toBe(2);
      expect(await page.$$eval('#book-table tbody tr', (tr) => tr.length), 'one row per layer').toBe(3);
      const liveApi = (await (await fetch(`${server.url}/api/book`)).json()) as { stored: { source: string; positions: { instrumentKey: string; qty: number }[] } };
      const liveRows = await page.$$eval('#live-book-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(liveRows.map((r) => [r[1], Number(r[2])]), 'the live book as the API has it').toEqual(liveApi.stored.positions.map((p) => [p.instrumentKey, p.qty]));
      expect(await page.getAttribute('#live-book-source', 'data-value'), 'where it comes from').toBe('signal');
      expect(await page.textContent('#live-book-source')).toContain('as if the ticket filled');
      expect(await page.$$eval('#history-table tbody tr', (tr) => tr.length), 'the latest 30 stored signals').toBe(30);
      expect(await page.textContent('#history-table tbody tr:first-child td'), 'latest first').toBe('2026-01-29');
      await page.click('#history-all');
      expect(await page.$$eval('#history-table tbody tr', (tr) => tr.length), 'one row per stored signal').toBe(35);
      expect(await page.isHidden('#history-all'), 'nothing more to show').toBe(true);

      // the heat map: 4 VIX rows × 4 moves from the fake scenario, cell values equal the API's
      const scen = (await (await fetch(`${server.url}/api/scenario?horizon=today`)).json()) as { totalPnlUsd: number[][] };
      const cells = await page.$$eval('#heatmap tbody td', (tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
      expect(cells.length).toBe(16);
      const expected = [...scen.totalPnlUsd].reverse().flat();
      expect(cells, 'cells, top row = highest VIX').toEqual(expected);
      const bg = await page.$eval('#heatmap tbody td', (td) => (td as unknown as { style: { backgroundColor: string } }).style.backgroundColor);
      expect(bg, 'colour-scaled').toMatch(/^rgb\(/);
      await page.hover('#heatmap tbody tr:first-child td:nth-child(2)');
      expect(await page.textContent('#scenario-readout')).toMatch(/^SPX −?-?10\.00%, VIX 80: /);

      const canvases = await page.$$eval('.chart canvas', (cs) => cs.map((x) => { const k = x as unknown as { width: number; height: number }; return [k.width, k.height]; }));
      expect(canvases.length, 'payoff, score history, equity').toBe(3);
      for (const [w, hh] of canvases) expect((w ?? 0) > 100 && (hh ?? 0) > 100, `canvas ${String(w)}×${String(hh)}`).toBe(true);
      // the crisis table shows the full comparison's numbers; the chart says it is sampled and where the full series is
      const full = (await (await fetch(`${server.url}/api/backtest`)).json()) as { policies: Record<string, { crises: { netPnl: number; hedgePnl: number }[] }> };
      const names = Object.keys(full.policies);
      const crisisCells = await page.$$eval('#crisis-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td[data-value]')].map((td) => Number(td.getAttribute('data-value')))));
      const crisesOf = (n: string) => full.policies[n]?.crises ?? [];
      expect(crisisCells.length, 'crisis rows').toBe(crisesOf(names[0] ?? '').length);
      expect(crisisCells.length).toBeGreaterThan(0);
      crisisCells.forEach((cellsK, k) => {
        expect(cellsK, `crisis ${k}: net then hedge P&L of each policy`).toEqual([...names.map((n) => crisesOf(n)[k]?.netPnl), ...names.map((n) => crisesOf(n)[k]?.hedgePnl)]);
      });
      const view = (await (await fetch(`${server.url}/api/backtest/view`)).json()) as { sampled: { points: number; days: number } };
      expect(view.sampled.points, 'sampled').toBeLessThan(view.sampled.days);
      expect(Number(await page.getAttribute('#backtest-status', 'data-value')), 'points drawn').toBe(view.sampled.points);
      expect(await page.textContent('#backtest-status')).toContain(`draws ${view.sampled.points.toLocaleString('en-US')} of the 1,500 trading days`);
      expect(await page.textContent('#backtest-status')).toContain('the full daily series is at /api/backtest');
      expect(await page.textContent('header')).toContain('modelled');
      // the answer in words at the top of the page: the paragraph alvh backtest prints, from the same JSON
      expect(await page.textContent('#answer')).toBe(answerParagraph(full as unknown as AnswerInput));
      expect(await page.textContent('#answer')).toMatch(/^Answer: from \d{4}-\d\d-\d\d to /);
      expect(await page.$eval('main > section', (sec) => sec.id), 'the first section of the page').toBe('answer-section');
      // the efficient frontier: two panels with a point per policy that has a net hedge cost
      expect(await page.$$eval('#frontier svg', (x) => x.length), 'frontier panels').toBe(2);
      const frontierNames = await page.$$eval('#frontier-drawdown .frontier-point', (gs) => gs.map((g) => g.getAttribute('data-name')));
      expect(frontierNames.length, 'frontier points').toBeGreaterThan(0);
      for (const n of frontierNames) expect([...names, "static 0.1278 (= alvh's cost)"], `frontier point ${String(n)}`).toContain(n);
      expect(frontierNames, 'the cost-matched static on the frontier').toContain("static 0.1278 (= alvh's cost)");
      // the equal-cost table: each adaptive policy, then its cost-matched static
      const eqRows = await page.$$eval('#equal-cost-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      expect(eqRows.map((r) => r.slice(0, 3))).toEqual([['alvh', 'deltaNotional', '$1,282'], ['  static L1 at 0.1278', 'deltaNotional', '$1,272']]);
      expect(await page.$eval('#equal-cost-table', (t) => (t as unknown as { hidden: boolean }).hidden)).toBe(false);

      // a wrong token is refused, the right one stores today's signal and the page reloads it
      await page.fill('#token', 'wrong-token-wrong-token');
      await page.click('#compute');
      await page.waitForFunction(() => /Authorization/.test((globalThis as unknown as Doc).document.getElementById('compute-status')?.textContent ?? ''));
      await page.fill('#token', TOKEN);
      await page.click('#compute');
      await page.waitForFunction(() => (globalThis as unknown as Doc).document.getElementById('signal-date')?.textContent === '2026-01-30');
      await page.waitForSelector('html[data-ready="1"]');
      expect(await page.textContent('#target-fraction')).toBe('31.25%');

      const shot = join(dir, 'dashboard.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size, `screenshot at ${shot}`).toBeGreaterThan(20_000);
      // the 401 of the wrong token is the only console message Chromium logs (a failed fetch)
      expect(errors.filter((e) => !/status of 401/.test(e)), 'console and page errors').toEqual([]);
      expect(foreign, 'no request leaves the server').toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it("draws the backtest's regime and exposure history when few signals are stored, its legend showing the last day", async () => {
    const store = storeWithSignals(['2026-01-29']);
    // a signal of a ratio-basis policy: its target is VIX calls per condor contract, not a share of notional
    const ratio = fakeSignal('2026-01-29', { targetFraction: 0.125 });
    reviseSignal(store, '2026-01-29', { ...ratio, hedge: { ...(ratio.hedge as Record<string, unknown>), policy: 'alvh-ratio', basis: 'ratio' } }, 'ratio basis');
    const a = loadChartAssets();
    // the backtest's book of that policy: its exposure in VIX calls per condor contract (0.125 is not 12.50%)
    const history = { policy: 'alvh-ratio', basis: 'ratio', dates: ['2026-01-27', '2026-01-28', '2026-01-29'], regime: ['low', 'moderate', 'moderate'], exposure: [0.07, 0.12, 0.125] };
    const app = createApp({ ...fakeDeps(store, () => toBacktestJson(syntheticResult({ days: 300 }))), assets: { uplotJs: a.js, uplotCss: a.css, appJs: loadClientScript('dashboard') }, engineHistory: () => history });
    const server = await startServer(app, { host: '127.0.0.1', port: 0 });
    const context = await launchChromium(join(dir, 'profile'));
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForSelector('html[data-ready="1"]', { timeout: 20_000 });
      expect(await page.textContent('#history-note')).toBe(
        "Only 1 signal stored: the chart draws the backtest's alvh-ratio book over its last 3 trading days (the same run as alvh signal): its regime and the hedge exposure it held, in VIX calls per condor contract (modelled prices).",
      );
      const legend = await page.$$eval('#chart-score .u-legend .u-series', (trs) => trs.map((tr) => [tr.querySelector('.u-label')?.textContent, tr.querySelector('.u-value')?.textContent]));
      expect(legend).toEqual([['date', '2026-01-29'], ['hedge exposure held (VIX calls per condor contract)', '0.125'], ['regime (0 low, 1 moderate, 2 high)', '1']]);
      expect(await page.textContent('#headline')).toMatch(/, hedge target 0\.125 \(ratio basis\)$/);
      expect([await page.textContent('#target-fraction'), await page.textContent('#basis')]).toEqual(['0.125', 'ratio']);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
