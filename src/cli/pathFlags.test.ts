/**
 * Every path flag of every command, against a directory, a regular file and a place that
 * cannot be written (a path under a regular file: the tests run as root, where permission
 * bits do not stop writes): each exits 2 with one line naming the flag, before any work.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPath, PATH_FLAGS, type PathRole } from './io.js';
import { buildProgram } from './main.js';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'alvh-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, 'a-dir');
const file = join(root, 'a-file.txt');
const underFile = join(file, 'x', 'y.out');
const missing = join(root, 'missing.csv');
const key = join(root, 'k.pem');
const home = join(root, 'home');

beforeAll(async () => {
  mkdirSync(dir);
  writeFileSync(file, 'not what any command wants\n');
  expect((await runCli(['policy', 'keygen', '--out', key])).code).toBe(0);
});

/**
 * The smallest command line that reaches the path checks for each command path: required
 * options with valid values, `--home` in a writable temp directory.
 */
function baseArgs(at: string): string[] {
  const words = at.split(' ');
  const extra: Record<string, string[]> = {
    indicators: ['--csv', 'data/vix_daily.csv', '--column', 'close'],
    parity: ['--chain', 'data/vix_options_2024-06-03.csv'],
    vix: ['--chain', 'src/pricing/fixtures/vix_white_paper_example.csv', '--as-of', '2014-05-05T09:46:00-05:00'],
    'policy keygen': ['--out', join(root, 'new.pem')],
    'policy init': ['--approvers', 'ed25519:x', '--threshold', '1'],
    'policy propose': ['--file', 'examples/policies/alvh.json'],
    'policy export': ['--proposal', 'deadbeef'],
    'policy sign': ['--proposal', 'deadbeef', '--key', key],
    'policy attach': ['--signature', file],
    'policy apply': ['--proposal', 'deadbeef'],
    'book fill': [file],
    'research compare': ['alvh', 'static10'],
    'research sweep': ['--grid', file, '--out', join(root, 'sweep-out')],
    'research walkforward': ['--grid', 'examples/research/alvh-regime.yaml', '--train', '1', '--test', '1'],
    'research promoter': ['--max-crisis-dd', '0.2'],
    'chains export': ['--root', 'SPX', '--from', '2026-07-01', '--to', '2026-07-02', '--dir', join(root, 'chains-out')],
    quote: ['--input', file],
    replicate: ['put', '--from', '2004-01-02', '--to', '2004-01-30'],
  };
  return [...words, ...(extra[at] ?? [])];
}

/** The args with `flag` set to `value` (replacing a value the base args give it). */
function withFlag(at: string, flag: string, value: string): string[] {
  const args = baseArgs(at);
  if (flag.startsWith('#')) {
    const words = at.split(' ').length;
    args[words + Number(flag.slice(1))] = value;
    return args;
  }
  const i = args.indexOf(flag);
  if (i >= 0) args[i + 1] = value;
  else args.push(flag, value);
  return flag === '--home' ? args : [...args, ...(commandOf(at)?.options.some((o) => o.long === '--home') ? ['--home', home] : [])];
}

let program: Command;
beforeAll(async () => {
  program = await buildProgram([]);
});
function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}
function commandOf(at: string): Command | undefined {
  return allCommands(program).find((c) => commandPath(c) === at);
}

const bad: Record<PathRole, Array<[string, string, RegExp]>> = {
  in: [
    ['a directory', dir, /is a directory, not a file$/],
    ['a missing file', missing, /does not exist$/],
    ['a path under a regular file', underFile, /does not exist$/],
  ],
  indir: [
    ['a regular file', file, /is a file, not a directory$/],
    ['a missing directory', missing, /does not exist$/],
    ['a path under a regular file', underFile, /does not exist$/],
  ],
  out: [
    ['a directory', dir, /is a directory; give a file name$/],
    ['a path under a regular file', underFile, /cannot create file .*: .*a-file\.txt is a file, not a directory$/],
  ],
  dir: [
    ['a regular file', file, /is a file, not a directory$/],
    ['a path under a regular file', underFile, /cannot create directory .*: .*a-file\.txt is a file, not a directory$/],
  ],
  home: [],
};
bad.home = bad.dir;

describe('path flags are checked up front: exit 2 naming the flag', () => {
  it('PATH_FLAGS lists every option and argument that names a file or a directory', () => {
    const pathLike = /<[^>]*(file|dir)[^>]*>|FILE/i;
    const unlisted: string[] = [];
    for (const c of allCommands(program)) {
      const at = commandPath(c);
      for (const o of c.options) if (o.long !== undefined && o.long !== '--home' && pathLike.test(o.flags) && PATH_FLAGS[`${at} ${o.long}`] === undefined) unlisted.push(`${at} ${o.flags}`);
      for (const [i, a] of c.registeredArguments.entries()) if (pathLike.test(a.name()) && PATH_FLAGS[`${at} #${i}`] === undefined) unlisted.push(`${at} <${a.name()}>`);
    }
    expect(unlisted, 'add these to PATH_FLAGS in src/cli/io.ts').toEqual([]);
    for (const k of Object.keys(PATH_FLAGS)) {
      const [at, flag] = [k.slice(0, k.lastIndexOf(' ')), k.slice(k.lastIndexOf(' ') + 1)];
      const c = commandOf(at);
      expect(c, `${k}: no such command`).toBeDefined();
      const known = flag.startsWith('#') ? (c?.registeredArguments.length ?? 0) > Number(flag.slice(1)) : c?.options.some((o) => o.long === flag);
      expect(known, `${k}: no such flag`).toBe(true);
    }
  });

  it.each(Object.entries(PATH_FLAGS))('%s', async (k, spec) => {
    const at = k.slice(0, k.lastIndexOf(' '));
    const flag = k.slice(k.lastIndexOf(' ') + 1);
    const name = flag.startsWith('#') ? (commandOf(at)?.registeredArguments[Number(flag.slice(1))]?.name() ?? '') : flag;
    for (const [what, path, message] of bad[spec.role]) {
      const value = spec.named === true ? `${at.startsWith('data') ? 'vix' : 'x'}=${path}` : path;
      const r = await runCli(withFlag(at, flag, value));
      expect(r.code, `${k} = ${what}: ${r.err}`).toBe(2);
      expect(r.err, `${k} = ${what}`).toMatch(new RegExp(`^alvh: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\\n]*\\n$`));
      expect(r.err.trimEnd(), `${k} = ${what}`).toMatch(message);
    }
  });

  it('--home of every store-backed command: a regular file, a path under one, and $ALVH_HOME the same', async () => {
    const withHome = allCommands(program).filter((c) => c.options.some((o) => o.long === '--home'));
    expect(withHome.map(commandPath).sort()).toEqual(expect.arrayContaining(['signal', 'book show', 'data update', 'policy apply', 'scenario', 'serve']));
    for (const c of withHome) {
      const at = commandPath(c);
      for (const [what, path, message] of bad.home) {
        const r = await runCli(withFlag(at, '--home', path));
        expect(r.code, `${at} --home ${what}: ${r.err}`).toBe(2);
        expect(r.err, `${at} --home ${what}`).toMatch(/^alvh: --home: [^\n]*\n$/);
        expect(r.err.trimEnd()).toMatch(message);
      }
    }
    const saved = process.env['ALVH_HOME'];
    process.env['ALVH_HOME'] = file;
    try {
      const r = await runCli(['book', 'show']);
      expect([r.code, r.err]).toEqual([2, `alvh: $ALVH_HOME: ${file} is a file, not a directory\n`]);
    } finally {
      if (saved === undefined) delete process.env['ALVH_HOME'];
      else process.env['ALVH_HOME'] = saved;
    }
  });

  it('a good path passes, `-` is stdin or stdout, and an http(s) source is not a path', async () => {
    const r = await runCli(['price', '--input', file]);
    expect(r.err, 'the file is read (and its bad line reported), not refused as a path').not.toMatch(/--input:/);
    const json = await runCli(['backtest', '--from', '2020-01-02', '--to', '2020-01-31', '--policies', 'none', '--json', '-']);
    expect(json.code, json.err).toBe(0);
    const src = await runCli(['data', 'update', '--home', home, '--only', 'vix', '--source', 'vix=http://127.0.0.1:1/x.csv', '--timeout', '0.5']);
    expect(src.err, 'the URL was tried, not checked as a path').toMatch(/^alvh: source vix: /);
  });
});
