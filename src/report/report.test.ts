import { describe, expect, it } from 'vitest';
import { isoDate } from '../core/time.js';
import { syntheticResult } from '../backtest/fixture.js';
import { summarize } from '../backtest/summary.js';
import { allocatePolicyRun, type BacktestResult } from '../backtest/types.js';
import { capitalGuard } from '../backtest/capital.js';
import { loadChartAssets } from '../cli/report-assets.js';
import { renderReport, escapeHtml, presetsSection } from './html.js';
import { buildNarrative, crisisNetTotals, exposureByRegime, fmtPct } from './narrative.js';
import { modelledNotice } from '../market/modelledNotice.js';

const assets = loadChartAssets();

describe('renderReport', () => {
  const result = syntheticResult();
  const html = renderReport(result, { assets, generatedAt: '2026-11-23' });

  it('is one self-contained file: no external URL, no external script or stylesheet', () => {
    expect(html, 'no http(s) address anywhere').not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html, 'uPlot is inlined').toContain('uPlot');
    expect(html, 'its MIT notice travels with it').toContain('Copyright (c) 2022 Leon Sorokin');
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('shows the metrics of every policy from the numbers', () => {
    const s = summarize(result);
    for (const p of ['none', 'static10', 'alvh', 'vxth']) {
      const cagr = s[p]?.metrics.cagr ?? null;
      expect(html, `${p} CAGR cell`).toContain(`data-policy="${p}" data-metric="cagr" data-value="${String(cagr)}">${fmtPct(cagr, 2)}<`);
    }
    expect(html).toContain('id="crisis-table"');
    expect(html).toContain('data-crisis="2020 Covid" data-policy="alvh"');
    expect(html).toContain('Option prices are modelled');
    expect(html).toContain('on 2026-11-23');
  });

  it('shows the attribution tables the caller gives, escaped, and no section without them', () => {
    expect(html).not.toContain('id="attribution-h"');
    const withTables = renderReport(result, {
      assets,
      attribution: { note: 'gap = previous close → open <b>', tables: [{ policy: 'alvh', caption: 'alvh: 2 of 5 condors lost', header: ['side', 'losses'], rows: [['put breach', '2'], ['all losses', '2']] }] },
    });
    expect(withTables).toContain('id="attribution-h"');
    expect(withTables).toContain('<table class="attribution" data-policy="alvh"><caption>alvh: 2 of 5 condors lost</caption><thead><tr><th scope="col">side</th><th scope="col">losses</th></tr></thead>');
    expect(withTables).toContain('<tr><th scope="row">put breach</th><td>2</td></tr>');
    expect(withTables).toContain('gap = previous close → open &lt;b&gt;');
  });

  it('escapes text and refuses an empty result', () => {
    const r: BacktestResult = { ...syntheticResult({ days: 40 }), notes: ['<script>alert(1)</script>'] };
    const h = renderReport(r, { assets, title: 'A & B' });
    expect(h).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(h).toContain('<title>A &amp; B</title>');
    expect(() => renderReport({ ...r, policies: {} }, { assets })).toThrow(/policies/);
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});

describe('the generated answer follows the numbers', () => {
  it('names the winner on each measure and flips when the policies swap', () => {
    const r = syntheticResult();
    const s = summarize(r);
    const n = buildNarrative(r, s);
    // in the fixture static10 beats alvh on CAGR, drawdown and Sharpe but not on crisis P&L
    expect(n.headline).toBe('ALVH was worse than the 10%-of-notional rule on this run (1 of 5 measures).');
    expect(n.paragraphs[0]).toContain('highest CAGR: static10');
    const a = r.policies.alvh;
    const b = r.policies.static10;
    if (!a || !b) throw new Error('fixture policies');
    const swapped: BacktestResult = { ...r, policies: { ...r.policies, alvh: b, static10: a } };
    const n2 = buildNarrative(swapped, summarize(swapped));
    expect(n2.headline).toBe('ALVH was better than the 10%-of-notional rule on this run (4 of 5 measures).');
    expect(n2.paragraphs[0]).toContain('highest CAGR: alvh');
  });

  it('reports the ALVH exposure per regime and crisis totals over common windows', () => {
    const r = syntheticResult();
    const ex = exposureByRegime(r, 'alvh');
    expect(ex.byRegime.low, 'fixture: 7% in low regimes').toBeCloseTo(0.07, 12);
    expect(ex.byRegime.high).toBeCloseTo(0.3, 12);
    const t = crisisNetTotals(summarize(r));
    expect(t.windows).toBe(1);
    expect(Object.keys(t.totals).sort()).toEqual(['alvh', 'none', 'static10', 'vxth']);
  });
});

describe('modelled-data notice', () => {
  it('lists only what applies to the date range', () => {
    const recent = modelledNotice(isoDate('2023-01-03'), isoDate('2024-12-31'));
    expect(recent.some((t) => t.includes('Daily SPX expiries'))).toBe(false);
    expect(recent.some((t) => t.includes('SPX option prices are modelled'))).toBe(true);
    const all = modelledNotice(isoDate('1990-01-02'), isoDate('2025-01-02'), ['extra']);
    expect(all.length).toBe(9);
    expect(all.at(-1)).toBe('extra');
  });
});

describe('capital guards in the report', () => {
  it('shows each policy’s IRR with and without the hedge and the CAPM hurdle with the premium used', () => {
    const r = syntheticResult();
    const html = renderReport(r, { assets });
    const g = capitalGuard(r.dates, r.policies.alvh ?? allocatePolicyRun('x', 1), r.market);
    expect(html).toContain('id="capital-table"');
    expect(html).toContain('equity premium 5.0%');
    expect(html).toContain(`<tr data-policy="alvh"><th scope="row">alvh</th><td>${g.measuredTo ?? ''}</td>`);
    expect(html).toContain(`<td data-value="${String(g.irrWithHedge)}">`);
    expect(html).toContain(`<td data-value="${String(g.capmRequiredFrac)}">`);
    expect(html, 'no hedge: contribution 0').toContain('<tr data-policy="none"><th scope="row">none</th>');
  });
});

describe('the presets table', () => {
  const fig = (scale: number, dd: number, crisis: string | null) => ({ scale, worstCrisisDrawdown: dd, worstCrisis: crisis, hedgeNetCostOfCredit: 0.1 * scale, hedgeNetCostPerYear: 100 * scale, cagr: 0.05, maxDrawdown: dd });

  it('shows the steward and the chosen promoter, or the nearest scale when none is under the limit', () => {
    const chosen = presetsSection({ steward: fig(1, 0.25, '2020 Covid'), promoter: { maxCrisisDrawdown: 0.3, candidates: [fig(0, 0.4, '2020 Covid'), fig(0.5, 0.28, '2020 Covid')], chosen: fig(0.5, 0.28, '2020 Covid'), safest: fig(0.5, 0.28, '2020 Covid') } });
    expect(chosen).toMatch(/<tr data-preset="steward"><th scope="row">steward<\/th><td>1\.000<\/td><td>25\.0%<\/td><td>2020 Covid<\/td>/);
    expect(chosen).toContain('The promoter is the ALVH bands × 0.500');
    const none = presetsSection({ steward: fig(1, 0.5, '2008 Sep-Nov'), promoter: { maxCrisisDrawdown: 0.2, candidates: [fig(0, 0.45, '2008 Sep-Nov'), fig(1, 0.5, '2008 Sep-Nov')], chosen: null, safest: fig(0, 0.45, '2008 Sep-Nov') } });
    expect(none).toContain('data-preset="promoter: none under the limit; the nearest scale"');
    expect(none).toContain('No scale of the ALVH bands keeps the worst drawdown inside every crisis window under 20.0%');
  });

  it('says there is nothing to compare when no crisis window falls in the range (every scale would pass vacuously)', () => {
    const empty = presetsSection({ steward: fig(1, 0, null), promoter: { maxCrisisDrawdown: 0.3, candidates: [fig(0, 0, null), fig(1, 0, null)], chosen: fig(0, 0, null), safest: fig(0, 0, null) } });
    expect(empty).toContain('none falls in this run');
    expect(empty).not.toContain('data-preset');
  });
});
