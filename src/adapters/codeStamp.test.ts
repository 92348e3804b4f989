import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeStamp } from './codeStamp.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-stamp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codeStamp', () => {
  it('changes when a parsing module is rebuilt, and names a module it cannot find', () => {
    writeFileSync(join(dir, 'loader.js'), 'export {};\n');
    writeFileSync(join(dir, 'reader.js'), 'export const x = 1;\n');
    const url = pathToFileURL(join(dir, 'loader.js')).href;
    const before = codeStamp(url, ['./loader', './reader']);
    expect(codeStamp(url, ['./loader', './reader']), 'stable while nothing changes').toBe(before);
    utimesSync(join(dir, 'reader.js'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(codeStamp(url, ['./loader', './reader']), 'a rebuilt reader').not.toBe(before);
    expect(codeStamp(url, ['./gone'])).toMatch(/\.\/gone:\?$/);
  });
});
