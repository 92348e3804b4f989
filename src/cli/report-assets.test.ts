import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadChartAssets, loadClientScript } from './report-assets.js';

describe('browser scripts', () => {
  it('compile to classic scripts (no import/export, no TypeScript left) that a browser can run', () => {
    for (const [name, marker] of [['dashboard', 'data-ready'], ['report', 'data-charts-ready']] as const) {
      const js = loadClientScript(name);
      expect(() => new Script(js, { filename: `${name}.js` }), `${name}: parses as a classic script`).not.toThrow();
      expect(js, `${name}: no module syntax`).not.toMatch(/^\s*(import|export)\b/m);
      expect(js, `${name}: no type annotations left`).not.toMatch(/\binterface\s+\w+\s*\{|:\s*uPlot\.\w+/);
      expect(js, `${name}: one IIFE`).toMatch(/^"use strict";\s*\(function \(\) \{/);
      expect(js, `${name}: sets the readiness flag the browser tests wait for`).toContain(marker);
      expect(loadClientScript(name), 'read once').toBe(js);
    }
  });

  it('the report assets carry the report chart script', () => {
    expect(loadChartAssets().charts).toBe(loadClientScript('report'));
  });
});
