/**
 * The assets the pages need, read at the CLI edge: the chart library shipped in node_modules
 * (uPlot) and the browser scripts of the dashboard and the report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';
import type { ChartAssets } from '../report/html.js';

export function loadChartAssets(): ChartAssets {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('uplot/package.json'));
  return {
    js: readFileSync(join(root, 'dist', 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(root, 'dist', 'uPlot.min.css'), 'utf8'),
    license: readFileSync(join(root, 'LICENSE'), 'utf8'),
    charts: loadClientScript('report'),
  };
}

/** The browser scripts, by page: TypeScript sources under src/ (paths without the extension). */
const CLIENT_SCRIPTS = { dashboard: 'web/client/dashboard', report: 'report/client/charts' } as const;
export type ClientScript = keyof typeof CLIENT_SCRIPTS;

const compiled = new Map<ClientScript, string>();

/**
 * A browser script as the page serves or inlines it: a classic script (no modules). The
 * build compiles the sources with tsconfig.client.json to dist/client/, read here when this
 * module runs from dist/; run from the sources (the tests), it compiles the source now with
 * the same compiler options, so that what is tested is never a stale build.
 */
export function loadClientScript(name: ClientScript): string {
  const done = compiled.get(name);
  if (done !== undefined) return done;
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, '..', 'client', `${CLIENT_SCRIPTS[name]}.js`);
  const source = join(here, '..', `${CLIENT_SCRIPTS[name]}.ts`);
  let text: string;
  if (existsSync(built)) text = readFileSync(built, 'utf8');
  else if (existsSync(source)) text = compileClientScript(source, join(here, '..', '..', 'tsconfig.client.json'));
  else throw new Error(`the ${name} script is missing: ${built} (run npm run build)`);
  compiled.set(name, text);
  return text;
}

/** Transpiles one client source with the compiler options of tsconfig.client.json (TypeScript is a dev dependency: sources only). */
function compileClientScript(file: string, configFile: string): string {
  const require = createRequire(import.meta.url);
  const ts = require('typescript') as typeof TypeScript;
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  if (read.error !== undefined) throw new Error(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const { options } = ts.convertCompilerOptionsFromJson((read.config as { compilerOptions: unknown }).compilerOptions, dirname(configFile));
  return ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText;
}
