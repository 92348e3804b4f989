import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-replicate-'));
const home = join(dir, 'home');

describe('alvh replicate', () => {
  it('--json prints {index, from, to, rules, levels, rolls, compare} with a Cboe DATE,NAME file', async () => {
    const file = join(dir, 'put.csv');
    writeFileSync(file, 'DATE,PUT\n01/02/2004,100\n01/30/2004,101\n02/27/2004,102.5\n03/31/2004,101.9\n');
    const r = await runCli(['replicate', 'put', '--from', '2004-01-02', '--to', '2004-03-31', '--compare', file, '--json', '--home', home]);
    expect(r.code, r.err).toBe(0);
    const o = JSON.parse(r.out) as { index: string; from: string; to: string; levels: [string, number][]; rolls: unknown[]; compare: { months: number } };
    expect(Object.keys(o)).toEqual(['index', 'from', 'to', 'rules', 'levels', 'rolls', 'compare']);
    expect([o.index, o.from, o.to]).toEqual(['put', '2004-01-02', '2004-03-31']);
    expect(o.levels[0]).toEqual(['2004-01-02', 100]);
    expect(o.rolls.length, 'the first day, then the January, February and March expirations').toBe(4);
    expect(o.compare.months, 'returns between the January, February and March month-ends').toBe(2);
  });

  it.each([
    [['replicate', 'vix'], /index: must be one of cndr\|vxth\|put\|bxm/],
    [['replicate', 'put', '--from', '2004-13-01'], /--from/],
    [['replicate', 'put', '--from', '2004-03-01', '--to', '2004-02-01'], /--to: must not be before --from/],
  ])('rejects %j (exit 2)', async (args, message) => {
    const r = await runCli([...args, '--home', home]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('rejects a bad --compare row naming the file and line', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'date,value\n2004-01-02,100\n2004-01-05,abc\n');
    const r = await runCli(['replicate', 'put', '--from', '2004-01-02', '--to', '2004-02-27', '--compare', file, '--home', home]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:3`);
  });
});
