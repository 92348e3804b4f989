/**
 * Test-only: transpiles source folders to plain ESM JavaScript in a temp directory, so that
 * tests can spawn `node` on real store code without a build (Node 20 has no type stripping).
 * The output links the project's node_modules for bare imports such as better-sqlite3.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Returns the output root; `src/x/y.ts` becomes `<root>/x/y.js`. */
export function transpileFolders(projectRoot: string, folders: readonly string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'alvh-js-'));
  symlinkSync(join(projectRoot, 'node_modules'), join(out, 'node_modules'), 'dir');
  for (const folder of folders) {
    for (const file of walk(join(projectRoot, 'src', folder))) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      const target = join(out, relative(join(projectRoot, 'src'), file)).replace(/\.ts$/, '.js');
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, outputText);
    }
  }
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  return out;
}
