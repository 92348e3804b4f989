/**
 * Opens the rendered report in headless Debian Chromium (playwright-core, no downloaded
 * browser) offline from a file:// URL and checks what a person would see. Fails, never
 * skips, when Chromium is missing: CI installs it in .ci/run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../testing/chromium.js';
import { syntheticResult } from '../backtest/fixture.js';
import { summarize } from '../backtest/summary.js';
import { loadChartAssets } from '../cli/report-assets.js';
import { renderReport } from './html.js';
import { fmtPct, fmtUsd } from './narrative.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-report-'));

afterAll(() => {
  rmSync(join(dir, 'profile'), { recursive: true, force: true });
});

describe('report in a browser', () => {
  it('opens offline without errors, draws every chart and shows the fixture numbers', async () => {
    const result = syntheticResult();
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(result, { assets: loadChartAssets() }));
    // a fresh profile directory (playwright passes it as --user-data-dir)
    const context = await launchChromium(join(dir, 'profile'), { offline: true, width: 1200, height: 900 });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('html[data-charts-ready="4"]', { timeout: 15_000 });

      const sizes = await page.$$eval('.chart canvas', (cs) => cs.map((c) => { const k = c as unknown as { width: number; height: number }; return [k.width, k.height]; }));
      expect(sizes.length, 'one canvas per chart').toBe(4);
      for (const [w, h] of sizes) expect((w ?? 0) > 100 && (h ?? 0) > 100, `canvas ${String(w)}×${String(h)}`).toBe(true);

      const s = summarize(result);
      for (const p of ['none', 'static10', 'alvh', 'vxth']) {
        const m = s[p]?.metrics;
        const cagr = await page.textContent(`#metrics-table td[data-policy="${p}"][data-metric="cagr"]`);
        expect(cagr, `${p} CAGR`).toBe(fmtPct(m?.cagr ?? null, 2));
        const fe = await page.textContent(`#metrics-table td[data-policy="${p}"][data-metric="finalEquity"]`);
        expect(fe, `${p} final equity`).toBe(fmtUsd(m?.finalEquity ?? null));
      }
      const box = await page.$eval('#frontier-crisis', (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; });
      expect((box[0] ?? 0) > 200 && (box[1] ?? 0) > 100, `frontier panel ${box.join('×')}`).toBe(true);
      expect(await page.textContent('#headline')).toMatch(/^ALVH was (better than|level with|worse than) the 10%-of-notional rule/);

      // interactions redraw without errors: log scale, another policy's exposure
      await page.check('#equity-log');
      await page.selectOption('#exposure-policy', 'static10');
      expect(await page.$$eval('.chart canvas', (cs) => cs.length)).toBe(4);

      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size, `screenshot at ${shot}`).toBeGreaterThan(20_000);
      expect(errors, 'console and page errors').toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file://')), 'no network request').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
