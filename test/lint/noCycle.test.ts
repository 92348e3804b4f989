/**
 * The lint refuses import cycles (import-x/no-cycle in eslint.config.js): a three-module
 * runtime cycle is reported on every module of it; a back edge that is only `import type`
 * (erased by the compiler, no load-order effect) is not.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIX = 'test/lint/fixtures';

async function cycleReports(files: string[]): Promise<Array<[string, number]>> {
  // The fixtures are ignored by the project's lint (they hold a cycle on purpose): lint them here with ignores off.
  const eslint = new ESLint({ cwd: ROOT, ignore: false });
  const results = await eslint.lintFiles(files.map((f) => join(ROOT, FIX, f)));
  const other = results.flatMap((r) => r.messages.filter((m) => m.ruleId !== 'import-x/no-cycle').map((m) => `${r.filePath}: ${m.ruleId ?? ''} ${m.message}`));
  expect(other, 'the fixtures are clean apart from the cycle').toEqual([]);
  return results.map((r) => [r.filePath.slice(join(ROOT, FIX).length + 1), r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').length]);
}

describe('lint: import cycles', () => {
  it('reports each module of a runtime cycle a -> b -> c -> a', async () => {
    expect(await cycleReports(['cycle/a.ts', 'cycle/b.ts', 'cycle/c.ts'])).toEqual([
      ['cycle/a.ts', 1],
      ['cycle/b.ts', 1],
      ['cycle/c.ts', 1],
    ]);
  });

  it('lets a type-only back edge through', async () => {
    expect(await cycleReports(['typeonly/a.ts', 'typeonly/b.ts'])).toEqual([
      ['typeonly/a.ts', 0],
      ['typeonly/b.ts', 0],
    ]);
  });
});
