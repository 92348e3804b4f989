/**
 * Every `npx alvh …` command in a code block of README.md runs as written, against a
 * temporary home, and exits 0 (or 2 where its comment says the command is refused).
 *
 * The README is read when the test runs, so an edited README is checked as it is. How a
 * line is run:
 * - `\` continuations are joined; a `# comment` is dropped; `npm ci && npx alvh …` runs the alvh part;
 * - `~/.alvh` (and `$ALVH_HOME`) is a fresh temporary home; files the line writes (the output
 *   flags of PATH_FLAGS in src/cli/io.ts: `--out`, `--report`, backtest's `--json FILE` and
 *   `--csv DIR`, `--ticket`…, and any relative path that does not exist in the checkout) go to a
 *   temporary directory; files of the checkout are read in place;
 * - placeholders: an approver list `ed25519:…,ed25519:…` becomes the public keys of the
 *   `policy keygen` line and two more generated keys; `ID` is the id the last `policy propose` printed;
 * - a line that needs the network (`data update` with any source not given as a local file) is skipped;
 * - `alvh serve` is started on a free port (`--port 0`: other jobs may hold 8787), checked
 *   for its "listening on" line, and stopped;
 * - the same command twice (the quick start repeats a backtest) runs once.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDashboard } from '../src/cli/commands/serve.js';
import { PATH_FLAGS } from '../src/cli/io.js';
import { runCli } from '../src/cli/testing/run.js';

const ROOT = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'alvh-readme-'));
const home = join(work, 'home');
afterAll(() => rmSync(work, { recursive: true, force: true }));

export interface ReadmeCommand {
  /** 1-based line of the README where the command starts. */
  line: number;
  /** The words after `npx alvh`. */
  words: string[];
  comment: string;
}

/** Splits a command line into words: whitespace-separated, "double" and 'single' quotes kept together. */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Every `npx alvh …` command in the fenced code blocks of a Markdown text. */
export function readmeCommands(markdown: string): ReadmeCommand[] {
  const lines = markdown.split('\n');
  const out: ReadmeCommand[] = [];
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (/^\s*```/.test(raw)) {
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    const start = i;
    let text = raw;
    while (/\\\s*$/.test(text) && i + 1 < lines.length) text = text.replace(/\\\s*$/, ' ') + (lines[++i] ?? '');
    const hash = /\s#\s|\s#$/.exec(text);
    const comment = hash === null ? '' : text.slice(hash.index).replace(/^\s*#\s*/, '');
    const code = hash === null ? text : text.slice(0, hash.index);
    for (const part of code.split(/&&|\|\||;|\|/)) {
      const m = /(?:^|\s)npx alvh\s+(.*)$/.exec(part);
      if (m !== null) out.push({ line: start + 1, words: shellWords((m[1] ?? '').trim()), comment });
    }
  }
  return out;
}

/** Is `flag` of the command `words` a file or directory it writes (PATH_FLAGS role out/dir)? */
function writes(words: readonly string[], flag: string): boolean {
  const spec = PATH_FLAGS[`${words[0] ?? ''} ${words[1] ?? ''} ${flag}`] ?? PATH_FLAGS[`${words[0] ?? ''} ${flag}`];
  return spec !== undefined && (spec.role === 'out' || spec.role === 'dir');
}
const FILE_LIKE = /\.(csv|html|json|jsonl|pem|yaml|yml)$/;

/** A relative path of the command: the checkout's file when it exists there, else a file in the work directory. */
function place(path: string, output: boolean): string {
  if (path === '-' || path.startsWith('/')) return path;
  if (!output && existsSync(join(ROOT, path))) return join(ROOT, path);
  return join(work, path.replace(/^\.\//, ''));
}

/** Does the `data update` command fetch any source over the network? */
function needsNetwork(words: readonly string[]): boolean {
  if (words[0] !== 'data' || words[1] !== 'update') return false;
  const local = new Set<string>();
  let only: string[] | null = null;
  for (let i = 2; i < words.length; i++) {
    if (words[i] === '--source') {
      const [name = '', value = ''] = (words[i + 1] ?? '').split(/=(.*)/s);
      if (!/^https?:/i.test(value)) local.add(name);
    }
    if (words[i] === '--only') only = (words[i + 1] ?? '').split(',');
  }
  return only === null || only.some((n) => !local.has(n));
}

interface State {
  keys: string[];
  proposal: string | null;
}

/** The command's words as they run here: paths, home and placeholders resolved. */
function resolveWords(words: readonly string[], state: State): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = (words[i] ?? '').replace(/^~\/\.alvh$/, home).replace(/^\$ALVH_HOME$/, home);
    const prev = out.at(-1) ?? '';
    if (w.startsWith('-')) out.push(w);
    else if (w.includes('…') && w.startsWith('ed25519:')) out.push(state.keys.slice(0, w.split(',').length).join(','));
    else if (w === 'ID' && prev === '--proposal') out.push(state.proposal ?? 'ID');
    else if (prev.startsWith('--') && writes(words, prev)) out.push(place(w, true));
    else if (/^[\w-]+=/.test(w) && FILE_LIKE.test(w)) {
      const eq = w.indexOf('=');
      out.push(`${w.slice(0, eq + 1)}${place(w.slice(eq + 1), false)}`);
    } else if (FILE_LIKE.test(w) || w.startsWith('./')) out.push(place(w, false));
    else out.push(w);
  }
  return out;
}

describe('README', () => {
  it('finds the commands of the README (parser check)', () => {
    const cmds = readmeCommands(['text `npx alvh no`', '```sh', 'npm ci && npx alvh backtest --a 1 \\', '  --b "x y"   # a comment', 'npx alvh x # refused', '```', 'npx alvh outside'].join('\n'));
    expect(cmds).toEqual([
      { line: 3, words: ['backtest', '--a', '1', '--b', 'x y'], comment: 'a comment' },
      { line: 5, words: ['x'], comment: 'refused' },
    ]);
    expect(needsNetwork(['data', 'update', '--home', 'h'])).toBe(true);
    expect(needsNetwork(['data', 'update', '--only', 'breadth', '--source', 'breadth=./b.csv'])).toBe(false);
  });

  it('every `npx alvh …` line in a code block runs as written (exit 0, or 2 where it says "refused")', async () => {
    const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(commands.length, 'the README has commands').toBeGreaterThan(20);
    const state: State = { keys: [], proposal: null };
    // Two more approvers for the README's `policy init` (its keygen line makes the first).
    for (const name of ['readme-bob', 'readme-carol']) {
      const r = await runCli(['policy', 'keygen', '--out', join(work, `${name}.pem`)]);
      state.keys.push(r.out.trim());
    }
    const saved = process.env['ALVH_HOME'];
    process.env['ALVH_HOME'] = home;
    const seen = new Set<string>();
    const failures: string[] = [];
    const skipped: string[] = [];
    try {
      for (const c of commands) {
        const key = c.words.join(' ');
        if (seen.has(key)) continue;
        seen.add(key);
        const where = `README.md:${c.line}: npx alvh ${key}`;
        if (needsNetwork(c.words)) {
          skipped.push(where);
          continue;
        }
        const args = resolveWords(c.words, state);
        if (args[0] === 'serve') {
          const flags = { home: args[args.indexOf('--home') + 1] ?? home, port: '0' };
          const printed: string[] = [];
          const d = await startDashboard(flags, { ...process.env, ALVH_TOKEN: 'readme-test-token' }, (l) => printed.push(l));
          await d.close();
          if (!printed.some((l) => /^listening on http:\/\/127\.0\.0\.1:\d+$/.test(l))) failures.push(`${where}: no "listening on" line (${printed.join(' | ')})`);
          continue;
        }
        const want = /\brefused\b/i.test(c.comment) ? 2 : 0;
        const r = await runCli(args);
        if (r.code !== want) failures.push(`${where}: exit ${r.code}, expected ${want}: ${r.err.trim().split('\n')[0] ?? ''}`);
        if (args[0] === 'policy' && args[1] === 'keygen' && r.code === 0) state.keys.unshift(r.out.trim());
        if (args[0] === 'policy' && args[1] === 'propose' && r.code === 0) state.proposal = r.out.trim();
      }
    } finally {
      if (saved === undefined) delete process.env['ALVH_HOME'];
      else process.env['ALVH_HOME'] = saved;
    }
    expect(failures, 'README lines that do not run as written').toEqual([]);
    expect(skipped.every((s) => / data update /.test(s)), `only network updates are skipped: ${skipped.join('; ')}`).toBe(true);
    expect(existsSync(join(work, 'report.html')), 'the quick start wrote its report (into the work directory)').toBe(true);
    expect(basename(home)).toBe('home');
  }, 600_000);
});
