import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeStamp, moduleGraph, relativeImports } from './codeStamp.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-stamp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const here = dirname(fileURLToPath(import.meta.url));
const touch = (file: string, year: number): void => utimesSync(file, new Date(year, 0, 1), new Date(year, 0, 1));

describe('relativeImports', () => {
  it('lists the relative modules a text runs: imports, re-exports, side-effect imports; not type imports nor packages', () => {
    const text = [
      "import fs from 'node:fs';",
      "import { a,\n  b } from './a.js';",
      "import type { T } from './types.js';",
      "import { type U, c } from '../up/c.js';",
      "export * from './d.js';",
      "export { e } from \"./e.js\";",
      "import './side.js';",
      " * import { x } from './in-a-comment.js';",
    ].join('\n');
    expect(relativeImports(text)).toEqual(['./a.js', '../up/c.js', './d.js', './e.js', './side.js']);
  });
});

describe('codeStamp', () => {
  it('changes when a parsing module is rebuilt, and names a module it cannot find', () => {
    writeFileSync(join(dir, 'loader.js'), 'export {};\n');
    writeFileSync(join(dir, 'reader.js'), 'export const x = 1;\n');
    const url = pathToFileURL(join(dir, 'loader.js')).href;
    const before = codeStamp(url, ['./loader', './reader']);
    expect(codeStamp(url, ['./loader', './reader']), 'stable while nothing changes').toBe(before);
    touch(join(dir, 'reader.js'), 2030);
    expect(codeStamp(url, ['./loader', './reader']), 'a rebuilt reader').not.toBe(before);
    expect(codeStamp(url, ['./gone'])).toMatch(/,gone\.js:\?$/);
  });

  it('follows the imports: a module the entry reaches through another changes the stamp; a type-only import does not', () => {
    writeFileSync(join(dir, 'parse.js'), "import { cell } from './cells.js';\nimport type { T } from './types.js';\nexport const p = cell;\n");
    writeFileSync(join(dir, 'cells.js'), "import { day } from './lib/time.js';\nexport const cell = day;\n");
    writeFileSync(join(dir, 'types.js'), 'export {};\n');
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'time.js'), "import { parse } from '../parse.js';\nexport const day = 1;\n");
    const url = pathToFileURL(join(dir, 'parse.js')).href;
    expect(moduleGraph(dir, ['./parse'], '.js').map((f) => relative(dir, f))).toEqual(['parse.js', 'cells.js', 'lib/time.js']);
    const before = codeStamp(url, ['./parse']);
    touch(join(dir, 'lib', 'time.js'), 2031);
    expect(codeStamp(url, ['./parse']), 'a rebuilt module two imports down (the import cycle back to parse.js ends)').not.toBe(before);
    const again = codeStamp(url, ['./parse']);
    touch(join(dir, 'types.js'), 2032);
    expect(codeStamp(url, ['./parse']), 'a type-only import').toBe(again);
  });

  it("the parsed-copy caches stamp every module their parsers run (the ones a hand-kept list missed)", () => {
    const rel = (files: string[]): string[] => files.map((f) => relative(here, f).split('\\').join('/'));
    const chains = rel(moduleGraph(join(here, 'chains'), ['./directory'], '.ts'));
    expect(chains).toEqual(expect.arrayContaining(['chains/directory.ts', 'chains/layouts.ts', 'chains/dayCache.ts', 'csvTable.ts', '../core/time.ts', '../core/decimal.ts', '../market/chainQuotes.ts']));
    const data = rel(moduleGraph(here, ['./dataCache', './csvMarketData'], '.ts'));
    expect(data).toEqual(expect.arrayContaining(['dataCache.ts', 'csvMarketData.ts', 'csvTable.ts', '../market/marketRows.ts', '../market/types.ts', '../core/decimal.ts']));
  });
});
