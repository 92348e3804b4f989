import { describe, expect, it } from 'vitest';
import { heatGrid, heatmapSvg, researchPage } from './heatmap.js';

describe('parameter-stability heat maps', () => {
  const cells = [
    { x: '15', y: '0.18', value: 1 },
    { x: '15', y: '0.18', value: 3 },
    { x: '9', y: '0.18', value: 0 },
    { x: '15', y: '0.15', value: null },
  ];
  it('averages cells over the other parameters and orders numeric axes numerically', () => {
    const g = heatGrid({ title: 't', xLabel: 'x', yLabel: 'y', direction: 1, cells, format: String });
    expect(g.xs).toEqual(['9', '15']);
    expect(g.ys).toEqual(['0.15', '0.18']);
    expect(g.mean).toEqual([[null, null], [0, 2]]);
  });
  it('draws one rect per cell with the value, greener for better, escaped text', () => {
    const svg = heatmapSvg({ title: 'Sharpe <by> x', xLabel: 'x', yLabel: 'y', direction: 1, cells, format: (v) => v.toFixed(1) });
    expect(svg.match(/<rect /g)?.length).toBe(4);
    expect(svg).toContain('Sharpe &lt;by&gt; x');
    expect(svg).toContain('fill="rgb(26,152,80)"'); // the best cell (2.0)
    expect(svg).toContain('fill="rgb(215,48,39)"'); // the worst cell (0.0)
    const lower = heatmapSvg({ title: 't', xLabel: 'x', yLabel: 'y', direction: -1, cells, format: String });
    // The cell (9, 0.18) = 0 is drawn before (15, 0.18) = 2: red then green, green then red when lower is better.
    expect(svg.indexOf('rgb(215,48,39)')).toBeLessThan(svg.indexOf('rgb(26,152,80)'));
    expect(lower.indexOf('rgb(26,152,80)'), 'lower-is-better flips the scale').toBeLessThan(lower.indexOf('rgb(215,48,39)'));
    expect(researchPage('R', [{ heading: 'h', text: 'p', html: svg }])).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\n$/);
  });
});
