/** Reads the chart library shipped in node_modules (uPlot) for `renderReport`: the CLI edge does the I/O. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChartAssets } from '../report/html.js';

export function loadChartAssets(): ChartAssets {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('uplot/package.json'));
  return {
    js: readFileSync(join(root, 'dist', 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(root, 'dist', 'uPlot.min.css'), 'utf8'),
    license: readFileSync(join(root, 'LICENSE'), 'utf8'),
  };
}
