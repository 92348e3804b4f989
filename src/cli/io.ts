/**
 * File input and output for commands: atomic writes (temp file + rename) so nothing is left
 * half-written, and the up-front check of every path flag (PATH_FLAGS), run before any
 * command's action so that a bad path exits 2 naming its flag before any work is done.
 */
import { accessSync, constants, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, rmSync, type Stats } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';

/** A user's file named by `flag` (`-` reads stdin); a missing or unreadable file is an InputError naming the flag. */
export function readUserFile(flag: string, file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new InputError(flag, `cannot read "${file}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * What a path flag names:
 * - `in`: a file to read (exists, not a directory, readable; `-` is stdin);
 * - `out`: a file to write (not a directory; its folder exists or can be created, writable; `-` is stdout);
 * - `dir`: a directory to write into (not a file; exists or can be created, writable);
 * - `indir`: a directory to read (exists, is a directory, readable);
 * - `home`: the store directory, like `dir` (from `$ALVH_HOME` or ~/.alvh when the flag is absent).
 * A `NAME=` prefix (`--policy-file tight=FILE`) checks the part after the first `=`; `url`
 * (`--source vix=URL|FILE`) skips http(s) URLs and reads `file://` URLs as paths.
 */
export type PathRole = 'in' | 'indir' | 'out' | 'dir' | 'home';
export interface PathFlag {
  role: PathRole;
  /** The value is NAME=PATH. */
  named?: boolean;
  /** The value may be an http(s) URL (not checked) or a file:// URL. */
  url?: boolean;
}

/**
 * Every path flag of every command, by command path and flag (`#0` is the first argument).
 * A new path flag belongs here: src/cli/pathFlags.test.ts refuses an option named `<file>`,
 * `<dir>` or `FILE` that this table does not list.
 */
export const PATH_FLAGS: Readonly<Record<string, PathFlag>> = {
  'backtest --policy-file': { role: 'in', named: true },
  'backtest --user-series': { role: 'in', named: true },
  'backtest --json': { role: 'out' },
  'backtest --csv': { role: 'dir' },
  'backtest --report': { role: 'out' },
  'signal --policy': { role: 'in' },
  'signal --user-series': { role: 'in', named: true },
  'signal --ticket': { role: 'out' },
  'book fill #0': { role: 'in' },
  'size --policy': { role: 'in' },
  'scenario --book': { role: 'in' },
  'serve --backtest': { role: 'in' },
  'data update --source': { role: 'in', named: true, url: true },
  'policy keygen --out': { role: 'out' },
  'policy propose --file': { role: 'in' },
  'policy export --out': { role: 'out' },
  'policy sign --proposal-file': { role: 'in' },
  'policy sign --key': { role: 'in' },
  'policy sign --out': { role: 'out' },
  'policy attach --signature': { role: 'in' },
  'price --input': { role: 'in' },
  'iv --input': { role: 'in' },
  'vix --chain': { role: 'in' },
  'indicators --csv': { role: 'in' },
  'calibrate --out': { role: 'out' },
  'calibrate --calibration': { role: 'in' },
  'calibrate --chains': { role: 'indir' },
  'backtest --chains': { role: 'indir' },
  'chains export --dir': { role: 'dir' },
  'parity --chain': { role: 'in' },
  'research compare --data': { role: 'indir' },
  'research sweep --grid': { role: 'in' },
  'research sweep --out': { role: 'dir' },
  'research sweep --data': { role: 'indir' },
  'research sweep --report': { role: 'out' },
  'research walkforward --grid': { role: 'in' },
  'research walkforward --report': { role: 'out' },
  'research walkforward --data': { role: 'indir' },
  'research ablation --data': { role: 'indir' },
  'research attribution --data': { role: 'indir' },
  'research promoter --data': { role: 'indir' },
  'research promoter --out': { role: 'out' },
  'research promoter --report': { role: 'out' },
  'research equalcost --data': { role: 'indir' },
  'quote --input': { role: 'in' },
  'replicate --compare': { role: 'in' },
  'signal --chains': { role: 'indir' },
  'scenario --chains': { role: 'indir' },
  'backtest --calibration': { role: 'in' },
  'signal --calibration': { role: 'in' },
  'scenario --calibration': { role: 'in' },
  'quote --calibration': { role: 'in' },
  'replicate --calibration': { role: 'in' },
};

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** The nearest existing ancestor of a path that does not exist, and its stats. */
function nearestExisting(path: string): { path: string; stat: Stats } {
  let p = dirname(path);
  for (;;) {
    const st = statOrNull(p);
    if (st !== null) return { path: p, stat: st };
    const up = dirname(p);
    if (up === p) throw new Error(`no existing ancestor of ${path}`);
    p = up;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A place that does not exist yet: its nearest existing ancestor must be a writable directory. */
function checkCreatable(flag: string, path: string, what: string): void {
  const up = nearestExisting(path);
  if (!up.stat.isDirectory()) throw new InputError(flag, `cannot create ${what} ${path}: ${up.path} is a file, not a directory`);
  if (!writable(up.path)) throw new InputError(flag, `cannot create ${what} ${path}: ${up.path} is not writable`);
}

/** Checks one path for its role; throws an InputError naming `flag` (exit 2). */
export function checkPath(flag: string, raw: string, role: PathRole): void {
  if (raw === '') throw new InputError(flag, 'is an empty path');
  if (raw === '-' && (role === 'in' || role === 'out')) return;
  const path = resolve(raw);
  const st = statOrNull(path);
  switch (role) {
    case 'in':
      if (st === null) throw new InputError(flag, `${raw} does not exist`);
      if (st.isDirectory()) throw new InputError(flag, `${raw} is a directory, not a file`);
      try {
        accessSync(path, constants.R_OK);
      } catch {
        throw new InputError(flag, `${raw} is not readable`);
      }
      return;
    case 'indir':
      if (st === null) throw new InputError(flag, `${raw} does not exist`);
      if (!st.isDirectory()) throw new InputError(flag, `${raw} is a file, not a directory`);
      try {
        accessSync(path, constants.R_OK | constants.X_OK);
      } catch {
        throw new InputError(flag, `${raw} is not readable`);
      }
      return;
    case 'out':
      if (st === null) return checkCreatable(flag, path, 'file');
      if (st.isDirectory()) throw new InputError(flag, `${raw} is a directory; give a file name`);
      if (!writable(dirname(path))) throw new InputError(flag, `cannot write ${raw}: ${dirname(path)} is not writable`);
      return;
    case 'dir':
    case 'home':
      if (st === null) return checkCreatable(flag, path, 'directory');
      if (!st.isDirectory()) throw new InputError(flag, `${raw} is a file, not a directory`);
      if (!writable(path)) throw new InputError(flag, `${raw} is not writable`);
      return;
  }
}

function checkFlagValue(flag: string, value: string, spec: PathFlag): void {
  let path = value;
  if (spec.named === true) {
    const eq = value.indexOf('=');
    if (eq <= 0) return; // the command names the NAME=VALUE mistake itself
    path = value.slice(eq + 1);
  }
  if (spec.url === true) {
    if (/^https?:\/\//i.test(path)) return;
    if (/^file:\/\//i.test(path)) {
      try {
        path = new URL(path).pathname;
      } catch {
        return; // the command names a malformed URL itself
      }
    }
  }
  checkPath(flag, path, spec.role);
}

/** The command path of a command: `policy sign`. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c !== null && c.parent !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Checks every path flag the command was given (PATH_FLAGS), and `--home` (or
 * `$ALVH_HOME`, or the default ~/.alvh) of every command that has it. Run as a preAction
 * hook: before the command does any work.
 */
export function checkPathFlags(cmd: Command, homeOf?: (flag: string | undefined) => string): void {
  const at = commandPath(cmd);
  const opts = cmd.opts<Record<string, unknown>>();
  for (const option of cmd.options) {
    const long = option.long;
    if (long === undefined) continue;
    const value = opts[option.attributeName()];
    if (long === '--home' && homeOf !== undefined) {
      const given = typeof value === 'string' ? value : undefined;
      const flag = given !== undefined || process.env['ALVH_HOME'] === undefined ? '--home' : '$ALVH_HOME';
      checkPath(flag, homeOf(given), 'home');
      continue;
    }
    const spec = PATH_FLAGS[`${at} ${long}`];
    if (spec === undefined || value === undefined || typeof value === 'boolean') continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') checkFlagValue(long, v, spec);
  }
  for (const [i, arg] of cmd.args.entries()) {
    const spec = PATH_FLAGS[`${at} #${i}`];
    if (spec !== undefined) checkFlagValue(cmd.registeredArguments[i]?.name() ?? 'FILE', arg, spec);
  }
}
