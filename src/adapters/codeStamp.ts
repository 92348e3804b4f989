/**
 * What a parsed-copy cache was written by: the version and the size and mtime of the code
 * that parses (each build writes these files anew). A copy written by another build of the
 * parser, say one that read numbers differently, is then not read back, even under the same
 * version number. The modules are found by following the parser's relative imports from
 * its entry modules, so that no hand-kept list can miss one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALVH_VERSION } from '../core/version.js';

/**
 * The relative module specifiers a module's text imports or re-exports at run time (a static
 * `import`/`export … from` at the start of a line; `import type` is erased by the build and
 * skipped; dynamic `import()` is not followed).
 */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm)) found.push(m[1] as string);
  return found;
}

const graphs = new Map<string, string[]>();

/**
 * The files `entries` (paths relative to `dir`, without extension) run, with every module
 * they import relatively, transitively; in the order first met. A file that cannot be read
 * is listed and not followed. Kept per process (the code does not change under a run).
 */
export function moduleGraph(dir: string, entries: readonly string[], ext: string): string[] {
  const memo = `${dir}|${ext}|${entries.join(',')}`;
  const known = graphs.get(memo);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const spec of relativeImports(text)) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '') + ext));
  };
  for (const e of entries) visit(path.resolve(dir, e + ext));
  const files = [...seen];
  graphs.set(memo, files);
  return files;
}

/**
 * The stamp of the modules `entries` (given relative to `moduleUrl` without their extension:
 * the caller's own, .js built, .ts in tests) and of every module they import relatively.
 */
export function codeStamp(moduleUrl: string, entries: readonly string[]): string {
  const here = fileURLToPath(moduleUrl);
  const dir = path.dirname(here);
  const parts = moduleGraph(dir, entries, path.extname(here)).map((file) => {
    const m = path.relative(dir, file).split(path.sep).join('/');
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st === undefined ? `${m}:?` : `${m}:${st.size}:${Math.trunc(st.mtimeMs)}`;
  });
  return [ALVH_VERSION, ...parts].join(',');
}
